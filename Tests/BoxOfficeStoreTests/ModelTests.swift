import Foundation
import StoreTestSupport
import Testing

@testable import BoxOfficeStore

/// Random inserts, updates, upserts and deletes on a table with unique, sparse unique and
/// non-unique indexes, checked against an in-memory model after every step.
@Suite struct ModelTests {
    struct Model {
        var people: [UUID: Person] = [:]

        func owner(email: String) -> UUID? { people.values.first { $0.email == email }?.id }
        func owner(nickname: String?) -> UUID? {
            guard let nickname else { return nil }
            return people.values.first { $0.nickname == nickname }?.id
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func randomOperationsMatchTheModel(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let t = try TemporaryStore(options: StoreOptions(durability: .async))
        let people = try t.people
        var model = Model()
        var known: [UUID] = []

        // Small value domains, so unique collisions are frequent.
        func randomPerson(id: UUID) -> Person {
            Person(id: id, email: "e\(Int.random(in: 0..<60, using: &rng))", name: "n",
                   country: ["FR", "DE"].randomElement(using: &rng)!, city: ["A", "B", "C"].randomElement(using: &rng)!,
                   age: Int.random(in: -5...5, using: &rng),
                   nickname: Bool.random(using: &rng) ? "k\(Int.random(in: 0..<30, using: &rng))" : nil)
        }

        for step in 0..<2500 {
            let existing = known.isEmpty ? nil : known.randomElement(using: &rng)
            let op = Int.random(in: 0..<10, using: &rng)
            do {
                switch op {
                case 0..<4:  // insert a new id, or (rarely) an existing one
                    let id = existing != nil && op == 0 ? existing! : ids.next()
                    let candidate = randomPerson(id: id)
                    let expectFailure = model.people[id] != nil || model.owner(email: candidate.email) != nil
                        || model.owner(nickname: candidate.nickname) != nil
                    do {
                        let stored = try t.store.write { txn in try people.insert(candidate, in: txn) }
                        #expect(!expectFailure, "step \(step): insert should have failed")
                        model.people[id] = stored
                        known.append(id)
                    } catch StoreError.duplicateKey {
                        #expect(expectFailure, "step \(step): unexpected duplicate")
                    }
                case 4..<7:  // update, sometimes with a stale version
                    guard let id = existing else { continue }
                    let candidate = randomPerson(id: id)
                    let current = model.people[id]
                    let stale = Int.random(in: 0..<5, using: &rng) == 0
                    let expected = current.map { stale ? $0.version + 1 : $0.version }
                    let emailOwner = model.owner(email: candidate.email)
                    let nickOwner = model.owner(nickname: candidate.nickname)
                    do {
                        let stored = try t.store.write { txn in try people.update(candidate, expectedVersion: expected, in: txn) }
                        #expect(current != nil && !stale && (emailOwner ?? id) == id && (nickOwner ?? id) == id, "step \(step)")
                        model.people[id] = stored
                    } catch StoreError.recordNotFound {
                        #expect(current == nil, "step \(step)")
                    } catch StoreError.versionConflict {
                        #expect(stale, "step \(step)")
                    } catch StoreError.duplicateKey {
                        #expect((emailOwner ?? id) != id || (nickOwner ?? id) != id, "step \(step)")
                    }
                case 7:
                    guard let id = existing else { continue }
                    let candidate = randomPerson(id: id)
                    let clash = (model.owner(email: candidate.email) ?? id) != id || (model.owner(nickname: candidate.nickname) ?? id) != id
                    do {
                        model.people[id] = try t.store.write { txn in try people.upsert(candidate, in: txn) }
                        #expect(!clash, "step \(step)")
                    } catch StoreError.duplicateKey {
                        #expect(clash, "step \(step)")
                    }
                default:
                    guard let id = existing else { continue }
                    let deleted = try t.store.write { txn in try people.delete(id, in: txn) }
                    #expect(deleted == model.people[id], "step \(step)")
                    model.people[id] = nil
                }
            }
            if let id = existing { try compareOne(id, t, people, model, step) }
            if step % 250 == 0 { try compareAll(t, people, model) }
        }
        try compareAll(t, people, model)
        #expect(try t.store.checkIntegrity() == [])
    }

    func compareOne(_ id: UUID, _ t: TemporaryStore, _ people: Table<Person>, _ model: Model, _ step: Int) throws {
        let stored = try t.store.read { txn in try people.get(id, in: txn) }
        #expect(stored == model.people[id], "step \(step)")
    }

    func compareAll(_ t: TemporaryStore, _ people: Table<Person>, _ model: Model) throws {
        try t.store.read { (txn) throws in
            let all = try people.scan(in: txn).items
            #expect(all == model.people.values.sorted { Key($0.id) < Key($1.id) })
            for person in model.people.values {
                #expect(try people.lookup("email", Key(person.email), in: txn)?.id == person.id)
                if let nickname = person.nickname {
                    #expect(try people.lookup("nickname", Key(nickname), in: txn)?.id == person.id)
                }
            }
            for country in ["FR", "DE"] {
                for city in ["A", "B", "C"] {
                    let found = Set(try people.scan(index: "place", .prefix(Key(country, city)), in: txn).items.map(\.id))
                    #expect(found == Set(model.people.values.filter { $0.country == country && $0.city == city }.map(\.id)))
                }
            }
            #expect(try people.scan(index: "age_desc", in: txn).items.map(\.age) == model.people.values.map(\.age).sorted(by: >))
            #expect(try people.count(index: "nickname", in: txn) == model.people.values.filter { $0.nickname != nil }.count)
        }
    }
}
