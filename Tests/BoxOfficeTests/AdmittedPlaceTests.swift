import BoxOffice
import Foundation
import Testing

/// A ticket that was admitted keeps its place when it is refunded or its order cancelled: a room
/// for one never holds two (issue 15's fault: a refunded used ticket gave its seat back).
@Suite struct AdmittedPlaceTests {
    @Test(arguments: ["refund", "cancel"])
    func anAdmittedTicketKeepsItsPlace(_ ending: String) throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org, capacity: 1)
        let first = try t.order(event, tiers[0], quantity: 1)
        let code = try t.engine.tickets(orderId: first.id)[0].code
        #expect(try t.engine.checkIn(code: code, gate: "door", actor: .system).accepted)
        if ending == "refund" {
            _ = try t.engine.refundOrder(first.id, actor: .system)
        } else {
            _ = try t.engine.cancelOrder(first.id, actor: .system)
        }
        #expect(try t.engine.availability(eventId: event.id).tiers[0].available == 0)
        #expect(throws: BoxOfficeError.self) { try t.order(event, tiers[0], quantity: 1) }
        #expect(try t.engine.verify().isClean)
    }

    @Test func aTicketNeverAdmittedGivesItsPlaceBack() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization(), capacity: 1)
        let first = try t.order(event, tiers[0], quantity: 1)
        _ = try t.engine.refundOrder(first.id, actor: .system)
        #expect(try t.engine.availability(eventId: event.id).tiers[0].available == 1)
        _ = try t.order(event, tiers[0], quantity: 1)
        #expect(try t.engine.verify().isClean)
    }
}

/// Idempotency keys are per organization: one organization's key neither blocks nor reveals
/// another's (issue 15's fault: B's "cart-1" was refused because A had used it).
@Suite struct IdempotencyScopeTests {
    @Test func twoOrganizationsUseTheSameKey() throws {
        let t = try TestEngine()
        let (eventA, tiersA) = try t.event(try t.organization(slug: "a"))
        let (eventB, tiersB) = try t.event(try t.organization(slug: "b"))
        let a = try t.engine.createHold(eventId: eventA.id, items: [.init(ticketTypeId: tiersA[0].id, quantity: 1)], idempotencyKey: "cart-1")
        let b = try t.engine.createHold(eventId: eventB.id, items: [.init(ticketTypeId: tiersB[0].id, quantity: 1)], idempotencyKey: "cart-1")
        #expect(a.id != b.id && b.eventId == eventB.id)
        // Within one organization the key still answers with the first hold, and refuses another request.
        let again = try t.engine.createHold(eventId: eventA.id, items: [.init(ticketTypeId: tiersA[0].id, quantity: 1)], idempotencyKey: "cart-1")
        #expect(again.id == a.id)
        #expect(throws: BoxOfficeError.self) {
            try t.engine.createHold(eventId: eventA.id, items: [.init(ticketTypeId: tiersA[0].id, quantity: 2)], idempotencyKey: "cart-1")
        }
        let orderA = try t.engine.confirmHold(a.id, idempotencyKey: "pay-1")
        let orderB = try t.engine.confirmHold(b.id, idempotencyKey: "pay-1")
        #expect(orderA.id != orderB.id)
        #expect(try t.engine.verify().isClean)
    }
}
