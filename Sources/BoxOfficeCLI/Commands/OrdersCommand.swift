import ArgumentParser
import BoxOffice
import BoxOfficeStore
import Foundation

/// `boxoffice orders PATH --event EVENT | --customer CUSTOMER`: one page of orders, newest first.
struct OrdersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orders",
        abstract: "List an event's or a customer's orders, newest first, a page at a time (read-only).",
        discussion: """
            Give --event (an id or a unique prefix of its title) or --customer (an id, or an email \
            that one organization has). Each line shows the order number that `order` takes. When \
            more orders follow, the last line gives the --after value of the next page.
            """)

    @OptionGroup var file: FileOptions

    @Option(help: "An event id, or a unique prefix of its title.")
    var event: String?

    @Option(help: "A customer id, or a customer's email.")
    var customer: String?

    @Option(parsing: .unconditional, help: "Orders per page, 1 to 1000.")
    var limit: Int = 50

    @Option(parsing: .unconditional, help: "Where the page starts: the cursor a previous page printed (it may start with -).")
    var after: String?

    @OptionGroup var output: JSONOption

    /// The `--json` document.
    struct Page: Encodable {
        struct Row: Encodable {
            var order: Order
            var tickets: Int64
            var customerEmail: String?
        }

        var orders: [Row]
        /// The --after of the next page; absent on the last page.
        var next: String?
    }

    func validate() throws {
        guard (event == nil) != (customer == nil) else { throw ValidationError("give either --event or --customer") }
        guard (1...1_000).contains(limit) else { throw ValidationError("--limit must be 1 to 1000, not \(limit)") }
        for (option, value) in [("--event", event), ("--customer", customer)] where value?.allSatisfy(\.isWhitespace) == true {
            throw ValidationError("\(option) must not be empty")
        }
    }

    func run() throws {
        let engine = try file.openReadOnly()
        let cursor = after.flatMap { $0.isEmpty ? nil : $0 }  // `--after ""`: the first page, as no --after
        let page: OrderPage
        if let event {
            let id = try engine.resolveEvent(event).event.id
            page = try attempt { try engine.orders(eventId: id, after: cursor, limit: limit) }
        } else {
            let id = try engine.resolveCustomer(customer ?? "").id
            page = try attempt { try engine.orders(customerId: id, after: cursor, limit: limit) }
        }
        var emails: [UUID: String] = [:]
        let rows = try attempt {
            try page.orders.map { order in
                let email = try order.customerId.map { id in
                    if emails[id] == nil { emails[id] = try engine.customer(id)?.details.email ?? "?" }
                    return emails[id] ?? "?"
                }
                let tickets = try engine.orderItems(orderId: order.id).reduce(Int64(0)) { $0 + $1.quantity }
                return Page.Row(order: order, tickets: tickets, customerEmail: email)
            }
        }
        if output.json { return Output.current.line(try json(Page(orders: rows, next: page.next))) }
        guard !rows.isEmpty else { return Output.current.line(after == nil ? "no orders" : "no more orders") }
        var table = TextTable(header: ["number", "created", "status", "payment", "tickets", "total", "customer"])
        for r in rows {
            table.add([r.order.number, time(r.order.createdAt), r.order.status.rawValue, r.order.paymentStatus.rawValue,
                       "\(r.tickets)", money(r.order.totalMinor, r.order.currency), r.customerEmail ?? ""])
        }
        Output.current.line(table.render())
        if let next = page.next { Output.current.line("more: --after \(next)") }
    }
}

extension Engine {
    /// The customer named by `text`: its id, or an email that exactly one organization has.
    func resolveCustomer(_ text: String) throws -> Customer {
        if let id = UUID(uuidString: text) {
            guard let customer = try attempt({ try customer(id) }) else { throw CommandFailure("no customer '\(text)'") }
            return customer
        }
        let matches = try allOrganizations().compactMap { org in try attempt { try customer(organizationId: org.id, email: text) } }
        guard matches.count == 1 else {
            if matches.isEmpty { throw CommandFailure("no customer '\(text)'") }
            let ids = matches.map { lower($0.id) }.joined(separator: ", ")
            throw CommandFailure("customer '\(text)' is in \(matches.count) organizations: \(ids); give an id")
        }
        return matches[0]
    }
}
