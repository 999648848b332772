import BoxOffice
import BoxOfficeStore
import Foundation

// Helpers shared by the inspection commands (dump, get, events, inventory, order, ticket, feed).

/// A KEY as typed: a UUID if it parses as one, else an integer if it is numeric, else a string.
func parseKey(_ text: String) -> Key {
    if let uuid = UUID(uuidString: text) { return Key(uuid) }
    if let integer = Int64(text) { return Key(integer) }
    if let unsigned = UInt64(text) { return Key(unsigned) }
    return Key(text)
}

/// Compact JSON of a record as stored, keys sorted; a user's PIN hash is masked (a 4-digit PIN
/// falls to 10,000 guesses against its hash, so it has no place on a terminal or in a ticket).
func inspectionJSON(_ record: Data, table: String) throws -> Data {
    guard table == "users",
          var object = try JSONSerialization.jsonObject(with: record) as? [String: Any],
          object["pinHash"] is String
    else { return record }
    object["pinHash"] = "(redacted)"
    return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
}

/// Decodes records read through the JSON tables into their engine types.
func decodeRecords<T: Decodable>(_ type: T.Type, _ records: [Data]) throws -> [T] {
    let decoder = JSONDecoder()
    return try records.map { try decoder.decode(T.self, from: $0) }
}

/// An audit entry's entity as one word: "order 0197…" or "user" when it has no id.
func entityText(_ entry: AuditEntry) -> String {
    entry.entityId.map { "\(entry.entityType) \($0.lowercasedString)" } ?? entry.entityType
}

func lower(_ id: UUID) -> String { id.lowercasedString }

extension Engine {
    /// The JSON table with this name, or a failure naming the tables there are.
    func jsonTable(named name: String) throws -> any JSONTable {
        let tables = jsonTables
        guard let table = tables.first(where: { $0.name == name }) else {
            throw CommandFailure("no table '\(name)'; tables: \(tables.map(\.name).joined(separator: ", "))")
        }
        return table
    }

    /// Every organization, by name (there is no engine query for all of them).
    /// Every user's name by id, to show people instead of UUIDs.
    func userNames() throws -> [UUID: String] {
        var names: [UUID: String] = [:]
        for organization in try allOrganizations() {
            for user in try attempt({ try users(organizationId: organization.id) }) { names[user.id] = user.details.name }
        }
        return names
    }

    func allOrganizations() throws -> [Organization] {
        let table = try jsonTable(named: "organizations")
        let records = try attempt { try inspect { try table.records(in: $0, index: nil, from: nil, limit: nil) } }
        return try attempt { try decodeRecords(Organization.self, records) }
            .sorted { ($0.details.name, $0.id.uuidString) < ($1.details.name, $1.id.uuidString) }
    }

    /// The organization named by `text`: its id or its slug.
    func resolveOrganization(_ text: String) throws -> Organization {
        let organizations = try allOrganizations()
        if let found = organizations.first(where: { lower($0.id) == text.lowercased() || $0.details.slug == text }) { return found }
        throw CommandFailure("no organization '\(text)'\(Suggestions.hint(for: text, in: organizations.map(\.details.slug)))")
    }

    /// The names of an event's tiers, by id.
    func tierNames(eventId: UUID) throws -> [UUID: String] {
        Dictionary(uniqueKeysWithValues: try attempt { try ticketTypes(eventId: eventId) }.map { ($0.id, $0.details.name) })
    }

    /// The event named by `text`: its id, or a unique prefix of its title (case-insensitive; an
    /// exact title wins over longer titles it prefixes). Deleted events are not found.
    func resolveEvent(_ text: String) throws -> (event: Event, organization: Organization?) {
        guard !text.allSatisfy(\.isWhitespace) else { throw CommandFailure("no event '\(text)': give an event's id or the start of its title") }
        let organizations = try allOrganizations()
        if let id = UUID(uuidString: text) {
            guard let event = try attempt({ try event(id) }) else { throw CommandFailure("no event '\(text)'") }
            return (event, organizations.first { $0.id == event.organizationId })
        }
        let needle = text.lowercased()
        var matches: [(event: Event, organization: Organization?)] = []
        for organization in organizations {
            for event in try attempt({ try events(organizationId: organization.id) })
            where event.details.title.lowercased().hasPrefix(needle) {
                matches.append((event, organization))
            }
        }
        let exact = matches.filter { $0.event.details.title.lowercased() == needle }
        if exact.count == 1 { return exact[0] }
        guard matches.count == 1 else {
            if matches.isEmpty {
                let titles = try organizations.flatMap { o in try attempt { try events(organizationId: o.id) }.map(\.details.title) }
                throw CommandFailure("no event '\(text)'\(Suggestions.hint(for: text, in: titles))")
            }
            let names = matches.prefix(5).map { "\($0.event.details.title) (\($0.organization.map { $0.details.name + ", " } ?? "")\(lower($0.event.id)))" }
            let more = matches.count > 5 ? ", …" : ""
            throw CommandFailure("event '\(text)' is ambiguous: \(names.joined(separator: ", "))\(more); give its id")
        }
        return matches[0]
    }

    /// The audit entries about any of these entities, oldest first. Scans the whole log: there is
    /// no index by entity.
    func auditEntries(about ids: Set<UUID>) throws -> [AuditEntry] {
        var found: [AuditEntry] = []
        var after: UInt64 = 0
        while true {
            let page = try attempt { try auditFeed(after: after, limit: 10_000) }
            found += page.filter { $0.entityId.map(ids.contains) ?? false }
            guard let last = page.last, page.count == 10_000 else { return found }
            after = last.sequence
        }
    }
}

/// Human tables of the records several commands show.
enum Sections {
    static func checkIns(_ checkIns: [CheckIn], names: [UUID: String]) -> String {
        var table = TextTable(header: ["time", "code", "gate", "result", "reason", "operator"])
        for c in checkIns {
            table.add([time(c.at), c.code, c.gate, c.result.rawValue, c.reason?.rawValue ?? "", c.operatorId.map { names[$0] ?? lower($0) } ?? "system"])
        }
        return table.render()
    }

    static func audit(_ entries: [AuditEntry], names: [UUID: String]) -> String {
        var table = TextTable(header: ["seq", "time", "actor", "action", "entity", "summary"])
        for e in entries { table.add(["\(e.sequence)", time(e.at), actorText(e.actor, names), e.action, entityText(e), e.summary]) }
        return table.render()
    }

    /// Ledger entries, with the order numbers `numbers` knows (else the order id). Money out
    /// (refunds, chargebacks, fees) is shown negative, so a column sums to what came in.
    static func ledger(_ entries: [LedgerEntry], numbers: [UUID: String]) -> String {
        var table = TextTable(header: ["time", "order", "kind", "amount", "tax", "reference", "note"])
        for e in entries {
            let sign: Int64 = e.kind == .purchase || e.kind == .chargebackReversal ? 1 : -1
            table.add([time(e.createdAt), numbers[e.orderId] ?? lower(e.orderId), e.kind.rawValue, money(sign * e.amountMinor, e.currency),
                       e.taxMinor == 0 ? "" : money(sign * e.taxMinor, e.currency), e.providerReference ?? "", e.note])
        }
        return table.render()
    }

    /// An audit actor as people read it: the user's name for "user:<uuid>", else the text as it is.
    static func actorText(_ actor: String, _ names: [UUID: String]) -> String {
        guard actor.hasPrefix("user:"), let id = UUID(uuidString: String(actor.dropFirst(5))), let name = names[id] else { return actor }
        return name
    }

    /// A titled section: the title, then the body or "(none)".
    static func titled(_ title: String, _ body: String, empty: Bool) -> String {
        "\n\n\(title)\n" + (empty ? "(none)" : body)
    }
}
