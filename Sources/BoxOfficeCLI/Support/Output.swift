import Foundation
import Glibc
import BoxOffice

/// Where commands write. Tests swap it for a capture (`Output.$current.withValue`).
public struct Output: Sendable {
    public var write: @Sendable (String) -> Void
    public var writeError: @Sendable (String) -> Void
    /// Progress bars only when a person is watching.
    public var isTerminal: Bool

    public init(write: @escaping @Sendable (String) -> Void, writeError: @escaping @Sendable (String) -> Void, isTerminal: Bool) {
        self.write = write
        self.writeError = writeError
        self.isTerminal = isTerminal
    }

    public static let standard = Output(
        write: { text in writeAll(STDOUT_FILENO, text) },
        writeError: { text in writeAll(STDERR_FILENO, text) },
        isTerminal: isatty(STDOUT_FILENO) != 0)

    /// Writes all of `text`. When the reader is gone (EPIPE: `boxoffice … | head` with SIGPIPE
    /// ignored, as under Python's subprocess), there is nobody left to tell: the command ends
    /// quietly, as it would have on SIGPIPE. (FileHandle's write traps on such errors.)
    private static func writeAll(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                exit(errno == EPIPE ? 0 : ExitStatus.failed)
            }
            bytes = bytes.dropFirst(written)
        }
    }

    @TaskLocal public static var current = Output.standard

    func line(_ text: String = "") { write(Self.printable(text) + "\n") }
    func error(_ text: String) { writeError(Self.printable(text) + "\n") }

    /// `text` with control and invisible formatting characters (an escape sequence, a carriage
    /// return, a right-to-left override) written as `\uXXXX`, newlines kept: what a data file
    /// holds cannot drive the terminal or disguise a line. In `--json` output such a character
    /// only occurs inside a string, where the escape is JSON's own and reads back the same.
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 != "\n" && Validate.isHidden($0) }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar != "\n" && Validate.isHidden(scalar) {
                for unit in String(scalar).utf16 { out += "\\u" + String(repeating: "0", count: 4 - String(unit, radix: 16).count) + String(unit, radix: 16, uppercase: true) }
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

}
