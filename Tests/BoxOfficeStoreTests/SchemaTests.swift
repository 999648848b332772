import Foundation
import StoreTestSupport
import Testing

@testable import BoxOfficeStore

/// Person as a later version of the program sees it: one more field, one more index.
struct PersonV2: Record, Equatable {
    var id: UUID
    var email: String
    var name: String
    var loyaltyPoints: Int64 = 0
    var version: UInt64 = 0
    var primaryKey: UUID { id }
    func encode(to w: inout RecordWriter) { w.write(1, id); w.write(2, email); w.write(3, name); w.write(8, loyaltyPoints) }
    init(from r: RecordReader) throws {
        id = try r.required(1, "id"); email = try r.required(2, "email"); name = try r(3) ?? ""
        loyaltyPoints = try r(8) ?? 0
    }
}

enum V2 {
    static let people = TableDefinition<PersonV2>("people", indexes: [
        .unique("email") { Key($0.email) },
        .nonUnique("loyalty") { Key(Descending($0.loyaltyPoints)) },
    ])
    static func schema(_ migrations: [Migration] = []) -> Schema {
        Schema(version: 2, tables: [people, SampleSchema.counters, SampleSchema.blobs], migrations: migrations)
    }
}

/// A copy of the committed fixture, written by the first version of the engine.
func fixtureCopy() throws -> String {
    let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/v1.boxoffice/data.mdb")
    let path = temporaryStorePath("fixture")
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: source.path, toPath: path + "/data.mdb")
    return path
}

@Suite struct SchemaTests {
    @Test func theV1FixtureStillReads() throws {
        let path = try fixtureCopy()
        defer { try? FileManager.default.removeItem(atPath: path) }
        for readOnly in [true, false] {
            let store = try Store(path: path, schema: SampleSchema.v1, options: StoreOptions(readOnly: readOnly))
            let people = try store.table(SampleSchema.people)
            let stored = try store.read { txn in try people.scan(in: txn).items }
            #expect(stored.map { var p = $0; p.version = 0; return p } == SampleSchema.fixturePeople())
            #expect(stored.allSatisfy { $0.version == 1 })
            #expect(try store.read { txn in try people.lookup("nickname", Key("nick9"), in: txn)?.id } == SampleSchema.fixtureID(9))
            #expect(try store.checkIntegrity() == [])
            #expect(store.schemaVersion == 1)
        }
    }

    @Test func aNewerProgramMigratesTheFixture() throws {
        let path = try fixtureCopy()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let award = Migration(to: 2, "award loyalty points") { txn, context in
            let people = try context.table(V2.people)
            for var person in try people.scan(in: txn).items {
                person.loyaltyPoints = Int64(person.email.count)
                try people.update(person, in: txn)
            }
        }
        let store = try Store(path: path, schema: V2.schema([award]))
        #expect(store.schemaVersion == 2)
        let people = try store.table(V2.people)
        try store.read { (txn) throws in
            let all = try people.scan(in: txn).items
            #expect(all.count == 40)
            #expect(all.allSatisfy { $0.loyaltyPoints == Int64($0.email.count) && $0.version == 2 })
            // The new index was built and then kept up to date by the migration's updates.
            let top = try people.scan(index: "loyalty", limit: 1, in: txn).items.first
            #expect(top?.loyaltyPoints == all.map(\.loyaltyPoints).max())
            #expect(try people.count(index: "loyalty", in: txn) == 40)
        }
        #expect(try store.checkIntegrity() == [])
        // Indexes the schema no longer declares are dropped; the data stays.
        let names = try store.read { txn in try txn.databaseNames() }
        #expect(!names.contains("i.people.place") && !names.contains("i.people.nickname"))
        #expect(names.contains("t.people"))
    }

    @Test func migrationsRunOnceAndAFailureLeavesTheFileUnchanged() throws {
        let t = try TemporaryStore()
        let people = try t.people
        try t.store.write { txn in for n in 0..<5 { try people.insert(person(n), in: txn) } }
        let path = t.path
        t.store = nil

        let failing = Migration(to: 2, "explodes") { txn, context in
            let people = try context.table(V2.people)
            try people.delete(try people.scan(limit: 1, in: txn).items[0].id, in: txn)
            throw RecordDecodingError("boom")
        }
        #expect(throws: StoreError.migrationFailed(fromVersion: 1, toVersion: 2, reason: "explodes: boom")) {
            try Store(path: path, schema: V2.schema([failing]))
        }
        let v1 = try Store(path: path, schema: SampleSchema.v1)
        #expect(v1.schemaVersion == 1)
        #expect(try v1.read { txn in try v1.table(SampleSchema.people).count(in: txn) } == 5)
        #expect(try v1.read { txn in try txn.databaseNames().contains("i.people.loyalty") } == false)

        let runs = Counter(name: "runs", value: 0)
        let counting = Migration(to: 2, "count runs") { txn, context in
            let counters = try context.table(SampleSchema.counters)
            var c = try counters.get("runs", in: txn) ?? runs
            c.value += 1
            try counters.upsert(c, in: txn)
        }
        for _ in 0..<3 {
            let v2 = try Store(path: path, schema: V2.schema([counting]))
            #expect(try v2.read { txn in try v2.table(SampleSchema.counters).get("runs", in: txn)?.value } == 1)
        }
        // The file is now version 2: the old program refuses it rather than misread it.
        #expect(throws: StoreError.newerSchema(path: path, fileVersion: 2, engineVersion: 1)) {
            try Store(path: path, schema: SampleSchema.v1)
        }
        _ = v1
    }

    @Test func aNewUniqueIndexOverDuplicatesFailsAndNamesIt() throws {
        let t = try TemporaryStore()
        let people = try t.people
        try t.store.write { txn in
            try people.insert(person(1, city: "Lyon"), in: txn)
            try people.insert(person(2, city: "Lyon"), in: txn)
        }
        let path = t.path
        t.store = nil
        let uniqueCity = TableDefinition<Person>("people", indexes: SampleSchema.people.indexes + [.unique("city") { Key($0.city) }])
        let schema = Schema(version: 1, tables: [uniqueCity, SampleSchema.counters, SampleSchema.blobs])
        #expect(throws: StoreError.duplicateKey(table: "people", index: "city", key: Key("Lyon"))) {
            try Store(path: path, schema: schema)
        }
        let reopened = try Store(path: path, schema: SampleSchema.v1)
        #expect(try reopened.checkIntegrity() == [])
    }

    @Test func tablesMissingFromTheCatalogAreReportedByName() throws {
        let t = try TemporaryStore(schema: Schema(version: 1, tables: [SampleSchema.counters]))
        let path = t.path
        #expect(throws: StoreError.tableNotInCatalog(table: "people")) { try t.store.table(SampleSchema.people) }
        t.store = nil
        // A read-only open cannot add the table, so it stays missing.
        let readOnly = try Store(path: path, schema: SampleSchema.v1, options: StoreOptions(readOnly: true))
        #expect(throws: StoreError.tableNotInCatalog(table: "people")) { try readOnly.table(SampleSchema.people) }
        #expect(readOnly.tableNames == ["counters"])
    }

    @Test func reopeningAnUpToDateFileWritesNothing() throws {
        let t = try TemporaryStore()
        try t.store.write { txn in try t.people.insert(person(1), in: txn) }
        let path = t.path
        t.store = nil
        let before = try Data(contentsOf: URL(fileURLWithPath: path + "/data.mdb"))
        _ = try Store(path: path, schema: SampleSchema.v1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path + "/data.mdb")) == before)
    }

    @Test func readOnlyStoresNeverWrite() throws {
        let t = try TemporaryStore()
        try t.store.write { txn in try t.people.insert(person(1), in: txn) }
        let path = t.path
        t.store = nil
        let before = try Data(contentsOf: URL(fileURLWithPath: path + "/data.mdb"))
        let store = try Store(path: path, schema: V2.schema(), options: StoreOptions(readOnly: true))
        #expect(throws: StoreError.readOnly(path: path)) {
            try store.write { txn in try store.table(SampleSchema.counters).insert(Counter(name: "x", value: 1), in: txn) }
        }
        #expect(store.schemaVersion == 1)  // not migrated
        #expect(throws: StoreError.indexNotInCatalog(table: "people", index: "loyalty")) { try store.table(V2.people) }
        #expect(try store.read { txn in try store.table(SampleSchema.people).count(in: txn) } == 1)
        // Indexes this schema does not know are reported as unchecked, not as broken.
        let problems = try store.checkIntegrity()
        #expect(problems.map(\.kind) == [.unchecked, .unchecked, .unchecked])
        #expect(problems.compactMap(\.index) == ["place", "age_desc", "nickname"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path + "/data.mdb")) == before)
    }
}

/// A newer program reads an older file that lacks the tables it added, read-only (without
/// migrating it): those tables read as empty, and the file is not touched.
@Suite struct AbsentTableTests {
    static let badges = TableDefinition<Counter>("badges", indexes: [.nonUnique("value") { Key($0.value) }])

    @Test func aTableTheFileLacksReadsAsEmpty() throws {
        let t = try TemporaryStore()
        try t.store.write { txn in try t.counters.insert(Counter(name: "a", value: 1), in: txn) }
        let path = t.path
        t.store = nil
        let before = try Data(contentsOf: URL(fileURLWithPath: path + "/data.mdb"))
        let newer = Schema(version: 2, tables: [SampleSchema.people, SampleSchema.counters, SampleSchema.blobs, Self.badges])
        do {  // released before the writer opens it
            let store = try Store(path: path, schema: newer, options: StoreOptions(readOnly: true))
            let badges = try store.table(Self.badges)
            let seen = try store.read { txn in
                (count: try badges.count(in: txn), got: try badges.get("x", in: txn), rows: try badges.scan(in: txn).items.count,
                 indexed: try badges.scan(index: "value", in: txn).items.count, counters: try store.table(SampleSchema.counters).count(in: txn))
            }
            #expect(seen.count == 0 && seen.got == nil && seen.rows == 0 && seen.indexed == 0 && seen.counters == 1)
            #expect(try store.checkIntegrity().filter { $0.table == "badges" }.isEmpty)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path + "/data.mdb")) == before)
        }
        // A writer migrates the file and creates the table for real.
        let writer = try Store(path: path, schema: newer)
        try writer.write { txn in try writer.table(Self.badges).insert(Counter(name: "b", value: 2), in: txn) }
        #expect(try writer.read { txn in try writer.table(Self.badges).count(in: txn) } == 1)
    }
}

/// Another program's store (none of its tables is this schema's) is refused, read-write and
/// read-only, and left as it was: it is never given this schema's tables.
@Suite struct AnotherProgramsStoreTests {
    @Test func aStoreOfOtherTablesIsNotAStore() throws {
        let t = try TemporaryStore()
        try t.store.write { txn in try t.counters.insert(Counter(name: "a", value: 1), in: txn) }
        let path = t.path
        t.store = nil
        let before = try Data(contentsOf: URL(fileURLWithPath: path + "/data.mdb"))
        let other = Schema(version: 1, tables: [AbsentTableTests.badges])
        for readOnly in [false, true] {
            #expect(performing: { try Store(path: path, schema: other, options: StoreOptions(readOnly: readOnly)) }, throws: { error in
                guard case StoreError.notAStore(_, let reason) = error else { return false }
                return reason.contains("another program's BoxOffice store") && reason.contains("'counters'")
            })
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path + "/data.mdb")) == before)
    }
}
