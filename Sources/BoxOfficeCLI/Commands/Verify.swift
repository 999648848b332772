import ArgumentParser
import BoxOffice
import BoxOfficeStore

/// `boxoffice verify PATH`: every storage and ticketing invariant, in one read snapshot.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every index against its table and every ticketing invariant (read-only).",
        discussion: """
            The file is treated as untrusted: every LMDB page is checked from the file before \
            anything is read through LMDB, so a damaged file (cut short, a damaged meta or B-tree \
            page) is reported, never crashed on. Prints one line per problem and a summary. Exit \
            status 0 when the file is consistent, 1 when problems were found (damage included), 2 \
            when the file could not be checked.
            """)

    @OptionGroup var file: FileOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let report = try attempt {
            do {
                return try Engine(path: file.path, options: EngineOptions(store: StoreOptions(readOnly: true))).verify()
            } catch let error as BoxOfficeError where error.code == .corrupt {
                // Damage found before the file could be opened is a finding, like damage found after.
                return VerificationReport(storage: [IntegrityProblem(kind: .damagedPage, table: "(file)", key: "-", detail: "\(error)")],
                                          invariants: [])
            }
        }
        if output.json {
            Output.current.line(try json(report))
        } else {
            if !report.isClean {
                var table = TextTable(header: ["check", "where", "key", "detail"])
                for problem in report.storage {
                    table.add([problem.kind.rawValue, problem.index.map { "\(problem.table).\($0)" } ?? problem.table, problem.key, problem.detail])
                }
                for violation in report.invariants {
                    table.add([violation.rule, violation.entityType, violation.entityId, violation.detail])
                }
                Output.current.line(table.render())
            }
            Output.current.line(Self.summary(report))
        }
        if !report.isClean { throw ExitCode(ExitStatus.problems) }
    }

    static func summary(_ report: VerificationReport) -> String {
        if report.isClean { return "verify: clean (every index matches its table, every invariant holds)" }
        let total = report.storage.count + report.invariants.count
        return "verify: \(total) problem\(total == 1 ? "" : "s") (\(report.storage.count) storage, \(report.invariants.count) invariant)"
    }
}
