import ArgumentParser
import BoxOffice
import BoxOfficeStore
import Foundation

/// `boxoffice order PATH NUMBER`: everything about one order.
struct OrderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order",
        abstract: "Show an order: its fields, items, tickets, their check-ins, its payments, its ledger and its audit trail (read-only).",
        discussion: """
            NUMBER is the order number as printed ("7KQ2-M9XA"); case, dashes and O/0, I/1 \
            confusions are forgiven. The audit trail is every entry about the order, its hold or its \
            tickets (found by scanning the log).
            """)

    @OptionGroup var file: FileOptions

    @Argument(help: "The order number, e.g. 7KQ2-M9XA.")
    var number: String

    @OptionGroup var output: JSONOption

    /// The `--json` document. Records are as `dump` prints them.
    struct Report: Encodable {
        struct Item: Encodable {
            var id: UUID
            var ticketTypeId: UUID
            var tierName: String
            var quantity: Int64
            var unitPriceMinor: Int64
            var feePerTicketMinor: Int64
            var taxPerTicketMinor: Int64
            var discountPerTicketMinor: Int64
            var subtotalMinor: Int64
            var feesMinor: Int64
        }

        var order: Order
        var eventTitle: String
        var hold: Hold?
        var items: [Item]
        var tickets: [Ticket]
        var checkIns: [CheckIn]
        var payments: [Payment]
        var ledger: [LedgerEntry]
        var audit: [AuditEntry]
    }

    func run() throws {
        let engine = try file.openReadOnly()
        guard let order = try attempt({ try engine.order(number: number) }) else { throw CommandFailure("no order '\(number)'") }
        let report = try attempt {
            let tickets = try engine.tickets(orderId: order.id)
            var tierNames: [UUID: String] = [:]
            let items = try engine.orderItems(orderId: order.id).map { item in
                if tierNames[item.ticketTypeId] == nil { tierNames[item.ticketTypeId] = try engine.ticketType(item.ticketTypeId)?.details.name ?? "?" }
                return Report.Item(id: item.id, ticketTypeId: item.ticketTypeId, tierName: tierNames[item.ticketTypeId] ?? "?",
                                   quantity: item.quantity, unitPriceMinor: item.unitPriceMinor, feePerTicketMinor: item.feePerTicketMinor,
                                   taxPerTicketMinor: item.taxPerTicketMinor, discountPerTicketMinor: item.discountPerTicketMinor,
                                   subtotalMinor: item.subtotalMinor, feesMinor: item.feesMinor)
            }
            let checkIns = try tickets.flatMap { try engine.checkIns(ticketId: $0.id) }.sorted { ($0.at, $0.id.uuidString) < ($1.at, $1.id.uuidString) }
            let payments = try engine.payments(orderId: order.id)
            let audit = try engine.auditEntries(about: Set([order.id, order.holdId] + tickets.map(\.id) + payments.map(\.id)))
            return Report(order: order, eventTitle: try engine.event(order.eventId)?.details.title ?? "(deleted event)",
                          hold: try engine.hold(order.holdId), items: items, tickets: tickets, checkIns: checkIns,
                          payments: payments, ledger: try engine.ledger(orderId: order.id), audit: audit)
        }
        if output.json { return Output.current.line(try json(report)) }
        Output.current.line(Self.render(report, names: try engine.userNames()))
    }

    static func render(_ r: Report, names: [UUID: String]) -> String {
        let o = r.order
        let m = { (minor: Int64) in money(minor, o.currency) }
        var fields = TextTable(header: ["order", o.number])
        fields.add(["id", lower(o.id)])
        fields.add(["status", o.status.rawValue])
        fields.add(["payment", o.paymentStatus.rawValue + (o.paymentReference.map { " (\($0))" } ?? "")])
        fields.add(["event", "\(r.eventTitle) \(lower(o.eventId))"])
        fields.add(["customer", o.customerId.map(lower) ?? "-"])
        fields.add(["hold", lower(o.holdId) + (r.hold.map { " (\($0.status.rawValue))" } ?? "")])
        if let due = o.paymentDueAt, o.status == .pending { fields.add(["payment due", time(due)]) }
        fields.add(["subtotal", m(o.subtotalMinor)])
        fields.add(["fees", m(o.feesMinor)])
        fields.add(["total", m(o.totalMinor) + (o.taxMinor > 0 ? " (tax \(m(o.taxMinor)), net \(m(o.netMinor)))" : "")])
        fields.add(["paid", m(o.paidMinor)])
        fields.add(["refunded", m(o.refundedMinor)])
        if o.chargedBackMinor != 0 { fields.add(["charged back", m(o.chargedBackMinor)]) }
        if o.providerFeesMinor != 0 { fields.add(["provider fees", m(o.providerFeesMinor)]) }
        fields.add(["refundable", m(o.refundableMinor)])
        fields.add(["created", time(o.createdAt)])
        fields.add(["updated", time(o.updatedAt)])
        if !o.notes.isEmpty { fields.add(["notes", o.notes]) }

        var items = TextTable(header: ["tier", "quantity", "unit price", "tax per ticket", "discount", "fee per ticket", "subtotal", "fees"])
        for i in r.items {
            items.add([i.tierName, "\(i.quantity)", m(i.unitPriceMinor), m(i.taxPerTicketMinor), m(i.discountPerTicketMinor),
                       m(i.feePerTicketMinor), m(i.subtotalMinor), m(i.feesMinor)])
        }
        var payments = TextTable(header: ["created", "provider", "reference", "status", "amount", "late", "failure"])
        for p in r.payments {
            payments.add([time(p.createdAt), p.provider, p.providerReference, p.status.rawValue, m(p.amountMinor), p.late ? "late" : "",
                          p.failureReason ?? ""])
        }
        let tierNames = Dictionary(r.items.map { ($0.ticketTypeId, $0.tierName) }, uniquingKeysWith: { a, _ in a })
        var tickets = TextTable(header: ["code", "tier", "status", "attendee", "price", "checked in", "gate"])
        for t in r.tickets {
            tickets.add([t.code, tierNames[t.ticketTypeId] ?? "?", t.status.rawValue, attendee(t), m(t.priceMinor),
                         t.checkedInAt.map(time) ?? "", t.checkedInGate ?? ""])
        }
        return fields.render()
            + Sections.titled("items", items.render(), empty: r.items.isEmpty)
            + Sections.titled("tickets", tickets.render(), empty: r.tickets.isEmpty)
            + Sections.titled("check-ins", Sections.checkIns(r.checkIns, names: names), empty: r.checkIns.isEmpty)
            + Sections.titled("payments", payments.render(), empty: r.payments.isEmpty)
            + Sections.titled("ledger", Sections.ledger(r.ledger, numbers: [o.id: o.number]), empty: r.ledger.isEmpty)
            + Sections.titled("audit", Sections.audit(r.audit, names: names), empty: r.audit.isEmpty)
    }

    static func attendee(_ t: Ticket) -> String {
        switch (t.attendeeName.isEmpty, t.attendeeEmail.isEmpty) {
        case (true, true): return "-"
        case (false, true): return t.attendeeName
        case (true, false): return "<\(t.attendeeEmail)>"
        case (false, false): return "\(t.attendeeName) <\(t.attendeeEmail)>"
        }
    }
}
