import CBoxOfficeTypes
import FoundationEssentials

/// Parses a UUID in its 36-character text form ("0190f3c2-7b1e-7c3a-9d4e-5f6a7b8c9d0e", any case).
/// Returns BO_OK, or BO_INVALID_ARGUMENT for NULL or malformed text.
@c(bo_uuid_parse)
public func boUUIDParse(_ text: UnsafePointer<CChar>?, _ out: UnsafeMutablePointer<bo_uuid>?) -> bo_status {
    withStatus(nil) {
        let text = try string(text, "text")
        guard let id = strictUUID(text) else { throw Failure.invalid("'\(text)' is not a UUID (8-4-4-4-12 hex digits)") }
        try store(bo_uuid(id), out, "out")
    }
}

/// Writes a UUID's lowercase text form and a NUL into `out`, which must hold 37 bytes.
/// Returns BO_OK, or BO_INVALID_ARGUMENT for NULL.
@c(bo_uuid_format)
public func boUUIDFormat(_ id: UnsafePointer<bo_uuid>?, _ out: UnsafeMutablePointer<CChar>?) -> bo_status {
    withStatus(nil) {
        let text = try uuid(id, "id").lowercasedString
        guard let out else { throw Failure.invalid("out is NULL") }
        text.withCString { out.update(from: $0, count: 37) }
    }
}

/// Exactly 8-4-4-4-12 hex digits. (Foundation's parser on Linux accepts spaces, "0x" and stray
/// characters and then returns shifted bytes.)
func strictUUID(_ text: String) -> UUID? {
    let chars = Array(text.utf8)
    guard chars.count == 36 else { return nil }
    var bytes = [UInt8]()
    var i = 0
    while i < 36 {
        if [8, 13, 18, 23].contains(i) {
            guard chars[i] == UInt8(ascii: "-") else { return nil }
            i += 1
            continue
        }
        guard let high = hexValue(chars[i]), let low = hexValue(chars[i + 1]) else { return nil }
        bytes.append(high << 4 | low)
        i += 2
    }
    return bytes.withUnsafeBytes { UUID(uuid: $0.load(as: uuid_t.self)) }
}

private func hexValue(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
    default: nil
    }
}
