import BoxOffice
import BoxOfficeStore
import Foundation
import Testing

/// `waitlist EVENT`, and the waitlist's line in `inventory`.
@Suite struct WaitlistCommandTests {
    /// A sold-out tier of 2 whose hold of 1 was released: Ada holds an offer, Bob waits for 2.
    func queueFile() throws -> ScratchPath {
        let file = ScratchPath("waitlist")
        let engine = try Engine(path: file.path, options: EngineOptions(store: StoreOptions(durability: .async)))
        let org = try engine.createOrganization(OrganizationDetails(name: "Acme", slug: "acme", email: "a@acme.test", currency: "EUR"))
        let start = engine.now() + 86_400_000
        let event = try engine.createEvent(organizationId: org.id, EventDetails(title: "Jazz Night", startsAt: start, endsAt: start + 3_600_000))
        let tier = try engine.createTicketType(eventId: event.id, TicketTypeDetails(name: "Standing", priceMinor: 2_000, currency: "EUR", quantity: 2))
        _ = try engine.publishEvent(event.id)
        let sold = try engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tier.id, quantity: 1)])
        _ = try engine.confirmHold(sold.id)
        let hold = try engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tier.id, quantity: 1)])
        _ = try engine.joinWaitlist(eventId: event.id, ticketTypeId: tier.id, quantity: 1, email: "ada@example.org")
        _ = try engine.joinWaitlist(eventId: event.id, quantity: 2, email: "bob@example.org")
        _ = try engine.releaseHold(hold.id)
        return file
    }

    @Test func waitlistShowsPositionsAndOffers() throws {
        let file = try queueFile()
        let human = cli("waitlist", file.path, "Jazz")
        #expect(human.status == 0, "\(human.err)")
        let rows = lines(human.out)
        #expect(rows[0].hasPrefix("position") && rows.count == 4)
        #expect(rows[1].contains("ada@example.org") && rows[1].contains("Standing") && rows[1].contains("offered"))
        #expect(rows[2].trimmingCharacters(in: .whitespaces).hasPrefix("1 ") && rows[2].contains("bob@example.org") && rows[2].contains("any") && rows[2].contains("waiting"), "\(human.out)")
        #expect(rows[3] == "waiting: 1 (2 tickets); offers open: 1")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(cli("waitlist", file.path, "Jazz", "--json").out.utf8)) as? [[String: Any]])
        #expect(json.count == 2 && json[0]["offer"] is [String: Any] && json[1]["position"] as? Int == 1)
        #expect(cli("waitlist", file.path, "Nope").isOneLineFailure)
        #expect(cli("inventory", file.path, "Jazz").out.contains("waitlist: 2 tickets wanted, 0 free kept for it"))
    }

    /// Stored text cannot drive the terminal: control and invisible characters are escaped in
    /// human output, and --json reads back the same text.
    @Test func storedControlCharactersAreEscaped() throws {
        let file = ScratchPath("escapes")
        let engine = try Engine(path: file.path, options: EngineOptions(store: StoreOptions(durability: .async)))
        let org = try engine.createOrganization(OrganizationDetails(name: "Acme", slug: "acme", email: "a@acme.test", currency: "EUR"))
        let start = engine.now() + 86_400_000
        let title = "Jazz \u{1B}[31mRED\u{1B}[0m \u{202E}gnitset"
        _ = try engine.createEvent(organizationId: org.id, EventDetails(title: title, startsAt: start, endsAt: start + 3_600_000))
        let human = cli("events", file.path)
        #expect(human.status == 0 && !human.out.contains("\u{1B}") && !human.out.contains("\u{202E}"), "\(human.out)")
        #expect(human.out.contains("Jazz \\u001B[31mRED\\u001B[0m \\u202Egnitset"), "\(human.out)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(cli("events", file.path, "--json").out.utf8)) as? [[String: Any]])
        #expect(json.first?["title"] as? String == title)
    }
}
