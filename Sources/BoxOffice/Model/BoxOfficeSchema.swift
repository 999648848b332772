import BoxOfficeStore

/// BoxOffice's tables and indexes. Version 1 is the first; add migrations here when fields or
/// indexes change meaning.
public enum BoxOfficeSchema {
    public static let organizations = TableDefinition<Organization>("organizations", indexes: [
        .unique("slug") { Key($0.details.slug) },
    ])
    public static let users = TableDefinition<User>("users", indexes: [
        .unique("org_email") { Key($0.organizationId, $0.details.email.lowercased()) },
    ])
    public static let customers = TableDefinition<Customer>("customers", indexes: [
        .unique("org_email") { Key($0.organizationId, $0.details.email.lowercased()) },
    ])
    public static let events = TableDefinition<Event>("events", indexes: [
        .nonUnique("org_start") { Key($0.organizationId, $0.details.startsAt) },
    ])
    public static let ticketTypes = TableDefinition<TicketType>("ticket_types", indexes: [
        .nonUnique("event") { Key($0.eventId, $0.details.sortOrder) },
    ])
    /// Only active holds are in the expiry indexes: a sweep costs what has expired, not all holds.
    public static let holds = TableDefinition<Hold>("holds", indexes: [
        .nonUnique("expiry") { $0.status == .active ? Key($0.expiresAt) : nil },
        .nonUnique("event_expiry") { $0.status == .active ? Key($0.eventId, $0.expiresAt) : nil },
    ])
    public static let orders = TableDefinition<Order>("orders", indexes: [
        .unique("number") { Key($0.number) },
        .unique("hold") { Key($0.holdId) },
        .nonUnique("event") { Key($0.eventId) },
        .nonUnique("customer") { $0.customerId.map { Key($0) } },
    ])
    public static let orderItems = TableDefinition<OrderItem>("order_items", indexes: [
        .nonUnique("order") { Key($0.orderId) },
    ])
    public static let tickets = TableDefinition<Ticket>("tickets", indexes: [
        .unique("code") { Key($0.code) },
        .nonUnique("order") { Key($0.orderId) },
        .nonUnique("event") { Key($0.eventId) },
    ])
    public static let retiredCodes = TableDefinition<RetiredCode>("retired_codes")
    public static let checkIns = TableDefinition<CheckIn>("check_ins", indexes: [
        .nonUnique("ticket") { $0.ticketId.map { Key($0) } },
    ])
    public static let audit = TableDefinition<AuditEntry>("audit")
    public static let idempotency = TableDefinition<IdempotencyRecord>("idempotency", indexes: [
        .nonUnique("expiry") { Key($0.expiresAt) },
    ])

    public static let current = Schema(version: 1, tables: [
        organizations, users, customers, events, ticketTypes, holds, orders, orderItems, tickets, retiredCodes,
        checkIns, audit, idempotency,
    ])
}

/// The opened tables of an engine.
struct Tables: Sendable {
    let organizations: Table<Organization>
    let users: Table<User>
    let customers: Table<Customer>
    let events: Table<Event>
    let ticketTypes: Table<TicketType>
    let holds: Table<Hold>
    let orders: Table<Order>
    let orderItems: Table<OrderItem>
    let tickets: Table<Ticket>
    let retiredCodes: Table<RetiredCode>
    let checkIns: Table<CheckIn>
    let audit: Table<AuditEntry>
    let idempotency: Table<IdempotencyRecord>

    init(_ store: Store) throws {
        typealias S = BoxOfficeSchema
        organizations = try store.table(S.organizations)
        users = try store.table(S.users)
        customers = try store.table(S.customers)
        events = try store.table(S.events)
        ticketTypes = try store.table(S.ticketTypes)
        holds = try store.table(S.holds)
        orders = try store.table(S.orders)
        orderItems = try store.table(S.orderItems)
        tickets = try store.table(S.tickets)
        retiredCodes = try store.table(S.retiredCodes)
        checkIns = try store.table(S.checkIns)
        audit = try store.table(S.audit)
        idempotency = try store.table(S.idempotency)
    }
}
