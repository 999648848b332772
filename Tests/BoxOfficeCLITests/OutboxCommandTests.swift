import BoxOffice
import BoxOfficeStore
import Foundation
import Testing

/// `boxoffice outbox`: the summary, one status's page, and an operator's dead-letter, retry and purge.
@Suite struct OutboxCommandTests {
    func fileWithMessages() throws -> ScratchPath {
        let file = ScratchPath("outbox")
        let engine = try Engine(path: file.path, options: EngineOptions(store: StoreOptions(durability: .async)))
        let org = try engine.createOrganization(OrganizationDetails(name: "Acme", slug: "acme", email: "a@acme.test", currency: "EUR"))
        let start = engine.now() + 86_400_000
        let event = try engine.createEvent(organizationId: org.id, EventDetails(title: "Jazz Night", startsAt: start, endsAt: start + 3_600_000))
        let tier = try engine.createTicketType(eventId: event.id, TicketTypeDetails(name: "GA", priceMinor: 1_000, currency: "EUR", quantity: 9))
        _ = try engine.publishEvent(event.id)
        let customer = try engine.createCustomer(organizationId: org.id, CustomerDetails(email: "ada@example.org"))
        for _ in 0..<2 {
            let hold = try engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tier.id, quantity: 1)], customerId: customer.id)
            _ = try engine.confirmHold(hold.id)
        }
        let claimed = try engine.claimOutbox(limit: 1)
        _ = try engine.failOutbox(claimed[0].id, reason: "smtp 550", maxAttempts: 1)
        return file
    }

    @Test func summaryStatusPagesAndAnOperatorsActions() throws {
        let file = try fileWithMessages()
        let summary = cli("outbox", file.path)
        #expect(summary.status == 0, "\(summary.err)")
        let rows = lines(summary.out)
        #expect(rows[0] == "pending 1, claimed 0, delivered 0, dead 1" && rows.count == 3 && rows[2].contains("smtp 550"))
        let dead = try jsonObject(cli("outbox", file.path, "--status", "dead", "--json"))
        let id = try #require((dead["messages"] as? [[String: Any]])?.first?["id"] as? String)
        #expect(cli("outbox", file.path, "--retry", id).out == "\(id.lowercased()) is pending\n")
        #expect(cli("outbox", file.path, "--dead-letter", id, "--reason", "bounced").out == "\(id.lowercased()) is dead\n")
        #expect(cli("outbox", file.path, "--purge").out == "purged 0 delivered messages\n")
        // Bad input: one line, nothing written.
        #expect(cli("outbox", file.path, "--status", "sent").err.contains("--status 'sent' is not one of pending, claimed, delivered, dead"))
        #expect(cli("outbox", file.path, "--retry", "nope").isOneLineFailure)
        #expect(cli("outbox", file.path, "--retry", UUID().uuidString).isOneLineFailure)
        #expect(cli("outbox", file.path, "--dead-letter", id).status == 64)
        #expect(cli("outbox", file.path, "--retry", id, "--purge").status == 64)
        #expect(cli("outbox", file.path, "--purge", "--retention-days", "0").status == 64)
        #expect(cli("outbox", file.path, "--limit", "5").status == 64)  // pages a --status list only
        #expect(cli("outbox", file.path, "--retention-days", "3").status == 64)
        #expect(cli("outbox", file.path, "--status", "pending", "--purge").status == 64)
        #expect(lines(cli("outbox", file.path).out)[0] == "pending 1, claimed 0, delivered 0, dead 1")
    }
}
