import Foundation
import Testing

@testable import BoxOfficeStore

/// For random values, the order of encoded bytes equals the order of the values.
@Suite struct KeyEncodingTests {
    func assertOrderPreserved<T: KeyComponent & Comparable>(_ values: [T], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let sorted = values.sorted()
        let byKey = values.sorted { Key($0) < Key($1) }
        #expect(byKey.map { Key($0) } == sorted.map { Key($0) }, sourceLocation: sourceLocation)
        for value in values {
            #expect(try Key(value).decode(as: T.self) == value, sourceLocation: sourceLocation)
        }
    }

    @Test func signedIntegersSortByValue() throws {
        var rng = SystemRandomNumberGenerator()
        let edges: [Int64] = [.min, .min + 1, -1 << 32, -256, -255, -1, 0, 1, 255, 256, 1 << 32, .max - 1, .max]
        let random = (0..<2000).map { _ in Int64.random(in: .min ... .max, using: &rng) >> Int64.random(in: 0...63, using: &rng) }
        try assertOrderPreserved(edges + random)
        try assertOrderPreserved((0..<500).map { _ in Int8.random(in: .min ... .max) } + [.min, .max])
        try assertOrderPreserved((0..<500).map { _ in Int32.random(in: .min ... .max) } + [.min, .max])
    }

    @Test func unsignedIntegersSortByValue() throws {
        var rng = SystemRandomNumberGenerator()
        let random = (0..<2000).map { _ in UInt64.random(in: 0 ... .max, using: &rng) >> UInt64.random(in: 0...63, using: &rng) }
        try assertOrderPreserved(random + [0, 1, 255, 256, .max])
        try assertOrderPreserved((0..<300).map { _ in UInt16.random(in: 0 ... .max) })
    }

    @Test func integerWidthsShareOneEncoding() throws {
        #expect(Key(Int8(-5)) == Key(Int64(-5)))
        #expect(Key(UInt32(7)) == Key(Int(7)))
        #expect(try Key(Int64(300)).decode(as: UInt16.self) == 300)
        #expect(throws: KeyDecodingError.self) { try Key(Int64(300)).decode(as: Int8.self) }
        #expect(throws: KeyDecodingError.self) { try Key(Int64(-1)).decode(as: UInt64.self) }
    }

    @Test func stringsSortByUTF8WithPrefixesFirst() throws {
        let alphabet: [Character] = ["a", "b", "\0", "\u{1}", "é", "ÿ", "z", "\u{7F}", "日", "😀"]
        var values = ["", "a", "ab", "abc", "a\0", "a\0b", "a\u{1}", "b"]
        for _ in 0..<1500 {
            values.append(String((0..<Int.random(in: 0...6)).map { _ in alphabet.randomElement()! }))
        }
        // Swift's String order is not UTF-8 byte order; compare by bytes.
        let sorted = values.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let byKey = values.sorted { Key($0) < Key($1) }
        #expect(byKey.map { Array($0.utf8) } == sorted.map { Array($0.utf8) })
        for value in values { #expect(try Key(value).decode(as: String.self) == value) }
    }

    @Test func uuidsAndBooleansSortByValue() throws {
        let ids = (0..<500).map { _ in UUID() }
        let sortedBytes = ids.map { id in withUnsafeBytes(of: id.uuid) { Array($0) } }.sorted { $0.lexicographicallyPrecedes($1) }
        let byKey = ids.sorted { Key($0) < Key($1) }.map { id in withUnsafeBytes(of: id.uuid) { Array($0) } }
        #expect(byKey == sortedBytes)
        #expect(Key(false) < Key(true))
        #expect(try Key(true).decode(as: Bool.self) == true)
        #expect(try Key(ids[0]).decode(as: UUID.self) == ids[0])
    }

    @Test func descendingReversesOrder() throws {
        let ints = (0..<1000).map { _ in Int64.random(in: -1_000_000...1_000_000) }
        let byKey = ints.sorted { Key(Descending($0)) < Key(Descending($1)) }
        #expect(byKey == ints.sorted(by: >))
        let strings = ["", "a", "ab", "abc", "b", "a\0"]
        #expect(strings.sorted { Key(Descending($0)) < Key(Descending($1)) } == ["b", "abc", "ab", "a\0", "a", ""])
        for s in strings { #expect(try Key(Descending(s)).decode(as: Descending<String>.self).value == s) }
        #expect(try Key(Descending(Descending(Int64(5)))).decode(as: Descending<Descending<Int64>>.self).value.value == 5)
        #expect(Key(Descending(Descending("x"))) == Key("x"))
    }

    @Test func tuplesSortComponentByComponent() throws {
        struct Row: Comparable {
            var a: String, b: Int64, c: Bool
            static func < (x: Row, y: Row) -> Bool {
                if x.a != y.a { return Array(x.a.utf8).lexicographicallyPrecedes(Array(y.a.utf8)) }
                if x.b != y.b { return x.b < y.b }
                return !x.c && y.c
            }
        }
        let rows = (0..<2000).map { _ in
            Row(a: ["", "a", "ab", "b", "a\0"].randomElement()!, b: Int64.random(in: -300...300), c: Bool.random())
        }
        let byKey = rows.sorted { Key($0.a, $0.b, $0.c) < Key($1.a, $1.b, $1.c) }
        #expect(byKey.map { Key($0.a, $0.b, $0.c) } == rows.sorted().map { Key($0.a, $0.b, $0.c) })

        let key = Key("acme", Int64(-42), true, Descending(UInt8(9)))
        #expect(try key.components() == [.string("acme"), .integer(-42), .bool(true), .descending(.integer(9))])
        #expect(key.hasPrefix(Key("acme")))
        #expect(!Key("acmex").hasPrefix(Key("acme")))
        #expect(key.description == "(\"acme\", -42, true, desc(9))")
    }

    @Test func malformedKeysAreErrorsNotTraps() throws {
        #expect(throws: KeyDecodingError.self) { try Key(bytes: [0x02, 0x61, 0x00]).decode(as: String.self) }  // half a terminator
        #expect(throws: KeyDecodingError.self) { try Key(bytes: [0x18, 1]).decode(as: Int.self) }  // truncated
        #expect(throws: KeyDecodingError.self) { try Key(bytes: [0x30, 1, 2]).decode(as: UUID.self) }
        #expect(throws: KeyDecodingError.self) { try Key(bytes: [0x55]).components() }
        #expect(throws: KeyDecodingError.self) { try Key("a", 1).decode(as: String.self) }  // trailing component
        #expect(Key(bytes: [0x55, 0x01]).description == "0x5501")
    }
}
