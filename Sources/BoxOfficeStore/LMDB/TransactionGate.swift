import Glibc
import Synchronization

/// Lets any number of transactions of this process run at once, and lets the map be resized only
/// when none is live: LMDB's rule for `mdb_env_set_mapsize`. A waiting resize holds back new
/// transactions so that a steady stream of readers cannot starve it.
///
/// Entering and leaving take no lock while no resize waits: one atomic counter, so a thread that
/// is preempted inside a transaction never stalls the others. The mutex and condition serve only
/// the rare resize and the transactions that wait for it.
final class TransactionGate: @unchecked Sendable {
    /// Live transactions in the low bits, ``exclusiveBit`` while a resize waits or runs.
    private let state = Atomic<Int>(0)
    private static let exclusiveBit = 1 << 62
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

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
        while true {
            let current = state.load(ordering: .relaxed)
            if current & Self.exclusiveBit == 0 {
                if state.compareExchange(expected: current, desired: current + 1, ordering: .acquiring).exchanged { return }
                continue
            }
            // A resize waits or runs: sleep until it is done (the bit changes only under the mutex).
            pthread_mutex_lock(mutex)
            while state.load(ordering: .relaxed) & Self.exclusiveBit != 0 { pthread_cond_wait(changed, mutex) }
            pthread_mutex_unlock(mutex)
        }
    }

    func leaveShared() {
        let after = state.wrappingSubtract(1, ordering: .releasing).newValue
        if after == Self.exclusiveBit {
            // The last transaction of a waiting resize: wake it.
            pthread_mutex_lock(mutex)
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(mutex)
        }
    }

    /// Runs `body` while no transaction of this process is live.
    func exclusively<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        while state.load(ordering: .relaxed) & Self.exclusiveBit != 0 { pthread_cond_wait(changed, mutex) }
        state.bitwiseOr(Self.exclusiveBit, ordering: .acquiringAndReleasing)
        while state.load(ordering: .acquiring) != Self.exclusiveBit { pthread_cond_wait(changed, mutex) }
        pthread_mutex_unlock(mutex)
        defer {
            pthread_mutex_lock(mutex)
            state.bitwiseAnd(~Self.exclusiveBit, ordering: .releasing)
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
