import BoxOfficeStore
import Synchronization
import FoundationEssentials

/// Settings of the ticketing engine on top of the store's.
public struct EngineOptions: Sendable {
    public var store: StoreOptions
    /// How long an idempotency key keeps answering with its first result.
    public var idempotencyWindowMillis: Int64 = 24 * 3_600_000
    /// The longest a hold may last.
    public var maxHoldMillis: Int64 = 24 * 3_600_000
    /// Apply concurrent operations in shared LMDB transactions, one commit (one fsync) per batch,
    /// each operation still all or nothing (``Store/groupWrite(_:)``). On by default; off, every
    /// operation commits alone.
    public var groupCommit = true

    public init(store: StoreOptions = StoreOptions(), idempotencyWindowMillis: Int64 = 24 * 3_600_000,
                maxHoldMillis: Int64 = 24 * 3_600_000, groupCommit: Bool = true) {
        self.store = store
        self.idempotencyWindowMillis = idempotencyWindowMillis
        self.maxHoldMillis = maxHoldMillis
        self.groupCommit = groupCommit
    }
}

/// The ticketing engine over one data file: organizations, staff, customers, events and their
/// tiers, holds, orders, tickets, check-ins and the audit log.
///
/// Every operation is one transaction, all or nothing, and never oversells: the counters `held`
/// and `sold` of a tier and its event change in the same transaction as the holds and tickets
/// that justify them. Share one engine between threads; several processes may open the same
/// file.
///
///     let engine = try Engine(path: "kiosk.boxoffice")
///     let hold = try engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tier.id, quantity: 2)])
///     let order = try engine.confirmHold(hold.id, paymentReference: "pay_123", idempotencyKey: "checkout-42")
public final class Engine: Sendable {
    /// The storage underneath. Package-internal: writing to the tables directly would bypass the
    /// counters and the audit log. Use ``backup(to:)`` and ``stats()``.
    package let store: Store
    public let options: EngineOptions
    let clock: WallClock
    /// A time set by ``setClock(fixedAt:)``, which `clock` reads before the given one.
    private let fixedTime = FixedTime()
    let ids: UUIDv7Generator
    let tables: Tables
    /// Checked seating plans, built once per plan.
    let seatMaps = SeatMapCache()

    /// Opens (or creates) the data file at `path`, a directory. `clock` is where every operation
    /// reads the time; inject one in tests.
    public convenience init(path: String, options: EngineOptions = EngineOptions(), clock: WallClock = .system) throws {
        try self.init(path: path, options: options, clock: clock, schema: BoxOfficeSchema.current)
    }

    /// Opens with another schema: tests make files of older versions with it.
    package init(path: String, options: EngineOptions, clock: WallClock, schema: Schema) throws {
        let week: Int64 = 7 * 24 * 3_600_000
        guard (60_000...365 * 24 * 3_600_000).contains(options.idempotencyWindowMillis) else {
            throw BoxOfficeError.invalidArgument("idempotencyWindowMillis must be a minute to a year")
        }
        guard (60_000...week).contains(options.maxHoldMillis) else {
            throw BoxOfficeError.invalidArgument("maxHoldMillis must be a minute to a week")
        }
        do {
            store = try Store(path: path, schema: schema, options: options.store)
            tables = try Tables(store)
        } catch {
            throw BoxOfficeError(error)
        }
        self.options = options
        self.clock = WallClock { [fixedTime] in
            let time = fixedTime.millis.load(ordering: .relaxed)
            return time != 0 ? time : clock.now()
        }
        ids = UUIDv7Generator(clock: self.clock)
    }

    /// The engine's current time (UTC milliseconds), from its clock.
    public func now() -> Int64 { clock.now() }

    /// Fixes this engine's time at `time` (UTC milliseconds, > 0) until it is set again, or with
    /// nil goes back to the clock it was opened with. For hosts' tests of expiry, sales windows
    /// and daylight-saving changes without sleeping, where the host cannot inject a ``WallClock``
    /// (the C library and the bindings). Other engines on the same file keep their own clocks.
    public func setClock(fixedAt time: Int64?) throws {
        if let time, !(1...Validate.latestTime).contains(time) {
            throw BoxOfficeError.invalidArgument("the clock's time must be 1 to \(Validate.latestTime) ms since 1970 (up to year 9999), not \(time)")
        }
        fixedTime.millis.store(time ?? 0, ordering: .relaxed)
    }

    /// A compacted hot copy of the data file into the new directory `destination`.
    public func backup(to destination: String) throws {
        do { try store.backup(to: destination) } catch { throw BoxOfficeError(error) }
    }

    /// Flushes commits to disk; needed only with ``Durability/async``.
    public func sync() throws {
        do { try store.sync() } catch { throw BoxOfficeError(error) }
    }

    /// The reader slots of the file across processes, live and stale.
    public func readers() throws -> [ReaderSlot] {
        do { return try store.readers() } catch { throw BoxOfficeError(error) }
    }

    /// Clears reader slots of dead processes; returns how many.
    public func clearStaleReaders() throws -> Int {
        do { return try store.clearStaleReaders() } catch { throw BoxOfficeError(error) }
    }

    /// Sizes of the file and the entries of every table and index.
    public func stats() throws -> StoreStats {
        do { return try store.stats() } catch { throw BoxOfficeError(error) }
    }

    /// Runs a mutation as one all-or-nothing write: in a group commit with other threads'
    /// mutations (the default), or in a transaction of its own. Its closure may run again if the
    /// file grows, and may run on the batch leader's thread.
    /// `undoable`: the write only makes a hold, which ``Durability/durableSales`` commits without
    /// syncing the meta page.
    func mutate<T>(_ actor: Actor, undoable: Bool = false, _ body: (inout Mutation) throws -> T) throws -> T {
        do {
            let apply = { (txn: WriteTransaction) throws -> T in
                var mutation = Mutation(txn: txn, tables: self.tables, now: self.clock.now(), actor: actor, ids: self.ids,
                                        options: self.options, seatMaps: self.seatMaps)
                let result = try body(&mutation)
                try mutation.offerFreedStock()  // in the same transaction as whatever freed it
                return result
            }
            return try options.groupCommit ? store.groupWrite(undoable: undoable, apply) : store.write(undoable: undoable, apply)
        } catch {
            let domain = BoxOfficeError(error)
            if case .permissionDenied(_, let action, let reason) = domain { logDenied(actor, action, reason) }
            throw domain
        }
    }

    /// Runs a read in one snapshot.
    func query<T>(_ body: (ReadTransaction) throws -> T) throws -> T {
        do { return try store.read(body) } catch { throw BoxOfficeError(error) }
    }

    /// A denied attempt is logged in its own transaction, since the operation itself rolled back.
    private func logDenied(_ actor: Actor, _ action: String, _ reason: String) {
        _ = try? store.write { txn in
            var mutation = Mutation(txn: txn, tables: tables, now: clock.now(), actor: actor, ids: ids, options: options, seatMaps: seatMaps)
            try mutation.audit("permission.denied", User.self, actor.userId, "action=\(action) reason=\(reason)")
        }
    }
}

/// The time ``Engine/setClock(fixedAt:)`` set (0: none), shared with the engine's clock.
private final class FixedTime: Sendable {
    let millis = Atomic<Int64>(0)
}
