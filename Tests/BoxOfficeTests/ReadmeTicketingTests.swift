import BoxOffice
import Foundation
import Testing

/// The README's ticketing quick start, apart from the path, so it keeps compiling and working.
@Suite struct ReadmeTicketingTests {
    @Test func quickStart() throws {
        let t = try TestEngine()
        let engine: Engine = t.engine
        let org = try engine.createOrganization(OrganizationDetails(
            name: "Acme Live", slug: "acme", email: "box@acme.test", currency: "EUR",
            serviceFeeBasisPoints: 250, fixedFeeMinor: 99))
        let start = engine.now() + 7 * 86_400_000
        let event = try engine.createEvent(organizationId: org.id, EventDetails(
            title: "Jazz Night", startsAt: start, endsAt: start + 3 * 3_600_000, capacity: 400))
        let seated = try engine.createTicketType(eventId: event.id, TicketTypeDetails(
            name: "Seated", priceMinor: 4_900, currency: "EUR", quantity: 120, maxPerOrder: 6))
        _ = try engine.publishEvent(event.id)

        let hold = try engine.createHold(eventId: event.id, items: [.init(ticketTypeId: seated.id, quantity: 2)],
                                         ttlMillis: 10 * 60_000, idempotencyKey: "cart-81")
        let order = try engine.confirmHold(hold.id, paymentReference: "pay_123", idempotencyKey: "checkout-81")
        let door = try engine.createUser(organizationId: org.id, UserDetails(name: "Door", email: "door@acme.test", role: .operator))
        let scan = try engine.checkIn(code: try engine.tickets(orderId: order.id)[0].code, gate: "north", actor: .user(door.id))
        #expect(order.totalMinor == 10_244)
        #expect(scan.accepted)
        #expect(try engine.availability(eventId: event.id).tiers[0].available == 118)
    }
}
