import BoxOffice
import Foundation
import Testing

@Suite struct HoldTests {
    @Test func aHoldTakesEveryTierOrNone() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org, tiers: [.init(name: "A", quantity: 5), .init(name: "B", quantity: 2)])
        let hold = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 3),
                                                                      .init(ticketTypeId: tiers[1].id, quantity: 2)])
        #expect(hold.status == .active && hold.expiresAt == t.clock.now + 10 * minute)
        #expect(throws: BoxOfficeError.soldOut(ticketTypeId: tiers[1].id, name: "B", remaining: 0)) {
            try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1), .init(ticketTypeId: tiers[1].id, quantity: 1)])
        }
        let availability = try t.engine.availability(eventId: event.id)
        #expect(availability.tiers.map(\.held) == [3, 2])
        #expect(availability.tiers.map(\.available) == [2, 0])
        #expect(try t.engine.event(event.id)?.held == 5)
        #expect(try t.engine.verify().isClean)
    }

    @Test func everyRuleBeforeHoldingIsChecked() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let now = t.clock.now
        let (event, tiers) = try t.event(org, tiers: [
            .init(name: "Open", quantity: 50, min: 2, max: 4),
            .init(name: "Later", salesStartAt: now + hour),
            .init(name: "Secret", hidden: true),
            .init(name: "Closed", salesEndAt: now),
        ], capacity: 6)
        func hold(_ i: Int, _ q: Int64) throws -> Hold {
            try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[i].id, quantity: q)], ttlMillis: 3 * hour)
        }
        #expect(throws: BoxOfficeError.limitExceeded(ticketTypeId: tiers[0].id, name: "Open", requested: 1, min: 2, max: 4)) { try hold(0, 1) }
        #expect(throws: BoxOfficeError.limitExceeded(ticketTypeId: tiers[0].id, name: "Open", requested: 5, min: 2, max: 4)) { try hold(0, 5) }
        #expect(throws: BoxOfficeError.notOnSale("'Later' goes on sale at \(Date(timeIntervalSince1970: Double(now + hour) / 1000).formatted(.iso8601))")) { try hold(1, 1) }
        #expect(throws: BoxOfficeError.notOnSale("'Secret' is hidden")) { try hold(2, 1) }
        #expect(throws: BoxOfficeError.notOnSale("'Closed' sales closed at \(Date(timeIntervalSince1970: Double(now) / 1000).formatted(.iso8601))")) { try hold(3, 1) }
        _ = try hold(0, 4)
        // The event capacity (6) binds before the tier's 46 remaining.
        #expect(throws: BoxOfficeError.soldOut(ticketTypeId: tiers[0].id, name: "Open", remaining: 2)) { try hold(0, 3) }
        t.clock.advance(hour)
        _ = try hold(1, 2)
        #expect(try t.engine.availability(eventId: event.id).capacityRemaining == 0)

        let (draft, draftTiers) = try t.event(org, publish: false)
        #expect(throws: BoxOfficeError.notOnSale("event is draft")) {
            try t.engine.createHold(eventId: draft.id, items: [.init(ticketTypeId: draftTiers[0].id, quantity: 1)])
        }
        #expect(throws: BoxOfficeError.invalidArgument("ticket type \(draftTiers[0].id.uuidString.lowercased()) is not of this event")) {
            try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: draftTiers[0].id, quantity: 1)])
        }
    }

    @Test(arguments: [0, -3, 20_000, .max] as [Int64])
    func badQuantitiesAreInvalidArguments(quantity: Int64) throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization())
        #expect(throws: BoxOfficeError.invalidArgument("quantity must be 1...10000, not \(quantity)")) {
            try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: quantity)])
        }
        #expect(try t.engine.availability(eventId: event.id).tiers[0].held == 0)
    }

    @Test func badHoldRequests() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization())
        let item = Hold.Item(ticketTypeId: tiers[0].id, quantity: 1)
        #expect(throws: BoxOfficeError.invalidArgument("items: a hold has 1 to 50 items, not 0")) { try t.engine.createHold(eventId: event.id, items: []) }
        #expect(throws: BoxOfficeError.invalidArgument("a ticket type appears twice in the hold; give it one item")) {
            try t.engine.createHold(eventId: event.id, items: [item, item])
        }
        #expect(throws: BoxOfficeError.invalidArgument("ttl must be 1...86400000 ms, not 0")) {
            try t.engine.createHold(eventId: event.id, items: [item], ttlMillis: 0)
        }
        let unknown = UUID()
        #expect(throws: BoxOfficeError.notFound(entity: "event", id: unknown.uuidString.lowercased())) {
            try t.engine.createHold(eventId: unknown, items: [item])
        }
        #expect(throws: BoxOfficeError.notFound(entity: "ticket type", id: unknown.uuidString.lowercased())) {
            try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: unknown, quantity: 1)])
        }
    }

    @Test func idempotentHoldsAnswerWithTheFirstResult() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization())
        let items = [Hold.Item(ticketTypeId: tiers[0].id, quantity: 2)]
        let first = try t.engine.createHold(eventId: event.id, items: items, idempotencyKey: "cart-1")
        let again = try t.engine.createHold(eventId: event.id, items: items, idempotencyKey: "cart-1")
        #expect(again == first)
        #expect(try t.engine.availability(eventId: event.id).tiers[0].held == 2)
        #expect(throws: BoxOfficeError.invalidArgument("idempotency key 'cart-1' was already used for another request (hold.create)")) {
            try t.engine.confirmHold(first.id, idempotencyKey: "cart-1")
        }
        // The same key for another cart is refused: one caller never receives another's hold.
        #expect(throws: BoxOfficeError.invalidArgument("idempotency key 'cart-1' was already used for another request (hold.create)")) {
            try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 3)], idempotencyKey: "cart-1")
        }
        // After the window (24 h by default) the key is free again.
        t.clock.advance(25 * hour)
        #expect(try t.engine.createHold(eventId: event.id, items: items, ttlMillis: hour, idempotencyKey: "cart-1").id != first.id)
    }

    @Test func expiredHoldsReturnTheirTicketsLazilyAndBySweep() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org, tiers: [.init(name: "GA", quantity: 4)])
        let (other, otherTiers) = try t.event(org, tiers: [.init(name: "GA", quantity: 4)])
        let hold = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 4)], ttlMillis: 5 * minute)
        let otherHold = try t.engine.createHold(eventId: other.id, items: [.init(ticketTypeId: otherTiers[0].id, quantity: 3)], ttlMillis: 5 * minute)
        #expect(throws: BoxOfficeError.soldOut(ticketTypeId: tiers[0].id, name: "GA", remaining: 0)) {
            try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)])
        }
        t.clock.advance(5 * minute)
        // Availability already counts the expired hold as free, though nothing was swept yet.
        #expect(try t.engine.availability(eventId: event.id).tiers[0].available == 4)
        #expect(try t.engine.ticketType(tiers[0].id)?.held == 4)
        // Touching the tier sweeps its event's expired holds.
        _ = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)])
        #expect(try t.engine.hold(hold.id)?.status == .expired)
        #expect(try t.engine.ticketType(tiers[0].id)?.held == 1)
        #expect(try t.engine.hold(otherHold.id)?.status == .active)  // another event's hold waits for the sweep
        #expect(try t.engine.expireHolds() == 1)
        #expect(try t.engine.hold(otherHold.id)?.status == .expired)
        #expect(try t.engine.expireHolds() == 0)
        #expect(try t.engine.verify().isClean)
    }

    @Test func extendAndRelease() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization())
        let hold = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 2)], ttlMillis: minute)
        t.clock.advance(30_000)
        #expect(try t.engine.extendHold(hold.id, ttlMillis: 10 * minute).expiresAt == t.clock.now + 10 * minute)
        let released = try t.engine.releaseHold(hold.id)
        #expect(released.status == .released)
        #expect(try t.engine.releaseHold(hold.id) == released)  // releasing again changes nothing
        #expect(throws: BoxOfficeError.holdExpired(holdId: hold.id)) { try t.engine.extendHold(hold.id, ttlMillis: minute) }
        #expect(try t.engine.availability(eventId: event.id).tiers[0].held == 0)
        #expect(try t.engine.verify().isClean)
    }
}
