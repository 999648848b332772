import BoxOffice
import Foundation
import Testing

@Suite struct EventTests {
    @Test func eventsAreValidatedAndPublishedWithTiers() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let start = t.clock.now + day
        #expect(throws: BoxOfficeError.invalidArgument("the event must end after it starts")) {
            try t.engine.createEvent(organizationId: org.id, EventDetails(title: "X", startsAt: start, endsAt: start))
        }
        #expect(throws: BoxOfficeError.invalidArgument("capacity must be ≥ 0, not -5")) {
            try t.engine.createEvent(organizationId: org.id, EventDetails(title: "X", startsAt: start, endsAt: start + hour, capacity: -5))
        }
        let (draft, _) = try t.event(org, tiers: [], publish: false)
        #expect(draft.status == .draft)
        #expect(throws: BoxOfficeError.invalidArgument("an event cannot be published without a ticket type")) {
            try t.engine.publishEvent(draft.id)
        }
        let tier = TicketTypeDetails(name: "Seat", priceMinor: 1000, currency: "EUR", quantity: 10)
        var wrongCurrency = tier
        wrongCurrency.currency = "USD"
        #expect(throws: BoxOfficeError.invalidArgument("currency: the tier's 'USD' is not the organization's EUR")) {
            try t.engine.createTicketType(eventId: draft.id, wrongCurrency)
        }
        var negative = tier
        negative.priceMinor = -1
        #expect(throws: BoxOfficeError.invalidArgument("priceMinor must be ≥ 0, not -1")) { try t.engine.createTicketType(eventId: draft.id, negative) }
        var limits = tier
        limits.minPerOrder = 5
        limits.maxPerOrder = 2
        #expect(throws: BoxOfficeError.invalidArgument("per-order limits must satisfy 1 ≤ min (5) ≤ max (2)")) {
            try t.engine.createTicketType(eventId: draft.id, limits)
        }
        var huge = tier
        huge.quantity = .max
        #expect(throws: BoxOfficeError.invalidArgument("quantity must be ≤ 1000000000, not \(Int64.max)")) {
            try t.engine.createTicketType(eventId: draft.id, huge)
        }
        huge = tier
        huge.priceMinor = .max
        #expect(throws: BoxOfficeError.invalidArgument("priceMinor must be ≤ 1000000000000 minor units, not \(Int64.max)")) {
            try t.engine.createTicketType(eventId: draft.id, huge)
        }
        _ = try t.engine.createTicketType(eventId: draft.id, tier)
        #expect(try t.engine.publishEvent(draft.id).status == .published)
        #expect(throws: BoxOfficeError.invalidState(entity: "event", id: draft.id.uuidString.lowercased(), state: "published", action: "publish")) {
            try t.engine.publishEvent(draft.id)
        }
        #expect(try t.engine.events(organizationId: org.id).map(\.id) == [draft.id])
    }

    @Test func aTierCannotShrinkBelowWhatIsSoldAndHeld() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org, tiers: [.init(name: "GA", quantity: 10)])
        _ = try t.order(event, tiers[0], quantity: 4)
        _ = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 3)])
        var details = tiers[0].details
        details.quantity = 6
        #expect(throws: BoxOfficeError.invalidArgument("quantity 6 is below the 4 sold, 3 held and 0 blocked by vouchers")) {
            try t.engine.updateTicketType(tiers[0].id, details)
        }
        details.quantity = 7
        #expect(try t.engine.updateTicketType(tiers[0].id, details).details.quantity == 7)
        var eventDetails = event.details
        eventDetails.capacity = 6
        #expect(throws: BoxOfficeError.invalidArgument("capacity 6 is below the 4 sold, 3 held and 0 blocked by vouchers")) {
            try t.engine.updateEvent(event.id, eventDetails)
        }
    }

    @Test func cancellingAnEventStopsSalesAndReleasesHolds() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org, tiers: [.init(name: "A"), .init(name: "B")])
        let hold = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 2), .init(ticketTypeId: tiers[1].id, quantity: 1)])
        let manager = try t.user(org, .manager)
        let support = try t.user(org, .support)
        #expect(throws: BoxOfficeError.self) { try t.engine.cancelEvent(event.id, actor: .user(support.id)) }
        let cancelled = try t.engine.cancelEvent(event.id, actor: .user(manager.id))
        #expect(cancelled.status == .cancelled && cancelled.held == 0)
        #expect(try t.engine.hold(hold.id)?.status == .released)
        #expect(try t.engine.availability(eventId: event.id).tiers.allSatisfy { $0.held == 0 && !$0.onSaleNow })
        #expect(throws: BoxOfficeError.notOnSale("event is cancelled")) {
            try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)])
        }
        #expect(try t.engine.verify().isClean)
    }
}
