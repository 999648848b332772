import Glibc

/// Lets any number of transactions of this process run at once, and lets the map be resized only
/// when none is live: LMDB's rule for `mdb_env_set_mapsize`. A waiting resize holds back new
/// transactions so that a steady stream of readers cannot starve it.
final class TransactionGate: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var live = 0
    private var exclusiveWaiting = 0
    private var exclusive = false

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        changed.deallocate()
    }

    func enterShared() {
        pthread_mutex_lock(mutex)
        while exclusive || exclusiveWaiting > 0 { pthread_cond_wait(changed, mutex) }
        live += 1
        pthread_mutex_unlock(mutex)
    }

    func leaveShared() {
        pthread_mutex_lock(mutex)
        live -= 1
        if live == 0 { pthread_cond_broadcast(changed) }
        pthread_mutex_unlock(mutex)
    }

    /// Runs `body` while no transaction of this process is live.
    func exclusively<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        exclusiveWaiting += 1
        while exclusive || live > 0 { pthread_cond_wait(changed, mutex) }
        exclusiveWaiting -= 1
        exclusive = true
        pthread_mutex_unlock(mutex)
        defer {
            pthread_mutex_lock(mutex)
            exclusive = false
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(mutex)
        }
        return try body()
    }
}

/// A plain mutex for serializing this process's writers.
final class WriterLock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    init() { pthread_mutex_init(mutex, nil) }
    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}

/// Marks the threads that are inside a transaction of one environment, so a nested transaction
/// is refused with an error instead of deadlocking against a map resize.
final class ThreadMark: @unchecked Sendable {
    private var key = pthread_key_t()
    init() { pthread_key_create(&key, nil) }
    deinit { pthread_key_delete(key) }
    var isSet: Bool { pthread_getspecific(key) != nil }
    func set(_ on: Bool) { pthread_setspecific(key, on ? UnsafeRawPointer(bitPattern: 1) : nil) }
}
