import BoxOffice
import BoxOfficeStore
import Foundation
import Testing

/// What a careless or hostile caller cannot do.
@Suite struct SafeguardTests {
    @Test func aHoldKeepsThePriceItWasMadeAt() throws {
        let t = try TestEngine()
        let org = try t.organization(bps: 1000)
        let (event, tiers) = try t.event(org, tiers: [.init(name: "GA", price: 5_000)])
        let hold = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 2)])
        #expect(hold.items[0].unitPriceMinor == 5_000 && hold.items[0].feePerTicketMinor == 500 && hold.totalMinor == 11_000)
        var dearer = tiers[0].details
        dearer.priceMinor = 8_000
        _ = try t.engine.updateTicketType(tiers[0].id, dearer)
        let order = try t.engine.confirmHold(hold.id)
        #expect(order.totalMinor == hold.totalMinor)
        #expect(try t.engine.tickets(orderId: order.id).allSatisfy { $0.priceMinor == 5_000 })
    }

    @Test func staffCannotGrantARoleAboveTheirOwn() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let owner = try t.user(org, .owner)
        let admin = try t.user(org, .admin)
        #expect(throws: BoxOfficeError.permissionDenied(actor: "user:\(admin.id.uuidString.lowercased())", action: "create user",
                                                        reason: "role admin may not manage role owner")) {
            try t.engine.createUser(organizationId: org.id, UserDetails(name: "X", email: "x@acme.test", role: .owner), actor: .user(admin.id))
        }
        var promoted = admin.details
        promoted.role = .owner
        #expect(throws: BoxOfficeError.self) { try t.engine.updateUser(admin.id, promoted, actor: .user(admin.id)) }
        var demoted = owner.details
        demoted.status = .inactive
        #expect(throws: BoxOfficeError.self) { try t.engine.updateUser(owner.id, demoted, actor: .user(admin.id)) }
        #expect(try t.engine.user(owner.id)?.details.status == .active)
        // An inactive user's PIN no longer verifies.
        let door = try t.engine.createUser(organizationId: org.id, UserDetails(name: "D", email: "d@acme.test", role: .operator), pin: "1234")
        var gone = door.details
        gone.status = .inactive
        _ = try t.engine.updateUser(door.id, gone, actor: .user(owner.id))
        #expect(try !t.engine.verifyPin(userId: door.id, pin: "1234"))
    }

    @Test func strangersCannotSellOrMoveAnotherOrganizationsTickets() throws {
        let t = try TestEngine()
        let acme = try t.organization()
        let (event, tiers) = try t.event(acme)
        let stranger = try t.user(try t.organization(slug: "rival"), .owner)
        let items = [Hold.Item(ticketTypeId: tiers[0].id, quantity: 1)]
        #expect(throws: BoxOfficeError.self) { try t.engine.createHold(eventId: event.id, items: items, actor: .user(stranger.id)) }
        let hold = try t.engine.createHold(eventId: event.id, items: items)
        #expect(throws: BoxOfficeError.self) { try t.engine.confirmHold(hold.id, actor: .user(stranger.id)) }
        #expect(throws: BoxOfficeError.self) { try t.engine.releaseHold(hold.id, actor: .user(stranger.id)) }
        let order = try t.engine.confirmHold(hold.id)
        let code = try t.engine.tickets(orderId: order.id)[0].code
        #expect(throws: BoxOfficeError.self) { try t.engine.transferTicket(code: code, toName: "M", toEmail: "m@x.org", actor: .user(stranger.id)) }
        #expect(throws: BoxOfficeError.self) { try t.engine.checkIn(code: code, gate: "g", actor: .user(stranger.id)) }
        #expect(throws: BoxOfficeError.permissionDenied(actor: "user:00000000-0000-7000-8000-000000000001", action: "check in", reason: "unknown user")) {
            try t.engine.checkIn(code: "NOPE", gate: "g", actor: .user(UUID(uuidString: "00000000-0000-7000-8000-000000000001")!))
        }
        #expect(try t.engine.ticket(code: code)?.status == .valid)
        #expect(try t.engine.verify().isClean)
    }

    @Test func lateAndLongHoldsAreBounded() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization())
        let hold = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)], ttlMillis: 2 * hour)
        t.clock.advance(hour)
        #expect(throws: BoxOfficeError.invalidArgument("a hold lives at most 86400000 ms from its creation")) {
            try t.engine.extendHold(hold.id, ttlMillis: 24 * hour)
        }
        t.clock.advance(8 * day)  // past the event's end: a late payment cannot buy a ticket any more
        #expect(throws: BoxOfficeError.holdExpired(holdId: hold.id)) { try t.engine.confirmHold(hold.id) }
        #expect(try t.engine.verify().isClean)
    }

    @Test func expectedVersionsSurviveTheExpirySweep() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization())
        _ = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)], ttlMillis: minute)
        let read = try #require(try t.engine.ticketType(tiers[0].id))
        t.clock.advance(2 * minute)  // the hold expired, but nothing swept it yet
        var details = read.details
        details.name = "General admission"
        #expect(try t.engine.updateTicketType(read.id, details, expectedVersion: read.version).details.name == "General admission")
        var eventDetails = event.details
        eventDetails.capacity = 0  // possible once the expired hold is swept
        let readEvent = try #require(try t.engine.event(event.id))
        #expect(try t.engine.updateEvent(event.id, eventDetails, expectedVersion: readEvent.version).details.capacity == 0)
    }

    @Test func engineOptionsAreChecked() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("boxoffice-tests/options-\(UUID())").path
        #expect(throws: BoxOfficeError.invalidArgument("idempotencyWindowMillis must be a minute to a year")) {
            try Engine(path: path, options: EngineOptions(idempotencyWindowMillis: .max))
        }
        #expect(throws: BoxOfficeError.invalidArgument("maxHoldMillis must be a minute to a week")) {
            try Engine(path: path, options: EngineOptions(maxHoldMillis: 0))
        }
        #expect(throws: BoxOfficeError.invalidArgument("price, rate and fixed fee must be ≥ 0")) {
            try Fees.perTicket(priceMinor: -1, basisPoints: 0, fixedMinor: 0)
        }
        #expect(throws: BoxOfficeError.self) { try Fees.perTicket(priceMinor: .max, basisPoints: 1, fixedMinor: 0) }
    }
}
