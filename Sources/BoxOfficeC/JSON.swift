import BoxOffice
import CBoxOfficeTypes
import Foundation

public typealias OutString = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
public typealias OutError = UnsafeMutablePointer<UnsafeMutablePointer<bo_error>?>

/// Writes `value` as compact JSON (keys sorted) into memory the caller frees with bo_free().
/// A NULL `out` means the caller does not want it.
func jsonOut<T: Encodable>(_ value: T, _ out: OutString?) throws {
    guard let out else { return }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    out.pointee = copyOut(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Reads a JSON argument; malformed JSON or missing required fields are BO_INVALID_ARGUMENT.
func jsonIn<T: Decodable>(_ text: UnsafePointer<CChar>?, _ name: String, as type: T.Type = T.self) throws -> T {
    let json = try string(text, name)
    do {
        return try JSONDecoder().decode(T.self, from: Data(json.utf8))
    } catch let DecodingError.keyNotFound(key, _) {
        throw Failure.invalid("\(name) lacks the field \"\(key.stringValue)\"")
    } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
        let path = context.codingPath.map(\.stringValue).joined(separator: ".")
        throw Failure.invalid("\(name): field \"\(path)\" has the wrong type")
    } catch let DecodingError.dataCorrupted(context) {
        let path = context.codingPath.map(\.stringValue).joined(separator: ".")
        throw Failure.invalid("\(name) is not valid JSON" + (path.isEmpty ? "" : " at \"\(path)\"") + ": \(context.debugDescription)")
    } catch {
        throw Failure.invalid("\(name) is not valid JSON: \(error)")
    }
}

/// The actor of an operation: NULL is the system (the trusted host), else a user's id.
func actor(_ id: UnsafePointer<bo_uuid>?) -> Actor { id.map { .user($0.pointee.uuid) } ?? .system }

/// An expected version: 0 means "any" (versions start at 1).
func expected(_ version: UInt64) -> UInt64? { version == 0 ? nil : version }
