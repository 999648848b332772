import ArgumentParser
import BoxOffice
import BoxOfficeStore

/// The `boxoffice` command and its subcommands.
public struct Root: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "boxoffice",
        abstract: "Inspect and maintain BoxOffice data files.",
        discussion: """
            Inspection commands open the file read-only and never block writers: they are safe on a \
            live kiosk. Maintenance commands write, and say so in their help.

            Exit codes: 0 success; 1 verify found problems; 2 the command could not do its work \
            (bad path, unknown table, event, order or code, storage error); 64 bad usage.
            """,
        version: Engine.version,
        subcommands: CLI.commands)

    public init() {}
}

/// Runs the command line and returns the exit status: what `main` passes to `exit`, and what
/// tests check in-process.
public enum CLI {
    /// Every subcommand, in the order `--help` lists them.
    static let commands: [any ParsableCommand.Type] = [Info.self, Tables.self] + inspectionCommands + maintenanceCommands

    /// How to run this program again from here: the path it was started by, if it was started by
    /// a path (`.build/debug/boxoffice`), else `boxoffice` from the PATH. For hints to print.
    public static var invokedAs: String {
        let program = CommandLine.arguments.first ?? ""
        return program.contains("/") && program.hasSuffix("/boxoffice") ? program : "boxoffice"
    }

    public static func run(_ arguments: [String]) -> Int32 {
        // A command the parser does not know: name it and the closest ones (also after `help`).
        let names = commands.map { $0._commandName }
        let asked = arguments.first == "help" ? arguments.dropFirst().first : arguments.first
        if let asked, !asked.hasPrefix("-"), !names.contains(asked), asked != "help" {
            Output.current.error("boxoffice: unknown command '\(asked)'\(Suggestions.hint(for: asked, in: names)) (see `boxoffice --help`)")
            return ExitCode.validationFailure.rawValue
        }
        if arguments.first == "help", arguments.count > 2 {
            Output.current.error("boxoffice: help takes one command, not \(arguments.count - 1) words (boxoffice help COMMAND)")
            return ExitCode.validationFailure.rawValue
        }
        do {
            var command = try Root.parseAsRoot(arguments)
            try command.run()
            return 0
        } catch let failure as CommandFailure {
            Output.current.error("boxoffice: \(failure.message)")
            return failure.code
        } catch let code as ExitCode {
            return code.rawValue
        } catch {
            let status = Root.exitCode(for: error)
            let message = Root.fullMessage(for: error)
            if status == .success {
                Output.current.line(message)
            } else {
                Output.current.error(message)
            }
            return status.rawValue
        }
    }
}
