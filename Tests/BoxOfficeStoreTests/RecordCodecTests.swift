import Foundation
import StoreTestSupport
import Testing

@testable import BoxOfficeStore

/// Version 1 of a record, and version 2 that adds a field and drops none.
private struct ItemV1: Record, Equatable {
    var id: UUID
    var name: String
    var version: UInt64 = 0
    var primaryKey: UUID { id }
    func encode(to w: inout RecordWriter) { w.write(1, id); w.write(2, name) }
    init(id: UUID, name: String) { self.id = id; self.name = name }
    init(from r: RecordReader) throws { id = try r.required(1, "id"); name = try r(2) ?? "" }
}

private struct ItemV2: Record, Equatable {
    enum Status: String, RecordField { case active, retired }
    struct Part: RecordCodable, Equatable {
        var sku: String
        var quantity: Int32
        func encode(to w: inout RecordWriter) { w.write(1, sku); w.write(2, quantity) }
        init(sku: String, quantity: Int32) { self.sku = sku; self.quantity = quantity }
        init(from r: RecordReader) throws { sku = try r(1) ?? ""; quantity = try r(2) ?? 0 }
    }
    var id: UUID
    var name: String
    var priceMinor: Int64 = 0
    var status: Status = .active
    var parts: [Part] = []
    var tags: [String] = []
    var version: UInt64 = 0
    var primaryKey: UUID { id }
    func encode(to w: inout RecordWriter) {
        w.write(1, id); w.write(2, name); w.write(3, priceMinor); w.write(4, status)
        w.write(5, all: parts); w.write(6, all: tags)
    }
    init(id: UUID, name: String) { self.id = id; self.name = name }
    init(from r: RecordReader) throws {
        id = try r.required(1, "id"); name = try r(2) ?? ""; priceMinor = try r(3) ?? 0
        status = try r(4) ?? .active; parts = try r.all(5); tags = try r.all(6)
    }
}

@Suite struct RecordCodecTests {
    func roundTrip<R: Record>(_ record: R) throws -> R {
        try RecordEnvelope.encode(record).withUnsafeBytes { try RecordEnvelope.decode($0, as: R.self) }
    }

    @Test func roundTripsEveryFieldKind() throws {
        var item = ItemV2(id: UUID(), name: "Zoë \0 日本")
        item.priceMinor = -123_456_789_012
        item.status = .retired
        item.parts = [.init(sku: "A", quantity: 2), .init(sku: "", quantity: -1)]
        item.tags = ["x", "", "y"]
        item.version = 7
        #expect(try roundTrip(item) == item)
        for value in [Int64.min, -1, 0, 1, .max] {
            item.priceMinor = value
            #expect(try roundTrip(item).priceMinor == value)
        }
    }

    @Test func oldReaderSkipsNewFields() throws {
        var newer = ItemV2(id: UUID(), name: "new")
        newer.priceMinor = 500
        newer.tags = ["a"]
        let bytes = RecordEnvelope.encode(newer)
        let old = try bytes.withUnsafeBytes { try RecordEnvelope.decode($0, as: ItemV1.self) }
        #expect(old == ItemV1(id: newer.id, name: "new"))
    }

    @Test func newReaderDefaultsMissingFields() throws {
        let old = ItemV1(id: UUID(), name: "old")
        let bytes = RecordEnvelope.encode(old)
        let newer = try bytes.withUnsafeBytes { try RecordEnvelope.decode($0, as: ItemV2.self) }
        #expect(newer == ItemV2(id: old.id, name: "old"))
        #expect(newer.status == .active && newer.parts.isEmpty && newer.priceMinor == 0)
    }

    @Test func damagedBytesThrow() throws {
        let good = RecordEnvelope.encode(ItemV2(id: UUID(), name: "abc"))
        let cases: [[UInt8]] = [
            [],  // empty
            [9] + good.dropFirst(),  // unknown format
            Array(good.dropLast(2)),  // truncated string
            [1, 0, 0x0B, 0],  // wire type 3
            [1, 0, 0x12, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],  // varint overflow
            [1, 0, 0x0A, 3, 1, 2, 3],  // id of 3 bytes
            [1, 0, 0x0A, 16] + [UInt8](repeating: 1, count: 16) + [0x12, 2, 0xC3, 0x28],  // invalid UTF-8
            [1, 0, 0x0A, 16] + [UInt8](repeating: 1, count: 16) + [0x22, 3, 0x61, 0x62, 0x63],  // unknown enum raw value
            [1, 0, 0x12, 1, 0x61],  // required id missing
        ]
        for bytes in cases {
            #expect(throws: RecordDecodingError.self) {
                try bytes.withUnsafeBytes { try RecordEnvelope.decode($0, as: ItemV2.self) }
            }
        }
    }

    @Test func encodingIsCompact() throws {
        let person = Person(id: UUID(), email: "a@b.c", name: "Ann", age: 40)
        // 1 format + 1 version + id(18) + email(7) + name(5) + country(4) + city(7) + age(2)
        #expect(RecordEnvelope.encode(person).count == 45)
    }
}
