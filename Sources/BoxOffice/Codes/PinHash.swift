import CSodium

/// PIN and password hashes: libsodium's Argon2id `crypto_pwhash_str`, salted, with its
/// parameters in the string, so the plain value is never stored and verification needs no
/// other state.
enum PinHash {
    static func make(_ pin: String) throws -> String {
        guard sodium_init() >= 0 else { throw BoxOfficeError.storage(.storageFailure, "libsodium failed to initialise") }
        var out = [CChar](repeating: 0, count: boxoffice_pwhash_strbytes())
        let rc = pin.withCString { p in
            crypto_pwhash_str(&out, p, UInt64(pin.utf8.count), boxoffice_pwhash_opslimit(), boxoffice_pwhash_memlimit())
        }
        guard rc == 0 else { throw BoxOfficeError.storage(.storageFailure, "could not hash the PIN (out of memory)") }
        return String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func verify(_ pin: String, against hash: String) -> Bool {
        guard sodium_init() >= 0 else { return false }
        return hash.withCString { h in pin.withCString { p in crypto_pwhash_str_verify(h, p, UInt64(pin.utf8.count)) == 0 } }
    }
}
