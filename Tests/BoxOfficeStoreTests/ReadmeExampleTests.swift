import BoxOfficeStore
import Foundation
import StoreTestSupport
import Testing

/// The README's Swift quick start, verbatim apart from the path, so it keeps compiling and working.
@Suite struct ReadmeExampleTests {
    struct Venue: Record {
        var id: UUID
        var slug: String
        var city: String = ""
        var version: UInt64 = 0
        var primaryKey: UUID { id }

        func encode(to w: inout RecordWriter) { w.write(1, id); w.write(2, slug); w.write(3, city) }
        init(id: UUID, slug: String, city: String) { self.id = id; self.slug = slug; self.city = city }
        init(from r: RecordReader) throws {
            id = try r.required(1, "id"); slug = try r.required(2, "slug"); city = try r(3) ?? ""
        }
    }

    @Test func quickStart() throws {
        let path = temporaryStorePath("readme")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let venues = TableDefinition<Venue>("venues", indexes: [
            .unique("slug") { Key($0.slug) },
            .nonUnique("city") { Key($0.city) },
        ])
        let store = try Store(path: path, schema: Schema(version: 1, tables: [venues]))
        let table = try store.table(venues)
        let ids = UUIDv7Generator()

        try store.write { txn in
            try table.insert(Venue(id: ids.next(), slug: "olympia", city: "Paris"), in: txn)
        }
        let olympia = try store.read { txn in try table.lookup("slug", Key("olympia"), in: txn) }
        let page = try store.read { txn in try table.scan(index: "city", .prefix(Key("Paris")), limit: 20, in: txn) }
        #expect(olympia?.version == 1)
        #expect(page.items.count == 1)
        #expect(try store.checkIntegrity() == [])
    }
}
