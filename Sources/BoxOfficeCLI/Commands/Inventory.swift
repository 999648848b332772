import ArgumentParser
import BoxOffice
import BoxOfficeStore
import Foundation

/// `boxoffice inventory PATH EVENT`: one event's tiers and capacity.
struct InventoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "Show an event's tiers: quantity, held, sold, blocked, available and revenue, and its capacity (read-only).",
        discussion: """
            EVENT is an event id or a unique prefix of its title (case-insensitive). blocked is \
            reserved for holders of vouchers that block quota; available is what the public can \
            still hold, capped by the event capacity and the tier's quotas, less free stock kept for the waitlist; \
            revenue is what the tier's tickets were sold at, tax and fees apart, less refunded \
            tickets.
            """)

    @OptionGroup var file: FileOptions

    @OptionGroup var event: EventArgument

    @OptionGroup var output: JSONOption

    /// The `--json` document.
    struct Report: Encodable {
        struct EventSummary: Encodable {
            var id: UUID
            var organizationId: UUID
            var title: String
            var status: Event.Status
            var startsAt: Int64
            var venueName: String
            var city: String
        }

        struct Tier: Encodable {
            var ticketTypeId: UUID
            var name: String
            var priceMinor: Int64
            var currency: String
            var quantity: Int64
            var held: Int64
            var sold: Int64
            var blocked: Int64
            /// Seats blocked or kept for the house.
            var withheld: Int64
            var available: Int64
            /// Tickets wanted by waitlist entries for it (or for any tier), and its free stock kept for them.
            var waitlisted: Int64
            var reservedForWaitlist: Int64
            var onSaleNow: Bool
            var hidden: Bool
            /// What its tickets charged, net of refunded tickets (``Engine/revenue(eventId:)``); fees and tax apart.
            var revenueMinor: Int64
            var feesMinor: Int64
            var taxMinor: Int64
        }

        struct Totals: Encodable {
            var quantity: Int64
            var held: Int64
            var sold: Int64
            var blocked: Int64
            var available: Int64
            var revenueMinor: Int64
            var feesMinor: Int64
            var taxMinor: Int64
        }

        var event: EventSummary
        var currency: String
        var tiers: [Tier]
        var totals: Totals
        /// nil when only the tiers' quantities limit sales.
        var capacity: Int64?
        var capacityRemaining: Int64?
        /// Limits shared by some tiers (pretix's quotas), oldest first.
        var quotas: [Availability.Quota]
    }

    func run() throws {
        let engine = try file.openReadOnly()
        let (found, org) = try event.resolve(in: engine)
        let availability = try attempt { try engine.availability(eventId: found.id) }
        let revenue = try attempt { try engine.revenue(eventId: found.id) }
        let report = Self.report(found, currency: org?.details.currency ?? availability.tiers.first?.currency ?? "", availability, revenue)
        if output.json { return Output.current.line(try json(report)) }

        let d = found.details
        let venue = [d.venueName, d.city].filter { !$0.isEmpty }.joined(separator: ", ")
        Output.current.line("\(d.title) (\(found.status.rawValue), \(time(d.startsAt))\(venue.isEmpty ? "" : ", " + venue)) \(lower(found.id))")
        let seated = report.tiers.contains { $0.withheld > 0 }  // a column only when seats are withheld
        var table = TextTable(header: ["tier", "price", "quantity", "held", "sold", "blocked"] + (seated ? ["withheld"] : [])
                              + ["available", "on sale", "revenue", "fees", "tax"])
        for t in report.tiers {
            table.add([t.name, money(t.priceMinor, t.currency), "\(t.quantity)", "\(t.held)", "\(t.sold)", "\(t.blocked)"]
                      + (seated ? ["\(t.withheld)"] : []) + ["\(t.available)",
                       t.onSaleNow ? "yes" : (t.hidden ? "hidden" : "no"), money(t.revenueMinor, t.currency), money(t.feesMinor, t.currency),
                       money(t.taxMinor, t.currency)])
        }
        let s = report.totals
        table.add(["total", "", "\(s.quantity)", "\(s.held)", "\(s.sold)", "\(s.blocked)"]
                  + (seated ? ["\(report.tiers.reduce(0) { $0 + $1.withheld })"] : []) + ["\(s.available)", "", money(s.revenueMinor, report.currency),
                   money(s.feesMinor, report.currency), money(s.taxMinor, report.currency)])
        Output.current.line(table.render())
        if let capacity = report.capacity {
            Output.current.line("capacity \(capacity): \(s.held) held, \(s.sold) sold, \(report.capacityRemaining ?? 0) remaining")
        } else {
            Output.current.line("capacity: none (only the tiers' quantities\(report.quotas.contains { !$0.eventCapacity } ? " and quotas" : "") limit sales)")
        }
        let names = Dictionary(uniqueKeysWithValues: report.tiers.map { ($0.ticketTypeId, $0.name) })
        for quota in report.quotas where !quota.eventCapacity {  // the capacity has its own line
            Output.current.line("quota \(quota.name) \(quota.size): \(quota.held) held, \(quota.sold) sold, \(quota.blocked) blocked, "
                                + "\(quota.available) available\(quota.closed ? " (closed when sold out)" : "") — "
                                + quota.ticketTypeIds.map { names[$0] ?? lower($0) }.joined(separator: ", "))
        }
        if found.waitlisted > 0 {
            let kept = availability.tiers.reduce(0) { $0 + $1.reservedForWaitlist }
            Output.current.line("waitlist: \(found.waitlisted) tickets wanted, \(kept) free kept for it")
        }
    }

    static func report(_ event: Event, currency: String, _ a: Availability, _ revenue: [UUID: Revenue]) -> Report {
        let tiers = a.tiers.map { t in
            Report.Tier(ticketTypeId: t.ticketTypeId, name: t.name, priceMinor: t.priceMinor, currency: t.currency, quantity: t.quantity,
                        held: t.held, sold: t.sold, blocked: t.blocked, withheld: t.withheld, available: t.available, waitlisted: t.waitlisted,
                        reservedForWaitlist: t.reservedForWaitlist, onSaleNow: t.onSaleNow, hidden: t.hidden,
                        revenueMinor: revenue[t.ticketTypeId]?.ticketsMinor ?? 0, feesMinor: revenue[t.ticketTypeId]?.feesMinor ?? 0,
                        taxMinor: revenue[t.ticketTypeId]?.taxMinor ?? 0)
        }
        // What the tiers can sell together: in tier order, each quota's room shared by its tiers.
        var room = Dictionary(uniqueKeysWithValues: a.quotas.map { ($0.quotaId, $0.available) })
        var available: Int64 = 0
        for tier in tiers {
            let quotas = a.quotas.filter { $0.ticketTypeIds.contains(tier.ticketTypeId) }.map(\.quotaId)
            let take = quotas.reduce(tier.available) { min($0, room[$1] ?? 0) }
            for quota in quotas { room[quota]! -= take }
            available &+= take
        }
        let totals = Report.Totals(
            quantity: tiers.reduce(0) { $0 &+ $1.quantity }, held: tiers.reduce(0) { $0 &+ $1.held }, sold: tiers.reduce(0) { $0 &+ $1.sold },
            blocked: tiers.reduce(0) { $0 &+ $1.blocked },
            available: a.capacityRemaining.map { min($0, available) } ?? available, revenueMinor: tiers.reduce(0) { $0 &+ $1.revenueMinor },
            feesMinor: tiers.reduce(0) { $0 &+ $1.feesMinor }, taxMinor: tiers.reduce(0) { $0 &+ $1.taxMinor })
        let d = event.details
        return Report(
            event: .init(id: event.id, organizationId: event.organizationId, title: d.title, status: event.status, startsAt: d.startsAt,
                         venueName: d.venueName, city: d.city),
            currency: currency, tiers: tiers, totals: totals, capacity: a.capacity, capacityRemaining: a.capacityRemaining, quotas: a.quotas)
    }
}
