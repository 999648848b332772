import FoundationEssentials
import Glibc

/// Whether a name is an IANA time zone, by the system's tz database (Debian's `tzdata`, a
/// required package; `TZDIR` overrides the folder, as for glibc). FoundationEssentials has no
/// zone database (Foundation's comes with ICU, tens of megabytes), and the system's is the one
/// glibc and every other program on the machine already use.
enum TimeZoneDatabase {
    static var folder: String { ProcessInfo.processInfo.environment["TZDIR"] ?? "/usr/share/zoneinfo" }

    /// "Europe/Paris", "UTC", "America/Argentina/Buenos_Aires": a TZif file in the database.
    static func contains(_ name: String) -> Bool {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !name.isEmpty, name.utf8.count <= 64,
              parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }),
              name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f })
        else { return false }
        return isZoneFile(open(folder + "/" + name, O_RDONLY | O_NONBLOCK | O_CLOEXEC))
    }

    /// Whether `fd` is a regular file that starts as RFC 8536 says: "TZif". Closes it.
    private static func isZoneFile(_ fd: Int32) -> Bool {
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        var magic = [UInt8](repeating: 0, count: 4)
        return read(fd, &magic, 4) == 4 && magic == Array("TZif".utf8)
    }
}
