import CBoxOfficeTypes
import Foundation
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
