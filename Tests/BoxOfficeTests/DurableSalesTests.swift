import BoxOffice
import Foundation
import Testing

@testable import BoxOfficeStore

/// Durable-sales (docs/PERFORMANCE.md, "Flushes"): only a hold's commit leaves its meta page to
/// the next flush; every other write is synced, and the audit feed returns only what is durable.
@Suite struct DurableSalesTests {
    @Test func onlyCreatingAHoldCommitsLazily() throws {
        let t = try TestEngine(durability: .durableSales)
        let lazy = { t.engine.store.environment.lazyMetaCommits.withLock { $0 } }
        let org = try t.organization()
        let (event, tiers) = try t.event(org, tiers: [.init(name: "A", quantity: 10)])
        #expect(lazy() == 0)
        let hold = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 2)])
        #expect(lazy() == 1)
        let order = try t.engine.confirmHold(hold.id, paymentReference: "pay-1")
        let other = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)])
        #expect(lazy() == 2)
        _ = try t.engine.checkout(other.id)
        _ = try t.engine.refundOrder(order.id, actor: .system)
        _ = try t.engine.releaseHold(other.id)
        #expect(lazy() == 2, "checkout, refund and release are synced commits")
        #expect(try t.engine.auditFeed(after: 0, limit: 100).map(\.action).contains("hold.create"))
        #expect(try t.engine.verify().isClean)

        let durable = try TestEngine(durability: .durable)
        let (e2, t2) = try durable.event(try durable.organization(), tiers: [.init(name: "A")])
        _ = try durable.engine.createHold(eventId: e2.id, items: [.init(ticketTypeId: t2[0].id, quantity: 1)])
        #expect(durable.engine.store.environment.lazyMetaCommits.withLock { $0 } == 0)
    }
}
