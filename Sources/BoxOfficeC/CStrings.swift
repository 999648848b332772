import CBoxOfficeTypes
import FoundationEssentials
import Glibc

/// A C string argument as Swift text: NULL and invalid UTF-8 are errors naming the parameter.
func string(_ pointer: UnsafePointer<CChar>?, _ name: String) throws -> String {
    guard let pointer else { throw Failure.invalid("\(name) is NULL") }
    guard let text = String(validatingCString: pointer) else { throw Failure.invalid("\(name) is not valid UTF-8") }
    return text
}

/// An optional C string argument: NULL is nil, invalid UTF-8 an error.
func optionalString(_ pointer: UnsafePointer<CChar>?, _ name: String) throws -> String? {
    guard pointer != nil else { return nil }
    return try string(pointer, name)
}

/// An optional argument that the call needs after all (one of two lookups' keys).
func required(_ value: String?, _ name: String) throws -> String {
    guard let value else { throw Failure.invalid("\(name) is NULL") }
    return value
}

/// The second of two alternative arguments, when the first was not given ("an id or a number"):
/// the message names both, in words that read the same in every binding.
func required(_ value: String?, _ name: String, or other: String) throws -> String {
    guard let value else { throw Failure.invalid("give \(other) or \(name): neither was given") }
    return value
}

/// A limit where 0 means "no limit".
func limitOrAll(_ limit: Int64) throws -> Int? {
    guard limit >= 0, let bounded = Int(exactly: limit) else { throw Failure.invalid("limit must be ≥ 0") }
    return bounded == 0 ? nil : bounded
}

/// A copy of `text` in memory the caller frees with bo_free().
func copyOut(_ text: String) -> UnsafeMutablePointer<CChar> { strdup(text) }

/// Stores `value` through an out-parameter that must not be NULL.
func store<T>(_ value: T, _ out: UnsafeMutablePointer<T>?, _ name: String) throws {
    guard let out else { throw Failure.invalid("\(name) is NULL") }
    out.pointee = value
}

extension bo_uuid {
    init(_ id: UUID) {
        self.init()
        withUnsafeMutableBytes(of: &bytes) { $0.copyBytes(from: withUnsafeBytes(of: id.uuid) { Array($0) }) }
    }

    var uuid: UUID { withUnsafeBytes(of: bytes) { UUID(uuid: $0.load(as: uuid_t.self)) } }
}

func uuid(_ pointer: UnsafePointer<bo_uuid>?, _ name: String) throws -> UUID {
    guard let pointer else { throw Failure.invalid("\(name) is NULL") }
    return pointer.pointee.uuid
}

/// `count` ids, at most 10000 (the most any function takes): the engine checks each function's
/// own range, so that its message names it.
func uuids(_ ids: UnsafePointer<bo_uuid>?, _ count: Int, _ name: String) throws -> [UUID] {
    guard (0...10_000).contains(count) else { throw Failure.invalid("\(name): \(count) ids; give 1 to 10000") }
    guard count > 0 else { return [] }
    guard let ids else { throw Failure.invalid("\(name) is NULL") }
    return UnsafeBufferPointer(start: ids, count: count).map(\.uuid)
}
