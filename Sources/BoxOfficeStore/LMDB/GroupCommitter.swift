import Glibc
import Synchronization

/// Group commit: writes submitted by many threads are applied in one LMDB write transaction and
/// one commit (one fsync when durable), each in its own child transaction, so each stays all or
/// nothing and each caller gets its own result.
///
/// Leader/follower, as in LevelDB: a caller queues its write; if no batch is running it becomes
/// the leader, takes the queue (up to ``maxBatch``), runs it and commits, then wakes the others.
/// A caller whose write was in that batch returns its result; the rest elect the next leader.
final class GroupCommitter: @unchecked Sendable {
    /// A queued write. The caller stays blocked until `result` is set, so the closure and its
    /// captures are only used while the caller waits (which is why the box may cross threads).
    private final class Request {
        /// Released by the leader before the request is marked done: the caller's closure must
        /// not outlive its `withoutActuallyEscaping` scope.
        var body: ((WriteTransaction) throws -> Void)?
        var failure: (any Error)?
        var done = false
        /// The write only makes what a power cut may undo (``Store/groupWrite(undoable:_:)``).
        let undoable: Bool
        init(undoable: Bool, _ body: @escaping (WriteTransaction) throws -> Void) {
            self.undoable = undoable
            self.body = body
        }
    }

    let maxBatch = 256
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var queue: [Request] = []
    private var leading = false
    /// Batches committed and the writes in them, for ``Store/stats()``.
    let batches = Atomic<Int>(0)
    let writes = Atomic<Int>(0)
    #if DEBUG
    /// Sizes of the batches committed, for tests.
    let batchSizes = Mutex<[Int]>([])
    #endif

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

    /// Applies `body` in a batch with other threads' writes; returns its result or throws its error.
    func submit<T>(_ environment: Environment, undoable: Bool = false, _ body: (WriteTransaction) throws -> T) throws -> T {
        try environment.checkCanWrite()
        var value: T?
        try withoutActuallyEscaping(body) { body in
            let request = Request(undoable: undoable) { txn in value = try body(txn) }
            pthread_mutex_lock(mutex)
            queue.append(request)
            while !request.done {
                if leading {
                    pthread_cond_wait(changed, mutex)
                    continue
                }
                leading = true
                let batch = Array(queue.prefix(maxBatch))
                queue.removeFirst(batch.count)
                pthread_mutex_unlock(mutex)
                run(batch, environment)
                pthread_mutex_lock(mutex)
                for request in batch { request.done = true }
                leading = false
                pthread_cond_broadcast(changed)
            }
            pthread_mutex_unlock(mutex)
            if let failure = request.failure { throw failure }
        }
        return value!
    }

    /// One write transaction for the batch, each write in a child transaction. If the map fills,
    /// the whole batch runs again on a bigger map; if the commit fails, every write fails. A
    /// batch of one write (a lone writer's every write) runs in the transaction itself: its
    /// failure aborts it, which undoes the same as a child transaction would, for less work.
    private func run(_ batch: [Request], _ environment: Environment) {
        do {
            try environment.withWriteTransaction(undoable: batch.allSatisfy(\.undoable)) { txn in
                if batch.count == 1 {
                    try batch[0].body!(txn)
                    batch[0].failure = nil
                    return
                }
                for request in batch {
                    do {
                        try txn.nested(request.body!)
                        request.failure = nil
                    } catch {
                        request.failure = error
                    }
                }
            }
            batches.add(1, ordering: .relaxed)
            writes.add(batch.count, ordering: .relaxed)
            #if DEBUG
            batchSizes.withLock { $0.append(batch.count) }
            #endif
        } catch {
            for request in batch { request.failure = error }
        }
        for request in batch { request.body = nil }
    }
}
