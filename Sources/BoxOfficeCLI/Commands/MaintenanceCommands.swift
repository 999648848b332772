import ArgumentParser

extension CLI {
    /// Commands that write (their --help says so), in --help order.
    static let maintenanceCommands: [any ParsableCommand.Type] = []
}
