import ArgumentParser
import BoxOffice
import BoxOfficeStore
import Foundation

/// `boxoffice ledger PATH (--organization ORG | --order NUMBER)`: money movements in the order
/// they happened.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "List the ledger: an organization's money movements by time, a page at a time, or one order's (read-only).",
        discussion: """
            Give --organization (an id or a slug) or --order (an order number). Each line is a \
            purchase, refund, chargeback, chargeback reversal or provider fee; money out is shown \
            negative, so the amounts sum to what the organization kept. When more entries follow, \
            the last line gives the --after value of the next page.
            """)

    @OptionGroup var file: FileOptions

    @Option(help: "An organization id or slug.")
    var organization: String?

    @Option(help: "An order number, e.g. 7KQ2-M9XA.")
    var order: String?

    @Option(parsing: .unconditional, help: "Entries per page of an organization's ledger, 1 to 1000 (default 100).")
    var limit: Int?

    @Option(parsing: .unconditional, help: "Where the page starts: the cursor a previous page printed (it may start with -).")
    var after: String?

    @OptionGroup var output: JSONOption

    func validate() throws {
        guard (organization == nil) != (order == nil) else { throw ValidationError("give either --organization or --order") }
        if let limit, !(1...1_000).contains(limit) { throw ValidationError("--limit must be 1 to 1000, not \(limit)") }
        if order != nil && (after != nil || limit != nil) {
            throw ValidationError("--after and --limit page an organization's ledger; an order's is one page")
        }
    }

    func run() throws {
        let engine = try file.openReadOnly()
        let page: LedgerPage
        if let number = order {
            guard let found = try attempt({ try engine.order(number: number) }) else { throw CommandFailure("no order '\(number)'") }
            page = LedgerPage(entries: try attempt { try engine.ledger(orderId: found.id) })
        } else {
            let org = try engine.resolveOrganization(organization ?? "")
            page = try attempt { try engine.ledger(organizationId: org.id, after: after.flatMap { $0.isEmpty ? nil : $0 }, limit: limit ?? 100) }
        }
        if output.json { return Output.current.line(try json(page)) }
        guard !page.entries.isEmpty else { return Output.current.line(after == nil ? "no ledger entries" : "no more ledger entries") }
        var numbers: [UUID: String] = [:]
        for id in Set(page.entries.map(\.orderId)) { numbers[id] = try attempt { try engine.order(id)?.number } }
        Output.current.line(Sections.ledger(page.entries, numbers: numbers))
        if let next = page.next { Output.current.line("more: --after \(next)") }
    }
}

/// `boxoffice vouchers PATH EVENT`: an event's vouchers and their use.
struct VouchersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vouchers",
        abstract: "List an event's vouchers: price mode, uses, limit, validity and the stock they block (read-only).",
        discussion: "EVENT is an event id or a unique prefix of its title (case-insensitive).")

    @OptionGroup var file: FileOptions

    @OptionGroup var event: EventArgument

    @OptionGroup var output: JSONOption

    func run() throws {
        let engine = try file.openReadOnly()
        let (found, org) = try event.resolve(in: engine)
        let vouchers = try attempt { try engine.vouchers(eventId: found.id) }
        if output.json { return Output.current.line(try json(vouchers)) }
        guard !vouchers.isEmpty else { return Output.current.line("no vouchers") }
        let tiers = try engine.tierNames(eventId: found.id)
        let currency = org?.details.currency ?? ""
        var table = TextTable(header: ["code", "tiers", "price", "used", "max", "valid from", "valid until", "blocks"])
        for v in vouchers {
            let d = v.details
            let price = switch d.priceMode {
            case .none: "unchanged"
            case .fixed: money(d.value, currency)
            case .amountOff: "−" + money(d.value, currency)
            case .percentOff: "−\(d.value / 100).\(String(format: "%02d", d.value % 100)) %"
            }
            table.add([d.code, d.ticketTypeIds.isEmpty ? "all" : d.ticketTypeIds.map { tiers[$0] ?? lower($0) }.joined(separator: ", "), price,
                       "\(v.usedCount)", "\(d.maxUsages)", d.validFrom.map(time) ?? "", d.validUntil.map(time) ?? "",
                       d.blockQuota ? (v.blocks ? "\(v.reserve)" : "released") : ""])
        }
        Output.current.line(table.render())
    }
}
