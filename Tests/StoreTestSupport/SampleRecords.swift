import BoxOfficeStore
import Foundation

/// A record with every kind of index: unique, sparse unique, composite, descending.
public struct Person: Record, Equatable, Hashable {
    public var id: UUID
    public var email: String
    public var name: String
    public var country: String
    public var city: String
    public var age: Int
    public var nickname: String?
    public var version: UInt64 = 0
    public var primaryKey: UUID { id }

    public init(id: UUID, email: String, name: String, country: String = "FR", city: String = "Paris",
                age: Int = 30, nickname: String? = nil) {
        self.id = id
        self.email = email
        self.name = name
        self.country = country
        self.city = city
        self.age = age
        self.nickname = nickname
    }

    public func encode(to w: inout RecordWriter) {
        w.write(1, id)
        w.write(2, email)
        w.write(3, name)
        w.write(4, country)
        w.write(5, city)
        w.write(6, age)
        w.write(7, nickname)
    }

    public init(from r: RecordReader) throws {
        id = try r.required(1, "id")
        email = try r.required(2, "email")
        name = try r(3) ?? ""
        country = try r(4) ?? ""
        city = try r(5) ?? ""
        age = try r(6) ?? 0
        nickname = try r(7)
    }
}

/// A named counter: a string primary key.
public struct Counter: Record, Equatable {
    public var name: String
    public var value: Int64
    public var version: UInt64 = 0
    public var primaryKey: String { name }

    public init(name: String, value: Int64) {
        self.name = name
        self.value = value
    }

    public func encode(to w: inout RecordWriter) {
        w.write(1, name)
        w.write(2, value)
    }

    public init(from r: RecordReader) throws {
        name = try r.required(1, "name")
        value = try r(2) ?? 0
    }
}

/// An opaque payload, for filling the map.
public struct Blob: Record, Equatable {
    public var id: UUID
    public var payload: [UInt8]
    public var version: UInt64 = 0
    public var primaryKey: UUID { id }

    public init(id: UUID, payload: [UInt8]) {
        self.id = id
        self.payload = payload
    }

    public func encode(to w: inout RecordWriter) {
        w.write(1, id)
        w.write(2, payload)
    }

    public init(from r: RecordReader) throws {
        id = try r.required(1, "id")
        payload = try r(2) ?? []
    }
}

public enum SampleSchema {
    public static let people = TableDefinition<Person>("people", indexes: [
        .unique("email") { Key($0.email) },
        .nonUnique("place") { Key($0.country, $0.city) },
        .nonUnique("age_desc") { Key(Descending($0.age)) },
        .unique("nickname") { $0.nickname.map { Key($0) } },
    ])
    public static let counters = TableDefinition<Counter>("counters")
    public static let blobs = TableDefinition<Blob>("blobs")

    /// The schema the fixture file was written with.
    public static let v1 = Schema(version: 1, tables: [people, counters, blobs])

    /// The fixture's deterministic people: IDs 00000000-0000-7000-8000-0000000000NN.
    public static func fixturePeople() -> [Person] {
        let cities = [("FR", "Paris"), ("FR", "Lyon"), ("DE", "Berlin"), ("JP", "Tokyo")]
        return (1...40).map { n in
            let (country, city) = cities[n % cities.count]
            return Person(id: fixtureID(n), email: "person\(n)@example.org", name: "Person \(n)",
                          country: country, city: city, age: 18 + n % 50, nickname: n % 3 == 0 ? "nick\(n)" : nil)
        }
    }

    public static func fixtureID(_ n: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-7000-8000-%012d", n))!
    }
}

/// A fresh directory under the system's temporary directory.
public func temporaryStorePath(_ label: String = "store") -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("boxoffice-tests")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("\(label)-\(UUID().uuidString).boxoffice").path
}
