import CLMDB
import Glibc
import Synchronization

/// A reset read transaction kept for renewal, with the memo of values derived in it.
///
/// One thread at a time holds it: it is taken from the pool by an atomic exchange and lent to one
/// read closure. That is why ``memo`` needs no lock.
final class PooledReader {
    let handle: OpaquePointer
    /// Values derived from snapshots, kept across renewals (``ReadTransaction/readerCache(_:)``).
    var memo: [ObjectIdentifier: AnyObject] = [:]

    init(_ handle: OpaquePointer) { self.handle = handle }
}

/// The idle read transactions of one environment, shared by this process's threads without a
/// lock, and released when nobody uses them.
///
/// Why pool at all: LMDB 0.9.24 zero-allocates every new transaction with room for every named
/// database (about 15 KB with 256 tables), so renewing a reset one makes small reads several
/// times cheaper. Why release: a reset transaction keeps its reader slot, and the slots are
/// shared by every process on the file (`maxReaders`). So a process keeps at most an eighth of
/// the slots idle (``capacity``), and a reaper thread aborts a transaction that stayed idle for
/// one to two ``reapInterval``s. An idle process ends up holding no slot at all.
///
/// Pooling must not starve other processes: a process that reads without pause keeps its pooled
/// transactions busy, so none would ever be reaped, and with enough such processes the reader
/// table stays full. So the reaper also looks at the table on each visit: when few slots are
/// free (``underPressure``), the pool keeps nothing for a second, and every process then gives
/// its slot back between reads.
///
/// Each slot is an atomic word: 0 when empty, else the reader's address with bit 0 set when it
/// was returned since the reaper's last visit.
final class ReaderPool: @unchecked Sendable {
    /// How often the reaper looks at the pool: a transaction idle for a whole interval is aborted.
    static let reapInterval: Int64 = 100_000_000  // nanoseconds
    let capacity: Int
    private let slots: UnsafeMutablePointer<Atomic<UInt>>
    private let reaper: Reaper
    /// Whether the lock file's reader table is nearly full; asked by the reaper on each visit.
    var underPressure: (@Sendable () -> Bool)?
    /// Until when (monotonic ns) the pool keeps nothing, because slots are scarce.
    private let keepNothingUntil = Atomic<Int64>(0)
    /// How long the pool keeps nothing once slots were found scarce.
    static let pressureHold: Int64 = 1_000_000_000

    init(maxReaders: Int) {
        capacity = min(16, maxReaders / 8)
        slots = .allocate(capacity: max(1, capacity))
        for i in 0..<max(1, capacity) { (slots + i).initialize(to: Atomic(0)) }
        reaper = Reaper()
    }

    deinit {
        slots.deinitialize(count: max(1, capacity))
        slots.deallocate()
    }

    /// An idle reader, if there is one. `hint` spreads threads over the slots.
    func take(hint: Int) -> PooledReader? {
        for step in 0..<capacity {
            let i = (hint &+ step) % capacity
            guard slots[i].load(ordering: .relaxed) != 0 else { continue }
            let word = slots[i].exchange(0, ordering: .acquiring)
            if word != 0 { return Unmanaged<PooledReader>.fromOpaque(UnsafeRawPointer(bitPattern: word & ~1)!).takeRetainedValue() }
        }
        return nil
    }

    /// Keeps `reader` (already reset) for a later read; false when the pool is full, and the
    /// caller must abort it.
    func put(_ reader: PooledReader, hint: Int) -> Bool {
        guard capacity > 0, Environment.monotonicNow() >= keepNothingUntil.load(ordering: .relaxed) else { return false }
        let word = UInt(bitPattern: Unmanaged.passRetained(reader).toOpaque()) | 1
        for step in 0..<capacity {
            let i = (hint &+ step) % capacity
            if slots[i].compareExchange(expected: 0, desired: word, ordering: .sequentiallyConsistent).exchanged {
                reaper.wake(self)
                return true
            }
        }
        Unmanaged<PooledReader>.fromOpaque(UnsafeRawPointer(bitPattern: word & ~1)!).release()
        return false
    }

    /// Takes every idle reader out of the pool, for the caller to abort.
    func drain() -> [PooledReader] {
        (0..<capacity).compactMap { i in
            let word = slots[i].exchange(0, ordering: .acquiring)
            return word == 0 ? nil : Unmanaged<PooledReader>.fromOpaque(UnsafeRawPointer(bitPattern: word & ~1)!).takeRetainedValue()
        }
    }

    /// One visit of the reaper: when slots are scarce, gives every idle reader back and keeps
    /// none for a while; else aborts readers idle since the last visit. True when the pool is empty.
    fileprivate func visit() -> Bool {
        if underPressure?() == true {
            keepNothingUntil.store(Environment.monotonicNow() + Self.pressureHold, ordering: .relaxed)
            for reader in drain() { mdb_txn_abort(reader.handle) }
            return true
        }
        return reap()
    }

    private func reap() -> Bool {
        var empty = true
        for i in 0..<capacity {
            let word = slots[i].load(ordering: .sequentiallyConsistent)
            if word == 0 { continue }
            if word & 1 != 0 {
                // Used since the last visit: give it another interval.
                if slots[i].compareExchange(expected: word, desired: word & ~1, ordering: .relaxed).exchanged { empty = false }
                continue
            }
            if slots[i].compareExchange(expected: word, desired: 0, ordering: .acquiring).exchanged {
                mdb_txn_abort(Unmanaged<PooledReader>.fromOpaque(UnsafeRawPointer(bitPattern: word)!).takeRetainedValue().handle)
            }
        }
        return empty
    }

    fileprivate var isEmpty: Bool {
        (0..<capacity).allSatisfy { slots[$0].load(ordering: .sequentiallyConsistent) == 0 }
    }

    /// Stops the reaper (waiting for it) and returns the idle readers, for the caller to abort.
    func close() -> [PooledReader] {
        reaper.stop()
        return drain()
    }
}

/// The pool's background thread: started by the first reader put in the pool, it visits the pool
/// every ``ReaderPool/reapInterval`` while the pool holds readers, and sleeps otherwise.
private final class Reaper: @unchecked Sendable {
    private enum State: Int { case notStarted, ticking, parked, stopped }
    /// Read without the mutex on the hot path (``wake(_:)``); changed only under it.
    private let state = Atomic<Int>(State.notStarted.rawValue)
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// The thread and what it runs on, kept here until ``stop()`` joins it (so they stay
    /// reachable in a forked child, where the thread does not exist).
    private var thread: (id: pthread_t, context: Context)?

    init() {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(changed, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        changed.deallocate()
    }

    private var current: State { State(rawValue: state.load(ordering: .sequentiallyConsistent))! }
    private func set(_ new: State) { state.store(new.rawValue, ordering: .sequentiallyConsistent) }

    /// A reader was put in the pool: make sure the reaper will visit it.
    func wake(_ pool: ReaderPool) {
        guard current != .ticking else { return }
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        switch current {
        case .notStarted:
            set(.ticking)
            let context = Context(reaper: self, pool: pool)
            var thread = pthread_t()
            if pthread_create(&thread, nil, { context in
                Unmanaged<Context>.fromOpaque(context!).takeUnretainedValue().run()
                return nil
            }, Unmanaged.passUnretained(context).toOpaque()) == 0 {
                self.thread = (thread, context)
            } else {
                // No thread (resources exhausted): idle readers then live until the pool closes.
                set(.stopped)
            }
        case .parked:
            set(.ticking)
            pthread_cond_signal(changed)
        case .ticking, .stopped:
            break
        }
    }

    /// What the thread needs; the pool outlives the thread, whose end ``stop()`` waits for.
    private final class Context {
        unowned let reaper: Reaper
        unowned let pool: ReaderPool
        init(reaper: Reaper, pool: ReaderPool) { self.reaper = reaper; self.pool = pool }
        func run() { reaper.loop(pool) }
    }

    private func loop(_ pool: ReaderPool) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while current != .stopped {
            if current == .parked {
                pthread_cond_wait(changed, mutex)
                continue
            }
            var deadline = timespec()
            clock_gettime(CLOCK_MONOTONIC, &deadline)
            let nanoseconds = Int64(deadline.tv_nsec) + ReaderPool.reapInterval
            deadline.tv_sec += Int(nanoseconds / 1_000_000_000)
            deadline.tv_nsec = Int(nanoseconds % 1_000_000_000)
            pthread_cond_timedwait(changed, mutex, &deadline)
            guard current == .ticking else { continue }
            pthread_mutex_unlock(mutex)
            // Inside the fork gate: a fork waits for the visit, which may abort transactions.
            let empty = ForkGate.shared.whileInside { pool.visit() }
            pthread_mutex_lock(mutex)
            // Park only if the pool is still empty after saying so: a put that saw "ticking" before
            // this store then is seen here (both sides use sequentially consistent atomics).
            if empty, current == .ticking {
                set(.parked)
                if !pool.isEmpty { set(.ticking) }
            }
        }
    }

    /// Stops the thread and waits for it to end.
    func stop() {
        pthread_mutex_lock(mutex)
        let thread = self.thread
        self.thread = nil
        set(.stopped)
        pthread_cond_signal(changed)
        pthread_mutex_unlock(mutex)
        if let thread { pthread_join(thread.id, nil) }
    }
}
