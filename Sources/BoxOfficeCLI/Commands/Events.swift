import ArgumentParser
import BoxOffice
import BoxOfficeStore
import Foundation

/// `boxoffice events PATH`: every organization's events with a sales summary.
struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "List every organization's events with status, start, venue and sales (read-only).",
        discussion: """
            sold/sellable counts the places taken against the tiers' quantities (capped by the \
            event capacity); held counts active holds; revenue is what the tickets were sold at, tax \
            and fees apart, less refunded tickets; net is what the orders' ledgers say was paid less \
            refunds (by ticket or amount) and chargebacks. Deleted events are not listed.
            """)

    @OptionGroup var file: FileOptions
    @OptionGroup var output: JSONOption

    /// One event in `--json` (an array of these, by organization name then start).
    struct Row: Encodable {
        var id: UUID
        var organizationId: UUID
        var organizationName: String
        var organizationSlug: String
        var title: String
        var status: Event.Status
        var startsAt: Int64
        var endsAt: Int64
        var venueName: String
        var city: String
        var capacity: Int64?
        /// Σ tier quantities, capped by the capacity.
        var sellable: Int64
        var sold: Int64
        var held: Int64
        /// What the event's tickets charged, net of refunded tickets (``Engine/revenue(eventId:)``); fees and tax apart.
        var revenueMinor: Int64
        var feesMinor: Int64
        var taxMinor: Int64
        /// The orders' ledgers: paid, refunded, charged back, provider fees (``Engine/ledgerTotals(eventId:)``).
        var ledger: LedgerTotals
        var currency: String
        var tiers: Int
    }

    func run() throws {
        let engine = try file.openReadOnly()
        var rows: [Row] = []
        for org in try engine.allOrganizations() {
            for event in try attempt({ try engine.events(organizationId: org.id) }) {
                do {
                    rows.append(Self.row(event, org, try engine.availability(eventId: event.id), try engine.revenue(eventId: event.id),
                                         try engine.ledgerTotals(eventId: event.id)))
                } catch BoxOfficeError.notFound {
                    continue  // deleted since the list was read
                } catch {
                    throw CommandFailure(error)
                }
            }
        }
        if output.json { return Output.current.line(try json(rows)) }
        guard !rows.isEmpty else { return Output.current.line("no events") }
        var table = TextTable(header: ["organization", "event", "status", "starts", "venue", "sold", "held", "revenue", "net", "id"])
        for r in rows {
            let venue = [r.venueName, r.city].filter { !$0.isEmpty }.joined(separator: ", ")
            table.add([r.organizationName, r.title, r.status.rawValue, time(r.startsAt), venue, "\(r.sold)/\(r.sellable)", "\(r.held)",
                       money(r.revenueMinor, r.currency), money(r.ledger.netMinor, r.currency), lower(r.id)])
        }
        Output.current.line(table.render())
    }

    static func row(_ event: Event, _ org: Organization, _ availability: Availability, _ revenue: [UUID: Revenue],
                    _ ledger: LedgerTotals) -> Row {
        let tiers = availability.tiers
        let quantity = tiers.reduce(Int64(0)) { $0 &+ $1.quantity }
        return Row(
            id: event.id, organizationId: org.id, organizationName: org.details.name, organizationSlug: org.details.slug,
            title: event.details.title, status: event.status, startsAt: event.details.startsAt, endsAt: event.details.endsAt,
            venueName: event.details.venueName, city: event.details.city, capacity: event.details.capacity,
            sellable: event.details.capacity.map { min($0, quantity) } ?? quantity,
            sold: tiers.reduce(0) { $0 &+ $1.sold }, held: tiers.reduce(0) { $0 &+ $1.held },
            revenueMinor: revenue.values.reduce(0) { $0 &+ $1.ticketsMinor }, feesMinor: revenue.values.reduce(0) { $0 &+ $1.feesMinor },
            taxMinor: revenue.values.reduce(0) { $0 &+ $1.taxMinor }, ledger: ledger, currency: org.details.currency, tiers: tiers.count)
    }
}
