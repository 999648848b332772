import Foundation
import BoxOfficeStore
import GRDB

/// SQLite through GRDB, as a SQLite expert would write the engine's work: the engine's tables and
/// indexes, WAL, one BEGIN IMMEDIATE transaction per operation as in the engine, cached prepared
/// statements, counters updated in place, and an audit row per write.
final class GRDBSystem: BenchSystem {
    static let name = "grdb"
    let pool: DatabasePool
    let prepared: PreparedFile

    init(_ prepared: PreparedFile, mode: Mode) throws {
        self.prepared = prepared
        pool = try Self.open(prepared.path, mode: mode)
    }

    /// A WAL pool whose writer commits with synchronous=FULL (durable) or OFF (async).
    static func open(_ path: String, mode: Mode) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.maximumReaderCount = 8
        let pool = try DatabasePool(path: path, configuration: configuration)
        // Only the writer connection commits, so its setting is the one that counts (GRDB sets NORMAL).
        let (journal, level) = try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(mode == .durable ? "FULL" : "OFF")")
            return (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        guard journal == "wal", level == (mode == .durable ? 2 : 0) else {
            throw BenchError.failed("SQLite opened with journal_mode=\(journal ?? "?") synchronous=\(level ?? -1)")
        }
        return pool
    }

    static let schema = """
        CREATE TABLE organizations(id BLOB PRIMARY KEY, slug TEXT NOT NULL UNIQUE, name TEXT NOT NULL, currency TEXT NOT NULL,
            service_fee_bp INTEGER NOT NULL, fixed_fee_minor INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE events(id BLOB PRIMARY KEY, organization_id BLOB NOT NULL, title TEXT NOT NULL, status TEXT NOT NULL,
            starts_at INTEGER NOT NULL, ends_at INTEGER NOT NULL, capacity INTEGER, held INTEGER NOT NULL DEFAULT 0,
            sold INTEGER NOT NULL DEFAULT 0, version INTEGER NOT NULL DEFAULT 1, updated_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX events_org_start ON events(organization_id, starts_at);
        CREATE TABLE ticket_types(id BLOB PRIMARY KEY, event_id BLOB NOT NULL, sort_order INTEGER NOT NULL, name TEXT NOT NULL,
            price_minor INTEGER NOT NULL, currency TEXT NOT NULL, quantity INTEGER NOT NULL, max_per_order INTEGER NOT NULL,
            held INTEGER NOT NULL DEFAULT 0, sold INTEGER NOT NULL DEFAULT 0, version INTEGER NOT NULL DEFAULT 1,
            updated_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX ticket_types_event ON ticket_types(event_id, sort_order);
        CREATE TABLE holds(id BLOB PRIMARY KEY, event_id BLOB NOT NULL, status TEXT NOT NULL, ticket_count INTEGER NOT NULL,
            created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, order_id BLOB) WITHOUT ROWID;
        CREATE INDEX holds_expiry ON holds(expires_at) WHERE status = 'active';
        CREATE INDEX holds_event_expiry ON holds(event_id, expires_at) WHERE status = 'active';
        CREATE TABLE hold_items(hold_id BLOB NOT NULL, ticket_type_id BLOB NOT NULL, quantity INTEGER NOT NULL,
            unit_price_minor INTEGER NOT NULL, fee_minor INTEGER NOT NULL, PRIMARY KEY(hold_id, ticket_type_id)) WITHOUT ROWID;
        CREATE TABLE orders(id BLOB PRIMARY KEY, number TEXT NOT NULL UNIQUE, hold_id BLOB NOT NULL UNIQUE,
            event_id BLOB NOT NULL, status TEXT NOT NULL, currency TEXT NOT NULL, subtotal_minor INTEGER NOT NULL,
            fees_minor INTEGER NOT NULL, total_minor INTEGER NOT NULL, created_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX orders_event ON orders(event_id);
        CREATE TABLE order_items(id BLOB PRIMARY KEY, order_id BLOB NOT NULL, ticket_type_id BLOB NOT NULL, quantity INTEGER NOT NULL,
            unit_price_minor INTEGER NOT NULL, fee_minor INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX order_items_order ON order_items(order_id);
        CREATE TABLE tickets(id BLOB PRIMARY KEY, code TEXT NOT NULL UNIQUE, order_id BLOB NOT NULL, ticket_type_id BLOB NOT NULL,
            event_id BLOB NOT NULL, status TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1, updated_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX tickets_order ON tickets(order_id);
        CREATE INDEX tickets_event ON tickets(event_id);
        CREATE TABLE check_ins(id BLOB PRIMARY KEY, ticket_id BLOB NOT NULL, gate TEXT NOT NULL, at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX check_ins_ticket ON check_ins(ticket_id);
        CREATE TABLE audit(seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
            entity TEXT NOT NULL, entity_id BLOB NOT NULL, detail TEXT NOT NULL);
        """

    /// Sells `size` tickets through the same hold-and-confirm code, in large transactions.
    static func prepare(size: Int, directory: String) throws -> PreparedFile {
        let path = directory + "/grdb-\(size).sqlite"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let pool = try open(path, mode: .async)
        let org = Self.ids.next(), event = Self.ids.next()
        let tierIds = (0..<10).map { _ in Self.ids.next() }
        let now = Self.now()
        try pool.write { db in
            try db.execute(sql: schema)
            try db.execute(sql: "INSERT INTO organizations VALUES (?, 'bench', 'Bench', 'EUR', 250, 50)", arguments: [org.blob])
            try db.execute(sql: "INSERT INTO events VALUES (?, ?, 'Benchmark', 'published', ?, ?, NULL, 0, 0, 1, ?)",
                           arguments: [event.blob, org.blob, now + 30 * 86_400_000, now + 30 * 86_400_000 + 3_600_000, now])
            for (i, tier) in tierIds.enumerated() {
                try db.execute(sql: "INSERT INTO ticket_types VALUES (?, ?, ?, ?, ?, 'EUR', 1000000000, 1000000, 0, 0, 1, ?)",
                               arguments: [tier.blob, event.blob, i, "Tier \(i)", 1_000 + i * 500, now])
            }
        }
        var codes: [String] = []
        let batch = 5_000
        for first in stride(from: 0, to: max(1, size / 4), by: batch) {
            try pool.write { db in
                for i in first..<min(max(1, size / 4), first + batch) {
                    let hold = try Self.hold(db, event: event, items: [(tierIds[i % 10], 4)])
                    let order = try Self.confirm(db, hold: hold)
                    if codes.count < 200_000 {
                        codes += try String.fetchAll(db.cachedStatement(sql: "SELECT code FROM tickets WHERE order_id = ?"), arguments: [order.blob])
                    }
                }
            }
        }
        return PreparedFile(path: path, organizationId: org, eventId: event, tierIds: tierIds, scans: ScanQueue(codes))
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// Time-ordered ids, as the engine's, so inserts append to the B-trees.
    static let ids = UUIDv7Generator()

    /// One write transaction, BEGIN IMMEDIATE so that it never has to upgrade a read lock.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            return result!
        }
    }

    // MARK: The engine's operations in SQL

    enum Refusal: Error { case soldOut(remaining: Int64) }

    /// The engine's createHold: the event, the organization (for fees), the sweep of expired
    /// holds, each tier's stock, the counters, the hold and its items, an audit row.
    static func hold(_ db: Database, event: UUID, items: [(tier: UUID, quantity: Int64)]) throws -> UUID {
        let now = now()
        guard let eventRow = try Row.fetchOne(db.cachedStatement(sql: "SELECT organization_id, status FROM events WHERE id = ?"),
                                              arguments: [event.blob]),
              eventRow["status"] as String == "published" else { throw BenchError.failed("event not on sale") }
        guard let org = try Row.fetchOne(db.cachedStatement(sql: "SELECT service_fee_bp, fixed_fee_minor FROM organizations WHERE id = ?"),
                                         arguments: [eventRow["organization_id"] as Data]) else { throw BenchError.failed("no organization") }
        try sweepExpired(db, event: event, now: now)
        let hold = Self.ids.next()
        var count: Int64 = 0
        for item in items {
            guard let tier = try Row.fetchOne(db.cachedStatement(sql: "SELECT price_minor, quantity - held - sold AS available FROM ticket_types WHERE id = ?"),
                                              arguments: [item.tier.blob]) else { throw BenchError.failed("no tier") }
            let available: Int64 = tier["available"]
            guard available >= item.quantity else { throw Refusal.soldOut(remaining: available) }
            let price: Int64 = tier["price_minor"]
            let fee = (price * (org["service_fee_bp"] as Int64) + 5_000) / 10_000 + (org["fixed_fee_minor"] as Int64)
            try db.cachedStatement(sql: "UPDATE ticket_types SET held = held + ?, version = version + 1, updated_at = ? WHERE id = ?")
                .execute(arguments: [item.quantity, now, item.tier.blob])
            try db.cachedStatement(sql: "INSERT INTO hold_items VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [hold.blob, item.tier.blob, item.quantity, price, fee])
            count += item.quantity
        }
        try db.cachedStatement(sql: "UPDATE events SET held = held + ?, version = version + 1, updated_at = ? WHERE id = ?")
            .execute(arguments: [count, now, event.blob])
        try db.cachedStatement(sql: "INSERT INTO holds VALUES (?, ?, 'active', ?, ?, ?, NULL)")
            .execute(arguments: [hold.blob, event.blob, count, now, now + 600_000])
        try audit(db, "hold.create", "hold", hold, "tickets=\(count)", now: now)
        return hold
    }

    /// Expired holds of the event give their stock back (usually there are none).
    static func sweepExpired(_ db: Database, event: UUID, now: Int64) throws {
        let expired = try Data.fetchAll(db.cachedStatement(sql: "SELECT id FROM holds WHERE event_id = ? AND status = 'active' AND expires_at <= ?"),
                                        arguments: [event.blob, now])
        for hold in expired {
            try db.cachedStatement(sql: """
                UPDATE ticket_types SET held = held - (SELECT quantity FROM hold_items WHERE hold_id = ?1 AND ticket_type_id = ticket_types.id)
                WHERE id IN (SELECT ticket_type_id FROM hold_items WHERE hold_id = ?1)
                """).execute(arguments: [hold])
            try db.cachedStatement(sql: "UPDATE holds SET status = 'expired' WHERE id = ?").execute(arguments: [hold])
        }
    }

    /// The engine's confirmHold: the hold and its items, the counters moved from held to sold,
    /// the order, its items and one ticket per seat, the hold marked converted, an audit row.
    static func confirm(_ db: Database, hold: UUID) throws -> UUID {
        let now = now()
        guard let holdRow = try Row.fetchOne(db.cachedStatement(sql: "SELECT event_id, status, ticket_count FROM holds WHERE id = ?"),
                                             arguments: [hold.blob]), holdRow["status"] as String == "active" else {
            throw BenchError.failed("hold not active")
        }
        let event: Data = holdRow["event_id"]
        try sweepExpired(db, event: UUID(blob: event), now: now)
        let items = try Row.fetchAll(db.cachedStatement(sql: "SELECT ticket_type_id, quantity, unit_price_minor, fee_minor FROM hold_items WHERE hold_id = ?"),
                                     arguments: [hold.blob])
        let order = Self.ids.next()
        var subtotal: Int64 = 0, fees: Int64 = 0
        for item in items {
            let tier: Data = item["ticket_type_id"], quantity: Int64 = item["quantity"]
            try db.cachedStatement(sql: "UPDATE ticket_types SET held = held - ?1, sold = sold + ?1, version = version + 1, updated_at = ?2 WHERE id = ?3")
                .execute(arguments: [quantity, now, tier])
            try db.cachedStatement(sql: "INSERT INTO order_items VALUES (?, ?, ?, ?, ?, ?)")
                .execute(arguments: [Self.ids.next().blob, order.blob, tier, quantity, item["unit_price_minor"] as Int64, item["fee_minor"] as Int64])
            for _ in 0..<quantity {
                try db.cachedStatement(sql: "INSERT INTO tickets VALUES (?, ?, ?, ?, ?, 'valid', 1, ?)")
                    .execute(arguments: [Self.ids.next().blob, Self.code(26), order.blob, tier, event, now])
            }
            subtotal += quantity * (item["unit_price_minor"] as Int64)
            fees += quantity * (item["fee_minor"] as Int64)
        }
        let count: Int64 = holdRow["ticket_count"]
        try db.cachedStatement(sql: "UPDATE events SET held = held - ?1, sold = sold + ?1, version = version + 1, updated_at = ?2 WHERE id = ?3")
            .execute(arguments: [count, now, event])
        let number = Self.code(10)
        try db.cachedStatement(sql: "INSERT INTO orders VALUES (?, ?, ?, ?, 'paid', 'EUR', ?, ?, ?, ?)")
            .execute(arguments: [order.blob, number, hold.blob, event, subtotal, fees, subtotal + fees, now])
        try db.cachedStatement(sql: "UPDATE holds SET status = 'converted', order_id = ? WHERE id = ?").execute(arguments: [order.blob, hold.blob])
        try audit(db, "order.confirm", "order", order, "number=\(number) total=\(subtotal + fees) EUR", now: now)
        return order
    }

    static func audit(_ db: Database, _ action: String, _ entity: String, _ id: UUID, _ detail: String, now: Int64) throws {
        try db.cachedStatement(sql: "INSERT INTO audit(at, actor, action, entity, entity_id, detail) VALUES (?, 'system', ?, ?, ?, ?)")
            .execute(arguments: [now, action, entity, id.blob, detail])
    }

    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// A random Crockford base-32 code, like the engine's ticket codes and order numbers.
    static func code(_ length: Int) -> String {
        var rng = SystemRandomNumberGenerator()
        return String(decoding: (0..<length).map { _ in alphabet[Int(rng.next() & 31)] }, as: UTF8.self)
    }

    // MARK: Workloads

    private var threeTiers: [(tier: UUID, quantity: Int64)] { prepared.tierIds.prefix(3).map { ($0, 1) } }

    func hold3() throws {
        _ = try write { try Self.hold($0, event: prepared.eventId, items: threeTiers) }
    }

    func holdConfirm() throws {
        let hold = try write { try Self.hold($0, event: prepared.eventId, items: threeTiers) }
        _ = try write { try Self.confirm($0, hold: hold) }
    }

    /// The engine's availability: the event, its tiers in order, and the stock of holds that
    /// expired but were not swept yet, in one read transaction.
    func availability() throws {
        let event = prepared.eventId.blob
        let now = Self.now()
        let tiers = try pool.read { db in
            guard try Row.fetchOne(db.cachedStatement(sql: "SELECT status, capacity, held, sold FROM events WHERE id = ?"),
                                   arguments: [event]) != nil else { throw BenchError.failed("no event") }
            var expired: [Data: Int64] = [:]
            for row in try Row.fetchAll(db.cachedStatement(sql: """
                SELECT i.ticket_type_id, SUM(i.quantity) FROM holds h JOIN hold_items i ON i.hold_id = h.id
                WHERE h.event_id = ? AND h.status = 'active' AND h.expires_at <= ? GROUP BY i.ticket_type_id
                """), arguments: [event, now]) {
                expired[row[0]] = row[1]
            }
            return try Row.fetchAll(db.cachedStatement(sql: """
                SELECT id, name, price_minor, currency, quantity, held, sold FROM ticket_types WHERE event_id = ? ORDER BY sort_order
                """), arguments: [event]).map { tier in
                let held = (tier["held"] as Int64) - expired[tier["id"] as Data, default: 0]
                return (name: tier["name"] as String, available: max(0, (tier["quantity"] as Int64) - held - (tier["sold"] as Int64)))
            }
        }
        guard tiers.count == 10 else { throw BenchError.failed("expected 10 tiers, read \(tiers.count)") }
    }

    /// The engine's check-in: the ticket by its code, marked used, a check-in row, an audit row.
    func checkIn() throws {
        let code = try prepared.scans.take()
        try write { db in
            let now = Self.now()
            guard let ticket = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, status FROM tickets WHERE code = ?"), arguments: [code]),
                  ticket["status"] as String == "valid" else { throw BenchError.failed("scan rejected: \(code)") }
            let id: Data = ticket["id"]
            try db.cachedStatement(sql: "UPDATE tickets SET status = 'used', version = version + 1, updated_at = ? WHERE id = ?")
                .execute(arguments: [now, id])
            let checkIn = Self.ids.next()
            try db.cachedStatement(sql: "INSERT INTO check_ins VALUES (?, ?, 'bench', ?)").execute(arguments: [checkIn.blob, id, now])
            try Self.audit(db, "ticket.check_in", "ticket", UUID(blob: id), "gate=bench", now: now)
        }
    }

    func newFlashSale() throws -> FlashSale {
        let sale = FlashSale(eventId: Self.ids.next(), tierId: Self.ids.next())
        let now = Self.now()
        try write { db in
            try db.execute(sql: "INSERT INTO events VALUES (?, ?, 'Flash', 'published', ?, ?, NULL, 0, 0, 1, ?)",
                           arguments: [sale.eventId.blob, prepared.organizationId.blob, now + 86_400_000, now + 86_400_000 + 3_600_000, now])
            try db.execute(sql: "INSERT INTO ticket_types VALUES (?, ?, 0, 'GA', 5000, 'EUR', 1000, 10, 0, 0, 1, ?)",
                           arguments: [sale.tierId.blob, sale.eventId.blob, now])
        }
        return sale
    }

    func buy(_ sale: FlashSale) throws -> Bool {
        do {
            let hold = try write { try Self.hold($0, event: sale.eventId, items: [(sale.tierId, Int64.random(in: 1...4))]) }
            _ = try write { try Self.confirm($0, hold: hold) }
            return true
        } catch Refusal.soldOut(let remaining) {
            return remaining > 0
        }
    }

    func sold(_ sale: FlashSale) throws -> Int64 {
        try pool.read { try Int64.fetchOne($0, sql: "SELECT sold FROM ticket_types WHERE id = ?", arguments: [sale.tierId.blob]) ?? 0 }
    }

    /// The database file's size after a checkpoint and VACUUM.
    static func compactedBytes(_ prepared: PreparedFile) throws -> Int {
        let pool = try open(prepared.path, mode: .async)
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "VACUUM")
            try db.checkpoint(.truncate)
        }
        return try FileManager.default.attributesOfItem(atPath: prepared.path)[.size] as? Int ?? 0
    }
}

extension UUID {
    /// The 16 bytes, as the engine stores ids.
    var blob: Data { withUnsafeBytes(of: uuid) { Data($0) } }

    init(blob: Data) {
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { _ = blob.copyBytes(to: $0) }
        self.init(uuid: bytes)
    }
}
