import CBoxOfficeTypes
import Foundation

/// Parses a UUID in its 36-character text form ("0190f3c2-7b1e-7c3a-9d4e-5f6a7b8c9d0e", any case).
/// Returns BO_OK, or BO_INVALID_ARGUMENT for NULL or malformed text.
@c(bo_uuid_parse)
public func boUUIDParse(_ text: UnsafePointer<CChar>?, _ out: UnsafeMutablePointer<bo_uuid>?) -> bo_status {
    withStatus(nil) {
        let text = try string(text, "text")
        guard let id = UUID(uuidString: text) else { throw Failure.invalid("'\(text)' is not a UUID") }
        try store(bo_uuid(id), out, "out")
    }
}

/// Writes a UUID's lowercase text form and a NUL into `out`, which must hold 37 bytes.
/// Returns BO_OK, or BO_INVALID_ARGUMENT for NULL.
@c(bo_uuid_format)
public func boUUIDFormat(_ id: UnsafePointer<bo_uuid>?, _ out: UnsafeMutablePointer<CChar>?) -> bo_status {
    withStatus(nil) {
        let text = try uuid(id, "id").uuidString.lowercased()
        guard let out else { throw Failure.invalid("out is NULL") }
        text.withCString { out.update(from: $0, count: 37) }
    }
}
