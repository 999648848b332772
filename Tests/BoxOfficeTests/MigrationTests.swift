import BoxOffice
import BoxOfficeStore
import Foundation
import Testing

/// Schema version 2 backfills the ledger of files written by version 1; version 3 adds the
/// waitlist, which libraries of version 2 must not write to.
@Suite struct MigrationTests {
    @Test func aVersionOneFileGetsItsLedgerFromItsOrders() throws {
        let t = try TestEngine(label: "migration")
        t.engine = nil
        try FileManager.default.removeItem(atPath: t.path)
        // A version 1 file: orders paid and refunded, with no ledger and no paid amount.
        let v1 = Schema(version: 1, tables: BoxOfficeSchema.current.tables)
        var old: Engine? = try Engine(path: t.path, options: EngineOptions(store: StoreOptions(durability: .async)), clock: t.clock.wallClock,
                                      schema: v1)
        t.engine = old
        let (event, tiers) = try t.event(try t.organization(bps: 100))
        let kept = try t.order(event, tiers[0], quantity: 2)
        let refunded = try t.order(event, tiers[0], quantity: 3)
        let ticket = try #require(try old!.orderDetail(refunded).tickets.first)
        _ = try old!.refundTickets(orderId: refunded.id, ticketIds: [ticket.id], actor: .system)
        try old!.store.write { txn in
            let ledger = try old!.store.table(BoxOfficeSchema.ledger)
            let orders = try old!.store.table(BoxOfficeSchema.orders)
            for entry in try ledger.scan(in: txn).items { _ = try ledger.delete(entry.id, in: txn) }
            for var order in try orders.scan(in: txn).items {
                order.paidMinor = 0
                _ = try orders.update(order, in: txn)
            }
        }
        t.engine = nil
        old = nil

        // Opened read-only, it is not migrated: it reads without a ledger, and verifies clean.
        var reader: Engine? = try Engine(path: t.path, options: EngineOptions(store: StoreOptions(readOnly: true)), clock: t.clock.wallClock)
        #expect(try reader!.stats().schemaVersion == 1)
        #expect(try reader!.ledger(orderId: refunded.id).isEmpty && (try reader!.order(kept.id)?.paidMinor) == 0)
        #expect(try reader!.verify().isClean)
        reader = nil

        t.engine = try Engine(path: t.path, options: EngineOptions(store: StoreOptions(durability: .async)), clock: t.clock.wallClock)
        #expect(try t.engine.stats().schemaVersion == 4)
        #expect(try t.engine.ledger(orderId: kept.id).map(\.kind) == [.purchase])
        #expect(try t.engine.ledger(orderId: refunded.id).map(\.amountMinor) == [refunded.totalMinor, ticket.priceMinor + ticket.feeMinor])
        #expect(try t.engine.order(kept.id)?.paidMinor == kept.totalMinor)
        #expect(try t.engine.verify().isClean)
    }

    /// Version 4 makes each event capacity a quota over the event's tiers, with their counters.
    @Test func aVersionThreeFileGetsItsCapacitiesAsQuotas() throws {
        let t = try TestEngine(label: "migration")
        t.engine = nil
        try FileManager.default.removeItem(atPath: t.path)
        let v3 = Schema(version: 3, tables: BoxOfficeSchema.current.tables)
        var old: Engine? = try Engine(path: t.path, options: EngineOptions(store: StoreOptions(durability: .async)), clock: t.clock.wallClock,
                                      schema: v3)
        t.engine = old
        let org = try t.organization()
        let (event, tiers) = try t.event(org, tiers: [.init(name: "A"), .init(name: "B")], capacity: 30)
        let (open, _) = try t.event(org)
        _ = try t.order(event, tiers[0], quantity: 4)
        _ = try old!.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[1].id, quantity: 3)])
        // As version 3 wrote it: no quotas, tiers in none.
        try old!.store.write { txn in
            let quotas = try old!.store.table(BoxOfficeSchema.quotas)
            let types = try old!.store.table(BoxOfficeSchema.ticketTypes)
            for quota in try quotas.scan(in: txn).items { _ = try quotas.delete(quota.id, in: txn) }
            for var tier in try types.scan(in: txn).items {
                tier.quotaIds = []
                _ = try types.update(tier, in: txn)
            }
        }
        t.engine = nil
        old = nil

        t.engine = try Engine(path: t.path, options: EngineOptions(store: StoreOptions(durability: .async)), clock: t.clock.wallClock)
        #expect(try t.engine.stats().schemaVersion == 4)
        let capacity = try #require(try t.engine.quotas(eventId: event.id).first)
        #expect(capacity.eventCapacity && capacity.details.size == 30 && (capacity.held, capacity.sold) == (3, 4))
        #expect(try t.engine.quotas(eventId: open.id).isEmpty)
        #expect(try t.engine.verify().isClean)
    }

    @Test func aVersionFourFileIsRefusedByVersionThreeLibraries() throws {
        let t = try TestEngine(label: "migration")
        _ = try t.organization()
        #expect(try t.engine.stats().schemaVersion == 4)
        t.engine = nil
        let v3 = Schema(version: 3, tables: BoxOfficeSchema.current.tables, migrations: [])
        let error = #expect(throws: BoxOfficeError.self) {
            try Engine(path: t.path, options: EngineOptions(store: StoreOptions(durability: .async)), clock: t.clock.wallClock, schema: v3)
        }
        #expect(error?.code == .newerFile)
    }
}
