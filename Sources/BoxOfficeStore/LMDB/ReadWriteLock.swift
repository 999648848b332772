import Glibc
import Synchronization

/// A readers-writer lock that prefers writers: once a writer waits, new readers wait behind it,
/// so a steady stream of readers cannot starve it (glibc's default lets readers overtake a
/// waiting writer forever). Readers share it, so lookups on many threads never wait on each
/// other, and one preempted inside never stalls the rest. Not recursive: a thread holding it
/// must not take it again.
package final class ReadWriteLock: @unchecked Sendable {
    private let lock = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)

    package init() { Self.initialize(lock) }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    /// (Re)initializes `lock` as a writer-preferring lock; also what a forked child does with a
    /// lock its parent's forking thread held.
    static func initialize(_ lock: UnsafeMutablePointer<pthread_rwlock_t>) {
        var attributes = pthread_rwlockattr_t()
        pthread_rwlockattr_init(&attributes)
        pthread_rwlockattr_setkind_np(&attributes, Int32(PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP))
        pthread_rwlock_init(lock, &attributes)
        pthread_rwlockattr_destroy(&attributes)
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

    fileprivate func lockForWriting() { pthread_rwlock_wrlock(lock) }
    fileprivate func unlock() { pthread_rwlock_unlock(lock) }
    fileprivate func reinitialize() { Self.initialize(lock) }
}

/// Makes `fork()` safe for a process that calls BoxOffice from several threads: every call into
/// the C library, and the reader pool's housekeeping, run inside the gate (a shared hold), and
/// `fork()` waits at the gate (`pthread_atfork`) until no thread is inside. So the child starts
/// with no BoxOffice lock held by a thread it does not have: not ours, and not the Swift
/// runtime's, which a thread inside the library may hold (its metadata caches) and which no
/// fork handler could release. A fork thus waits, at most, for the calls already running.
///
/// The child counts the forks (``generation``), so an environment opened before a fork knows it
/// is inherited even when the child's process id equals the opener's (pid reuse).
package final class ForkGate: Sendable {
    package static let shared = ForkGate()
    private let lock = ReadWriteLock()
    /// Forks this process descends from since it loaded the library.
    private let forks = Atomic<Int>(0)

    private init() {
        pthread_atfork(
            { ForkGate.shared.lock.lockForWriting() },     // prepare: wait until no thread is inside
            { ForkGate.shared.lock.unlock() },             // parent
            {                                              // child: one thread, nothing inside
                ForkGate.shared.lock.reinitialize()
                ForkGate.shared.forks.add(1, ordering: .relaxed)
            })
    }

    /// Runs `body` inside the gate: a fork waits until it returns.
    package func whileInside<T>(_ body: () throws -> T) rethrows -> T { try lock.withReadLock(body) }

    /// Forks this process descends from since the library loaded; compare with the value seen
    /// when something was opened to tell whether it was inherited.
    package var generation: Int { forks.load(ordering: .relaxed) }
}
