@testable import BoxOfficeStore
import Foundation
import StoreTestSupport

/// A store on a fresh temporary directory, removed when the test case is released.
final class TemporaryStore {
    let path: String
    var store: Store!

    init(schema: Schema = SampleSchema.v1, options: StoreOptions = StoreOptions(), label: String = "store") throws {
        path = temporaryStorePath(label)
        store = try Store(path: path, schema: schema, options: options)
    }

    deinit {
        store = nil
        try? FileManager.default.removeItem(atPath: path)
    }

    var people: Table<Person> { get throws { try store.table(SampleSchema.people) } }
    var counters: Table<Counter> { get throws { try store.table(SampleSchema.counters) } }
    var blobs: Table<Blob> { get throws { try store.table(SampleSchema.blobs) } }
}

let ids = UUIDv7Generator()

func person(_ n: Int, email: String? = nil, country: String = "FR", city: String = "Paris", age: Int = 30,
            nickname: String? = nil) -> Person {
    Person(id: ids.next(), email: email ?? "p\(n)@example.org", name: "P\(n)", country: country, city: city,
           age: age, nickname: nickname)
}
