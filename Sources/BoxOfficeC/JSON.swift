import BoxOffice
import CBoxOfficeTypes
import FoundationEssentials

public typealias OutString = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
public typealias OutError = UnsafeMutablePointer<UnsafeMutablePointer<bo_error>?>

/// Writes `value` as compact JSON (keys sorted) into memory the caller frees with bo_free().
/// A NULL `out` means the caller does not want it.
func jsonOut<T: Encodable>(_ value: T, _ out: OutString?) throws {
    guard let out else { return }
    out.pointee = copyOut(String(decoding: try JSONCoding.encoder.encode(value), as: UTF8.self))
}

/// Reads a JSON argument; malformed JSON, a missing required field or a value of the wrong kind is
/// BO_INVALID_ARGUMENT naming the field (its JSON path) and what is wrong with it.
func jsonIn<T: Decodable>(_ text: UnsafePointer<CChar>?, _ name: String, as type: T.Type = T.self) throws -> T {
    let json = Data(try string(text, name).utf8)
    if let key = duplicateKey(in: json) {
        throw Failure.invalid("\(name) names \(Validate.quoted(key, max: 40)) twice in one object: say each field once")
    }
    do {
        return try JSONDecoder().decode(T.self, from: json)
    } catch let DecodingError.keyNotFound(key, context) {
        throw Failure.invalid("\(name) lacks the field \"\(path(context.codingPath + [key]))\"")
    } catch let DecodingError.typeMismatch(type, context), let DecodingError.valueNotFound(type, context) {
        // In JSON's words, not Swift's ("must be an integer, not a string").
        // Foundation says "… but found a string instead." or "… found null value instead": keep "a string", "null".
        var found = context.debugDescription.firstRange(of: "found ").map { String(context.debugDescription[$0.upperBound...]) } ?? "null"
        for tail in [".", " instead", " value"] where found.hasSuffix(tail) { found.removeLast(tail.count) }
        let field = context.codingPath.isEmpty ? name : path(context.codingPath)  // the whole argument, when it is the wrong kind
        throw Failure.invalid("\(field) must be \(jsonKind(type)), not \(found)")
    } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
        let field = path(context.codingPath)
        if context.debugDescription.contains("UUID") {  // Foundation's words name neither the field's rule nor the value
            let given = (try? JSONDecoder().decode(JSONValue.self, from: json))?.text(at: context.codingPath).map { " " + Validate.quoted($0, max: 40) } ?? ""
            throw Failure.invalid("\(field)\(given) is not a UUID like \"0190f3c2-7b1e-7c3a-9d4e-5f6a7b8c9d0e\"")
        }
        throw Failure.invalid("\(field) \(context.debugDescription)")
    } catch {
        // FoundationEssentials reports a number that fits no integer (25.5, 1e30) as invalid JSON
        // with no path: find it, where every number read is a whole one (a plan's are not).
        if !(T.self is any TakesFractions.Type), let number = try? JSONDecoder().decode(JSONValue.self, from: json).firstFraction() {
            throw Failure.invalid("\(number.path) must be a whole number, not \(number.value)")
        }
        throw Failure.invalid("\(name) is not valid JSON" + (T.self is any TakesFractions.Type
            ? " (a number beyond ±1.8e308 or too small to write, or a \\u escape of half a surrogate pair, is refused too)" : ""))
    }
}

/// The first name that appears twice in one object of `json`, if any. RFC 8259 §4 says names
/// SHOULD be unique and leaves duplicates' meaning open; Foundation's decoder keeps the last one
/// silently, so `{"status": "pending", "status": "succeeded"}` would mean whatever came last.
/// Foundation has no option to refuse them, hence this scan of our own. It only pairs names
/// within each object (escapes compared as written); malformed JSON is left to the decoder.
private func duplicateKey(in json: Data) -> String? {
    var objects: [(keys: Set<Data>, expectingKey: Bool)?] = []  // nil: an array
    var i = json.startIndex
    while i < json.endIndex {
        switch json[i] {
        case UInt8(ascii: "{"): objects.append((keys: [], expectingKey: true))
        case UInt8(ascii: "["): objects.append(nil)
        case UInt8(ascii: "}"), UInt8(ascii: "]"): if !objects.isEmpty { objects.removeLast() }
        case UInt8(ascii: ","): if let top = objects.last, var object = top { object.expectingKey = true; objects[objects.count - 1] = object }
        case UInt8(ascii: "\""):
            var end = json.index(after: i)
            while end < json.endIndex && json[end] != UInt8(ascii: "\"") {
                end = json.index(end, offsetBy: json[end] == UInt8(ascii: "\\") ? 2 : 1, limitedBy: json.endIndex) ?? json.endIndex
            }
            if let top = objects.last, var object = top, object.expectingKey {
                let name = json[json.index(after: i)..<min(end, json.endIndex)]
                if !object.keys.insert(Data(name)).inserted { return String(decoding: name, as: UTF8.self) }
                object.expectingKey = false
                objects[objects.count - 1] = object
            }
            i = end
        default: break
        }
        if i < json.endIndex { i = json.index(after: i) }
    }
    return nil
}

/// A JSON path as people write it: "items[0].quantity".
private func path(_ keys: [any CodingKey]) -> String { keys.reduce("") { step($0, $1.intValue, $1.stringValue) } }

private func step(_ path: String, _ index: Int?, _ name: String) -> String {
    if let index { return "\(path)[\(index)]" }
    return path.isEmpty ? name : "\(path).\(name)"
}

/// What JSON value a Swift type reads.
private func jsonKind(_ type: Any.Type) -> String {
    switch type {
    case is Int64.Type, is UInt64.Type, is Int.Type, is Int32.Type: "a whole number"
    case is Double.Type: "a number"
    case is String.Type: "a string"
    case is Bool.Type: "true or false"
    case is [Any].Type, is [String].Type: "a list"
    default: "an object"
    }
}

/// JSON arguments with numbers that are not whole (a seating plan's coordinates).
protocol TakesFractions {}
extension SeatingPlanDefinition: TakesFractions {}

/// Any JSON value, to tell a syntax error from a number that fits no integer.
private enum JSONValue: Decodable {
    case whole, fraction(String), text(String), other, array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if (try? single.decode(Int64.self)) != nil || (try? single.decode(UInt64.self)) != nil {
            self = .whole
        } else if let number = try? single.decode(Double.self) {
            self = .fraction(number.description)
        } else if let text = try? single.decode(String.self) {
            self = .text(text)
        } else if let array = try? single.decode([JSONValue].self) {
            self = .array(array)
        } else if let object = try? single.decode([String: JSONValue].self) {
            self = .object(object)
        } else {
            self = .other
        }
    }

    /// The path and text of the first number that is not a whole one, keys in sorted order.
    func firstFraction(at prefix: String = "") -> (path: String, value: String)? {
        switch self {
        case .fraction(let text): return (prefix, text)
        case .array(let items):
            return items.enumerated().lazy.compactMap { $1.firstFraction(at: step(prefix, $0, "")) }.first
        case .object(let fields):
            return fields.sorted { $0.key < $1.key }.lazy
                .compactMap { $1.firstFraction(at: step(prefix, nil, $0)) }.first
        case .whole, .text, .other: return nil
        }
    }

    /// The string at a coding path, if there is one.
    func text(at keys: [any CodingKey]) -> String? {
        guard let key = keys.first else { if case .text(let text) = self { return text } else { return nil } }
        switch self {
        case .array(let items): return key.intValue.flatMap { items.indices.contains($0) ? items[$0] : nil }?.text(at: Array(keys.dropFirst()))
        case .object(let fields): return fields[key.stringValue]?.text(at: Array(keys.dropFirst()))
        default: return nil
        }
    }
}

/// The actor of an operation: NULL is the system (the trusted host), else a user's id.
func actor(_ id: UnsafePointer<bo_uuid>?) -> Actor { id.map { .user($0.pointee.uuid) } ?? .system }

/// An expected version: 0 means "any" (versions start at 1).
func expected(_ version: UInt64) -> UInt64? { version == 0 ? nil : version }
