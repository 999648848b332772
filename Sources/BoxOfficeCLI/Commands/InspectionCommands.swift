import ArgumentParser

extension CLI {
    /// Read-only commands besides info and tables, in --help order.
    static let inspectionCommands: [any ParsableCommand.Type] = [
        DumpCommand.self, GetCommand.self,
    ]
}
