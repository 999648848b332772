import Foundation
import Glibc

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
        write: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
        writeError: { text in FileHandle.standardError.write(Data(text.utf8)) },
        isTerminal: isatty(STDOUT_FILENO) != 0)

    @TaskLocal public static var current = Output.standard

    func line(_ text: String = "") { write(text + "\n") }
    func error(_ text: String) { writeError(text + "\n") }
}
