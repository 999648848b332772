import BoxOffice
import BoxOfficeStore
import Foundation
import StoreTestSupport
import Testing

/// `availability` answers repeated calls from a cache; these tests show the answers stay exact.
@Suite struct AvailabilityCacheTests {
    @Test func expiryAndSalesWindowsChangeTheAnswerWithoutACommit() throws {
        let t = try TestEngine()
        let now = t.clock.now
        let (event, tiers) = try t.event(try t.organization(), tiers: [.init(name: "Now"), .init(name: "Later", salesStartAt: now + 5 * minute)])
        _ = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 2)], ttlMillis: minute)
        func read() throws -> Availability { try t.engine.availability(eventId: event.id) }
        #expect(try read().tiers[0].held == 2)
        #expect(try read().tiers[0].held == 2)

        t.clock.advance(minute - 1)
        #expect(try read().tiers[0].held == 2)
        t.clock.advance(1)  // the hold's expiry: nothing was written, yet its stock is back
        #expect(try read().tiers[0].held == 0)
        #expect(try read().tiers[0].available == 100)

        #expect(try read().tiers[1].onSaleNow == false)
        t.clock.advance(4 * minute)  // the tier's sales start
        #expect(try read().tiers[1].onSaleNow == true)
        t.clock.advance(-1)  // a clock stepped back is before the answer's interval
        #expect(try read().tiers[1].onSaleNow == false)
    }

    @Test func aCommitFromAnotherEngineIsSeen() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization())
        let other = try Engine(path: t.path, options: EngineOptions(store: StoreOptions(durability: .async)), clock: t.clock.wallClock)
        #expect(try t.engine.availability(eventId: event.id).tiers[0].held == 0)
        _ = try other.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 3)])
        #expect(try t.engine.availability(eventId: event.id).tiers[0].held == 3)
        _ = try other.availability(eventId: event.id)
        _ = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)])
        #expect(try other.availability(eventId: event.id).tiers[0].held == 4)
    }

    @Test func aCommitFromAnotherProcessIsSeen() throws {
        // The system clock: the helper process sells on it too.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("boxoffice-tests/cache-\(UUID().uuidString).boxoffice").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let engine = try Engine(path: path, options: EngineOptions(store: StoreOptions(durability: .async)))
        let org = try engine.createOrganization(OrganizationDetails(name: "Acme", slug: "acme", email: "a@acme.test", currency: "EUR"))
        let start = engine.now() + 7 * day
        let event = try engine.createEvent(organizationId: org.id, EventDetails(title: "Gig", startsAt: start, endsAt: start + hour))
        let tier = try engine.createTicketType(eventId: event.id, TicketTypeDetails(name: "GA", priceMinor: 1_000, currency: "EUR", quantity: 100))
        _ = try engine.publishEvent(event.id)
        #expect(try engine.availability(eventId: event.id).tiers[0].sold == 0)

        let output = try runProgram(siblingExecutable("BoxOfficeTestHelper"), ["flash-sale", path, event.id.uuidString, tier.id.uuidString, "5"])
        #expect(output.status == 0, "\(output.stderr)")
        let sold = output.stdout.split(separator: " ").first { $0.hasPrefix("sold=") }.flatMap { Int64($0.dropFirst(5)) }
        #expect(sold != nil && sold! > 0)
        #expect(try engine.availability(eventId: event.id).tiers[0].sold == sold)
    }

    /// Random holds, confirms, releases and clock moves from two engines: every answer equals what
    /// an engine opened afresh (with an empty cache) computes at the same moment.
    @Test func everyAnswerEqualsAFreshComputation() throws {
        let t = try TestEngine()
        let now = t.clock.now
        let (event, tiers) = try t.event(try t.organization(), tiers: [
            .init(name: "A", quantity: 30), .init(name: "Later", quantity: 30, salesStartAt: now + 3 * minute),
            .init(name: "Early", quantity: 30, salesEndAt: now + 7 * minute),
        ], capacity: 60)
        let options = EngineOptions(store: StoreOptions(durability: .async))
        let other = try Engine(path: t.path, options: options, clock: t.clock.wallClock)
        var rng = SplitMix64(seed: 20_261_121)
        var holds: [UUID] = []
        for step in 0..<300 {
            let engine = rng.next() % 2 == 0 ? t.engine! : other
            let tier = tiers[Int(rng.next() % 3)]
            do {
                switch rng.next() % 5 {
                case 0:
                    t.clock.advance(Int64(rng.next() % 90_000))
                case 1, 2:
                    holds.append(try engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tier.id, quantity: Int64(1 + rng.next() % 3))],
                                                       ttlMillis: Int64(1 + rng.next() % 4) * minute).id)
                case 3:
                    if let hold = holds.randomElement(using: &rng) { _ = try engine.confirmHold(hold) }
                default:
                    if let hold = holds.randomElement(using: &rng) { _ = try engine.releaseHold(hold) }
                }
            } catch is BoxOfficeError {
                // Sold out, not on sale, an expired or converted hold: the refusals are part of the run.
            }
            let fresh = try Engine(path: t.path, options: options, clock: t.clock.wallClock).availability(eventId: event.id)
            #expect(try t.engine.availability(eventId: event.id) == fresh, "step \(step)")
            #expect(try other.availability(eventId: event.id) == fresh, "step \(step)")
        }
    }
}
