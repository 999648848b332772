import Glibc

/// A readers-writer lock that `fork()` leaves usable in the child.
///
/// For the process-wide tables a child needs again after a fork: the open files and the C
/// library's handles. A lock held by another thread at the moment of `fork()` would stay locked
/// forever in the child, where that thread does not exist. So the forking thread takes every such
/// lock before the fork (`pthread_atfork`), the parent releases them after, and the child
/// initialises them afresh.
///
/// Readers share it, so many threads resolving a handle never wait on each other, and one
/// preempted inside never stalls the rest.
package final class ForkSafeLock: @unchecked Sendable {
    private let lock = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)

    /// Locks are made once per process-wide table and never freed (the fork handlers keep them).
    package init() {
        pthread_rwlock_init(lock, nil)
        Self.register(self)
    }

    package func withReadLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }

    package func withWriteLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }

    // MARK: fork handlers

    /// Every fork-safe lock of the process, in the order they are taken before a fork.
    nonisolated(unsafe) private static var all: [ForkSafeLock] = []
    nonisolated(unsafe) private static let registry: UnsafeMutablePointer<pthread_mutex_t> = {
        let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        pthread_atfork(
            {  // prepare: no other thread may be inside a table while the process is copied
                pthread_mutex_lock(ForkSafeLock.registry)
                for lock in ForkSafeLock.all { pthread_rwlock_wrlock(lock.lock) }
            },
            {  // parent
                for lock in ForkSafeLock.all.reversed() { pthread_rwlock_unlock(lock.lock) }
                pthread_mutex_unlock(ForkSafeLock.registry)
            },
            {  // child: the forking thread's locks, re-made rather than unlocked by a thread of another id
                for lock in ForkSafeLock.all { pthread_rwlock_init(lock.lock, nil) }
                pthread_mutex_init(ForkSafeLock.registry, nil)
            })
        return mutex
    }()

    private static func register(_ lock: ForkSafeLock) {
        pthread_mutex_lock(registry)
        all.append(lock)
        pthread_mutex_unlock(registry)
    }
}
