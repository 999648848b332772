import ArgumentParser
import BoxOffice
import BoxOfficeStore

/// `boxoffice expire-holds PATH`: ends every hold whose time is up.
struct ExpireHolds: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "End every expired hold, returning its tickets to stock, and purge expired idempotency keys (writes).",
        discussion: """
            Kiosks expire an event's holds lazily when they next sell for it; this sweeps every event \
            at once, in one transaction, by the system clock. Freed tickets are offered to waitlists; \
            waitlists whose sales window opened are served, and those of events whose sales closed \
            are closed; due offer reminders and notification batches are written. Run it from a \
            timer. Safe while kiosks write.
            """)

    @OptionGroup var file: FileOptions
    @OptionGroup var output: JSONOption

    struct Report: Encodable {
        var path: String
        var expired: Int
    }

    func run() throws {
        let engine = try file.openForWriting()
        let report = Report(path: file.path, expired: try attempt { try engine.expireHolds() })
        if output.json { return Output.current.line(try json(report)) }
        Output.current.line("expired \(report.expired) hold\(report.expired == 1 ? "" : "s")")
    }
}
