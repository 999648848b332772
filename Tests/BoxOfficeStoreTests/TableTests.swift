import Foundation
import StoreTestSupport
import Testing

@testable import BoxOfficeStore

@Suite struct TableTests {
    @Test func insertGetAndVersions() throws {
        let t = try TemporaryStore()
        let people = try t.people
        let ann = person(1)
        let stored = try t.store.write { txn in try people.insert(ann, in: txn) }
        #expect(stored.version == 1)
        let read = try t.store.read { txn in try people.get(ann.id, in: txn) }
        #expect(read == stored)
        #expect(try t.store.read { txn in try people.get(UUID(), in: txn) } == nil)  // not found is nil
        #expect(try t.store.read { txn in try people.count(in: txn) } == 1)
    }

    /// The greatest key, read without its record; inserts out of order (not appended) land right.
    @Test func lastPrimaryKeyIsTheGreatest() throws {
        let t = try TemporaryStore()
        let counters = try t.counters
        #expect(try t.store.read { txn in try counters.lastPrimaryKey(in: txn) } == nil)
        for name in ["m", "z", "a", "q"] {
            try t.store.write { txn in try counters.insert(Counter(name: name, value: 1), in: txn) }
        }
        #expect(try t.store.read { txn in try counters.lastPrimaryKey(in: txn) } == "z")
        #expect(try t.store.read { txn in try counters.scan(in: txn).items.map(\.name) } == ["a", "m", "q", "z"])
        #expect(try t.store.checkIntegrity() == [])
    }

    @Test func duplicatePrimaryKeyOrUniqueValueWritesNothing() throws {
        let t = try TemporaryStore()
        let people = try t.people
        let ann = person(1, nickname: "annie")
        try t.store.write { txn in try people.insert(ann, in: txn) }

        #expect(throws: StoreError.duplicateKey(table: "people", index: nil, key: Key(ann.id))) {
            try t.store.write { txn in try people.insert(person(2).with(id: ann.id), in: txn) }
        }
        #expect(throws: StoreError.duplicateKey(table: "people", index: "email", key: Key("p1@example.org"))) {
            try t.store.write { txn in try people.insert(person(2, email: "p1@example.org"), in: txn) }
        }
        // Even when the caller catches the error and commits, the failed insert left nothing.
        let bob = person(3, nickname: "annie")
        try t.store.write { (txn) throws in
            #expect(throws: StoreError.duplicateKey(table: "people", index: "nickname", key: Key("annie"))) {
                try people.insert(bob, in: txn)
            }
        }
        try t.store.read { (txn) throws in
            #expect(try people.count(in: txn) == 1)
            #expect(try people.get(bob.id, in: txn) == nil)
            #expect(try people.lookup("email", Key(bob.email), in: txn) == nil)
            for index in ["email", "place", "age_desc"] { #expect(try people.count(index: index, in: txn) == 1) }
        }
        #expect(try t.store.checkIntegrity() == [])
    }

    @Test func updateMovesIndexEntriesAndChecksVersions() throws {
        let t = try TemporaryStore()
        let people = try t.people
        var ann = try t.store.write { txn in try people.insert(person(1, city: "Lyon", nickname: "a"), in: txn) }
        ann.email = "ann@new.org"
        ann.city = "Nice"
        ann.nickname = nil
        ann = try t.store.write { txn in try people.update(ann, expectedVersion: 1, in: txn) }
        #expect(ann.version == 2)
        try t.store.read { (txn) throws in
            #expect(try people.lookup("email", Key("ann@new.org"), in: txn) == ann)
            #expect(try people.lookup("email", Key("p1@example.org"), in: txn) == nil)
            #expect(try people.scan(index: "place", .prefix(Key("FR", "Lyon")), in: txn).items.isEmpty)
            #expect(try people.scan(index: "place", .prefix(Key("FR", "Nice")), in: txn).items == [ann])
            #expect(try people.count(index: "nickname", in: txn) == 0)
        }
        #expect(throws: StoreError.versionConflict(table: "people", key: Key(ann.id).description, expected: 1, current: 2)) {
            try t.store.write { txn in try people.update(ann, expectedVersion: 1, in: txn) }
        }
        #expect(throws: StoreError.recordNotFound(table: "people", key: Key(SampleSchema.fixtureID(9)).description)) {
            try t.store.write { txn in try people.update(person(9).with(id: SampleSchema.fixtureID(9)), in: txn) }
        }
        // An update may keep its own unique value but not take another record's.
        let bob = try t.store.write { txn in try people.insert(person(2), in: txn) }
        try t.store.write { txn in try people.update(bob, in: txn) }
        var stolen = bob
        stolen.email = ann.email
        #expect(throws: StoreError.duplicateKey(table: "people", index: "email", key: Key("ann@new.org"))) {
            try t.store.write { txn in try people.update(stolen, in: txn) }
        }
        #expect(try t.store.checkIntegrity() == [])
    }

    @Test func updateReplacingARecordReadInTheTransaction() throws {
        let t = try TemporaryStore()
        let people = try t.people
        let ann = try t.store.write { txn in try people.insert(person(1, city: "Lyon"), in: txn) }
        let moved = try t.store.write { txn in
            let stored = try people.get(ann.id, in: txn)!
            var changed = stored
            changed.city = "Nice"
            return try people.update(changed, replacing: stored, in: txn)
        }
        #expect(moved.version == 2)
        try t.store.read { (txn) throws in
            #expect(try people.scan(index: "place", .prefix(Key("FR", "Lyon")), in: txn).items.isEmpty)
            #expect(try people.scan(index: "place", .prefix(Key("FR", "Nice")), in: txn).items == [moved])
        }
        // A copy older than the stored record is a conflict, and nothing changes.
        var stale = ann
        stale.city = "Paris"
        #expect(throws: StoreError.versionConflict(table: "people", key: Key(ann.id).description, expected: 1, current: 2)) {
            try t.store.write { txn in try people.update(stale, replacing: ann, in: txn) }
        }
        #expect(try t.store.read { try people.get(ann.id, in: $0) } == moved)
        #expect(try t.store.checkIntegrity() == [])
    }

    @Test func upsertAndDelete() throws {
        let t = try TemporaryStore()
        let people = try t.people
        var ann = try t.store.write { txn in try people.upsert(person(1, nickname: "a"), in: txn) }
        #expect(ann.version == 1)
        ann.age = 99
        ann = try t.store.write { txn in try people.upsert(ann, in: txn) }
        #expect(ann.version == 2)
        #expect(throws: StoreError.versionConflict(table: "people", key: Key(ann.id).description, expected: 1, current: 2)) {
            try t.store.write { txn in try people.delete(ann.id, expectedVersion: 1, in: txn) }
        }
        let deleted = try t.store.write { txn in try people.delete(ann.id, in: txn) }
        #expect(deleted == ann)
        #expect(try t.store.write { txn in try people.delete(ann.id, in: txn) } == nil)
        try t.store.read { (txn) throws in
            #expect(try people.count(in: txn) == 0)
            for index in ["email", "place", "age_desc", "nickname"] { #expect(try people.count(index: index, in: txn) == 0) }
        }
    }

    @Test func scansRangesPrefixesAndPages() throws {
        let t = try TemporaryStore()
        let people = try t.people
        let inserted = try t.store.write { (txn) throws in
            try (0..<25).map { n in
                try people.insert(person(n, country: n % 2 == 0 ? "FR" : "DE", city: "C\(n % 3)", age: n), in: txn)
            }
        }
        try t.store.read { (txn) throws in
            #expect(try people.scan(in: txn).items == inserted)  // UUIDv7: insertion order
            #expect(try people.scan(reverse: true, in: txn).items == inserted.reversed())
            #expect(try people.scan(limit: 3, in: txn).items == Array(inserted.prefix(3)))
            #expect(try people.scan(.from(Key(inserted[20].id)), in: txn).items == Array(inserted[20...]))
            #expect(try people.scan(.between(Key(inserted[5].id), and: Key(inserted[8].id)), in: txn).items == Array(inserted[5..<8]))
            #expect(try people.scan(.between(Key(inserted[5].id), and: Key(inserted[8].id)), reverse: true, in: txn).items
                    == inserted[5..<8].reversed())

            let french = inserted.filter { $0.country == "FR" }
            let byPlace = try people.scan(index: "place", .prefix(Key("FR")), in: txn).items
            #expect(Set(byPlace) == Set(french))
            #expect(byPlace.map(\.city) == byPlace.map(\.city).sorted())
            let ages = try people.scan(index: "age_desc", in: txn).items.map(\.age)
            #expect(ages == Array((0..<25).reversed()))
            #expect(try people.lookup("place", Key("DE", "C1"), in: txn)?.country == "DE")
            #expect(try people.indexEntries("email", limit: 2, in: txn).items.map(\.indexKey) == [Key("p0@example.org"), Key("p10@example.org")])  // byte order: "0" < "@"
        }
    }

    @Test(arguments: [false, true])
    func paginationResumesAcrossWrites(reverse: Bool) throws {
        let t = try TemporaryStore()
        let people = try t.people
        try t.store.write { txn in for n in 0..<23 { try people.insert(person(n, age: n), in: txn) } }
        var seen: [Int] = []
        var cursor: ScanCursor?
        var pages = 0
        repeat {
            let page = try t.store.read { (txn) throws in
                try people.scan(index: "age_desc", limit: 5, reverse: reverse, after: cursor, in: txn)
            }
            seen += page.items.map(\.age)
            // Round-trip through the printable token, as a client would.
            cursor = try page.next.map { try ScanCursor(token: $0.token) }
            pages += 1
            if pages == 2 {  // a write ahead of the cursor between pages is seen, nothing is repeated
                try t.store.write { txn in try people.insert(person(100, age: reverse ? 100 : -1), in: txn) }
            }
        } while cursor != nil
        #expect(pages == 5)
        let expected = reverse ? Array(0...22) + [100] : Array((-1..<23).reversed())
        #expect(seen == expected)
    }

    @Test func badScanArgumentsThrow() throws {
        let t = try TemporaryStore()
        let people = try t.people
        try t.store.write { txn in for n in 0..<3 { try people.insert(person(n), in: txn) } }
        let page = try t.store.read { txn in try people.scan(limit: 1, in: txn) }
        try t.store.read { (txn) throws in
            #expect(throws: StoreError.invalidArgument("scan limit must be at least 1, not 0")) {
                try people.scan(limit: 0, in: txn)
            }
            #expect(throws: StoreError.indexNotInCatalog(table: "people", index: "nope")) {
                try people.scan(index: "nope", in: txn)
            }
            #expect(throws: StoreError.self) { try people.scan(index: "email", after: page.next, in: txn) }
            #expect(throws: StoreError.self) { try people.scan(reverse: true, after: page.next, in: txn) }
        }
        for token in ["abc", "zz", "00", "6100ff"] {
            #expect(throws: StoreError.self) { try ScanCursor(token: token) }
        }
    }

    @Test func oversizedKeysAndRecordsAreRejected() throws {
        let t = try TemporaryStore(options: StoreOptions(maxRecordSize: 4096))
        let people = try t.people
        let counters = try t.counters
        let blobs = try t.blobs
        let longName = String(repeating: "k", count: 600)
        #expect(throws: StoreError.keyTooLarge(table: "counters", index: nil, size: 603, limit: 511)) {
            try t.store.write { txn in try counters.insert(Counter(name: longName, value: 1), in: txn) }
        }
        #expect(throws: StoreError.keyTooLarge(table: "people", index: "email", size: 603, limit: 511)) {
            try t.store.write { txn in try people.insert(person(1, email: longName), in: txn) }
        }
        #expect(throws: StoreError.recordTooLarge(table: "blobs", size: 5023, limit: 4096)) {
            try t.store.write { txn in try blobs.insert(Blob(id: SampleSchema.fixtureID(1), payload: .init(repeating: 1, count: 5000)), in: txn) }
        }
        try t.store.read { (txn) throws in
            #expect(try counters.count(in: txn) == 0)
            #expect(try people.count(in: txn) == 0)
            #expect(try blobs.count(in: txn) == 0)
        }
    }

    @Test func aFailedLMDBCallAbortsTheWholeTransaction() throws {
        let t = try TemporaryStore()
        let people = try t.people
        // The 2nd put of the insert (its first index entry) fails: no record, no entry remains,
        // and the earlier insert of the same transaction is rolled back too.
        t.store.environment.faults.arm(.put, code: EIO, skip: 6)
        #expect(throws: StoreError.self) {
            try t.store.write { (txn) throws in
                try people.insert(person(1), in: txn)  // puts 1-4 (record + 3 entries)
                _ = try? people.insert(person(2), in: txn)  // puts 5-6 ok, 7 fails; error swallowed
            }
        }
        try t.store.read { (txn) throws in
            #expect(try people.count(in: txn) == 0)
            #expect(try people.count(index: "email", in: txn) == 0)
        }
        #expect(try t.store.checkIntegrity() == [])
    }
}

extension Person {
    func with(id: UUID) -> Person {
        var copy = self
        copy.id = id
        return copy
    }
}
