import ArgumentParser

extension CLI {
    /// Maintenance commands, in --help order: verify and export only read the data file; the
    /// others write, and their --help abstract says so.
    static let maintenanceCommands: [any ParsableCommand.Type] = [
        Verify.self, Backup.self, Export.self, Import.self, ExpireHolds.self, OutboxCommand.self, Readers.self, Demo.self,
    ]
}
