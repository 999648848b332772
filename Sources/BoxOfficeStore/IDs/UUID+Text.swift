import FoundationEssentials

extension UUID {
    /// The canonical lowercase text form, "0192f0c4-1b2a-7c3d-8e4f-0123456789ab": what
    /// `uuidString.lowercased()` gives. Written by hand because that path formats through
    /// `vsnprintf` and then copies the string to lowercase it: 6,800 instructions, 3 % of a hold,
    /// whose audit entry names its event (callgrind, `make profile WORKLOAD=hold3`).
    public var lowercasedString: String {
        String(unsafeUninitializedCapacity: 36) { text in
            let digits: StaticString = "0123456789abcdef"
            withUnsafeBytes(of: uuid) { bytes in
                var at = 0
                for (i, byte) in bytes.enumerated() {
                    if i == 4 || i == 6 || i == 8 || i == 10 {
                        text[at] = UInt8(ascii: "-")
                        at += 1
                    }
                    text[at] = digits.utf8Start[Int(byte >> 4)]
                    text[at + 1] = digits.utf8Start[Int(byte & 0x0F)]
                    at += 2
                }
            }
            return 36
        }
    }
}
