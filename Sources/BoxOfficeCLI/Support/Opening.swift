import ArgumentParser
import BoxOffice
import BoxOfficeStore
import Foundation

/// The data file argument shared by every command.
struct FileOptions: ParsableArguments {
    @Argument(help: "The data file: a directory holding data.mdb.")
    var path: String

    /// Opens for inspection: read-only, so writers are never blocked and nothing changes.
    func openReadOnly() throws -> Engine {
        try attempt { try Engine(path: path, options: EngineOptions(store: StoreOptions(readOnly: true))) }
    }

    /// Opens for maintenance: read-write, created if missing only when `create` is set (else the
    /// store's `mustExist` refuses a mistyped path instead of creating an empty store there).
    func openForWriting(create: Bool = false) throws -> Engine {
        try attempt { try Engine(path: path, options: EngineOptions(store: StoreOptions(mustExist: !create))) }
    }
}

/// `--json` on every inspection command.
/// The EVENT argument of the commands about one event.
struct EventArgument: ParsableArguments {
    @Argument(help: "An event id, or a unique prefix of its title.")
    var event: String

    func validate() throws {
        if event.isEmpty { throw ValidationError("EVENT must not be empty") }
    }

    /// The event it names in `engine`'s file, with its organization (``Engine/resolveEvent(_:)``).
    func resolve(in engine: Engine) throws -> (event: Event, organization: Organization?) { try engine.resolveEvent(event) }
}

struct JSONOption: ParsableArguments {
    @Flag(name: .long, help: "Machine output: one JSON document (see docs/CLI.md for its shape).")
    var json = false
}
