import BoxOffice
import BoxOfficeStore

/// A command that could not do its work: one line on stderr and an exit status.
struct CommandFailure: Error {
    var message: String
    var code: Int32 = ExitStatus.failed

    init(_ message: String, code: Int32 = ExitStatus.failed) {
        self.message = message
        self.code = code
    }

    /// The one conversion from engine and storage errors to what the user reads.
    init(_ error: any Error) {
        switch error {
        case let failure as CommandFailure: self = failure
        case let domain as BoxOfficeError: self.init(domain.description)
        case let store as StoreError: self.init(store.description)
        default: self.init(String(describing: error))
        }
    }
}

/// The documented exit statuses (docs/CLI.md).
enum ExitStatus {
    static let ok: Int32 = 0
    /// verify found problems.
    static let problems: Int32 = 1
    /// The command could not do its work.
    static let failed: Int32 = 2
}

/// Runs a command body, turning any error into a CommandFailure.
func attempt<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch { throw CommandFailure(error) }
}
