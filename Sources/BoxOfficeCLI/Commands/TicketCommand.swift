import ArgumentParser
import BoxOffice
import BoxOfficeStore
import Foundation

/// `boxoffice ticket PATH CODE`: one ticket and its history.
struct TicketCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ticket",
        abstract: "Show a ticket: its fields, order, check-ins, transfers and audit trail (read-only).",
        discussion: """
            CODE is normalized as at the door (case, dashes, O/0, I/1). A code retired by a transfer \
            finds the ticket under its current code.
            """)

    @OptionGroup var file: FileOptions

    @Argument(help: "The ticket code.")
    var code: String

    @OptionGroup var output: JSONOption

    /// The `--json` document. The transfer history is `ticket.transfers`, oldest first.
    struct Report: Encodable {
        var ticket: Ticket
        var orderNumber: String?
        /// The order's currency, which the ticket's price and fee are in.
        var currency: String?
        var eventTitle: String?
        var tierName: String?
        /// The code asked for when it was retired by a transfer (absent otherwise).
        var retiredCode: String?
        var checkIns: [CheckIn]
        var audit: [AuditEntry]
    }

    func run() throws {
        let engine = try file.openReadOnly()
        let (ticket, retired) = try Self.find(code, in: engine)
        let report = try attempt {
            let order = try engine.order(ticket.orderId)
            return Report(ticket: ticket, orderNumber: order?.number, currency: order?.currency, eventTitle: try engine.event(ticket.eventId)?.details.title,
                   tierName: try engine.ticketType(ticket.ticketTypeId)?.details.name, retiredCode: retired,
                   checkIns: try engine.checkIns(ticketId: ticket.id), audit: try engine.auditEntries(about: [ticket.id]))
        }
        if output.json { return Output.current.line(try json(report)) }
        Output.current.line(Self.render(report, names: try engine.userNames()))
    }

    /// The ticket with this code, or the one a transfer retired this code from.
    static func find(_ code: String, in engine: Engine) throws -> (Ticket, retiredCode: String?) {
        if let ticket = try attempt({ try engine.ticket(code: code) }) { return (ticket, nil) }
        if let normalized = TicketCode.normalize(code) {
            let retired = try engine.jsonTable(named: "retired_codes")
            let found = try attempt {
                try engine.inspect { try retired.record(in: $0, key: Key(normalized)) }
                    .flatMap { try JSONDecoder().decode(RetiredCode.self, from: $0) }
                    .flatMap { try engine.ticket($0.ticketId) }
            }
            if let found { return (found, normalized) }
        }
        throw CommandFailure("no ticket with code '\(code)'")
    }

    static func render(_ r: Report, names: [UUID: String]) -> String {
        let t = r.ticket
        var lines: [String] = []
        if let retired = r.retiredCode { lines.append("code \(retired) was retired by a transfer; this ticket's code is now \(t.code)\n") }
        var fields = TextTable(header: ["ticket", t.code])
        fields.add(["id", lower(t.id)])
        fields.add(["status", t.status.rawValue])
        fields.add(["order", (r.orderNumber ?? "?") + " " + lower(t.orderId)])
        fields.add(["event", (r.eventTitle ?? "(deleted event)") + " " + lower(t.eventId)])
        fields.add(["tier", (r.tierName ?? "?") + " " + lower(t.ticketTypeId)])
        fields.add(["attendee", OrderCommand.attendee(t)])
        fields.add(["price", money(t.priceMinor, r.currency ?? "")])
        fields.add(["fee", money(t.feeMinor, r.currency ?? "")])
        fields.add(["checked in", t.checkedInAt.map { time($0) + " at " + (t.checkedInGate ?? "?") + " by " + (t.checkedInBy.map(lower) ?? "system") } ?? "no"])
        fields.add(["created", time(t.createdAt)])
        fields.add(["updated", time(t.updatedAt)])
        lines.append(fields.render())

        var transfers = TextTable(header: ["time", "by", "previous code", "from", "to"])
        for x in t.transfers {
            transfers.add([time(x.at), x.by, x.previousCode, "\(x.fromName) <\(x.fromEmail)>", "\(x.toName) <\(x.toEmail)>"])
        }
        return lines.joined(separator: "\n")
            + Sections.titled("transfers", transfers.render(), empty: t.transfers.isEmpty)
            + Sections.titled("check-ins", Sections.checkIns(r.checkIns, names: names), empty: r.checkIns.isEmpty)
            + Sections.titled("audit", Sections.audit(r.audit, names: names), empty: r.audit.isEmpty)
    }
}
