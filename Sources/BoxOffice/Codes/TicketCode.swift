/// Crockford's base32 alphabet: digits and capitals without I, L, O and U, so a code read aloud
/// or typed from paper is unambiguous. It is also QR alphanumeric mode, the compact one.
enum Crockford {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    static func random(_ count: Int) -> String {
        var rng = SystemRandomNumberGenerator()
        return String(decoding: (0..<count).map { _ in alphabet[Int(rng.next() & 31)] }, as: UTF8.self)
    }

    /// Uppercases, drops dashes and spaces, and reads O as 0 and I, L as 1. Nil if anything
    /// else is not in the alphabet.
    static func normalize(_ text: String) -> String? {
        var out: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "-"), UInt8(ascii: " "): continue
            case UInt8(ascii: "o"), UInt8(ascii: "O"): out.append(UInt8(ascii: "0"))
            case UInt8(ascii: "i"), UInt8(ascii: "I"), UInt8(ascii: "l"), UInt8(ascii: "L"): out.append(UInt8(ascii: "1"))
            default:
                let upper = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 32 : byte
                guard alphabet.contains(upper) else { return nil }
                out.append(upper)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Ticket codes: 26 Crockford symbols, 130 random bits (at least 128), fits a small QR code.
public enum TicketCode {
    public static let length = 26

    static func generate() -> String { Crockford.random(length) }

    /// The canonical form of a scanned or typed code, or nil if it cannot be a ticket code.
    public static func normalize(_ text: String) -> String? {
        guard let code = Crockford.normalize(text), code.utf8.count == length else { return nil }
        return code
    }
}

/// Order numbers: 8 Crockford symbols shown as "7KQ2-M9XA" (40 bits; collisions are retried).
public enum OrderNumber {
    static func generate() -> String {
        let raw = Crockford.random(8)
        return String(raw.prefix(4)) + "-" + String(raw.suffix(4))
    }

    /// The canonical "XXXX-XXXX" form of a typed order number, or nil.
    public static func normalize(_ text: String) -> String? {
        guard let raw = Crockford.normalize(text), raw.utf8.count == 8 else { return nil }
        return String(raw.prefix(4)) + "-" + String(raw.suffix(4))
    }
}
