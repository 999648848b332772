import ArgumentParser
import BoxOffice
import BoxOfficeStore
import Foundation

/// `boxoffice feed PATH`: the audit log as a change feed, optionally followed.
struct FeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed",
        abstract: "Print the audit log after a sequence number, and with --follow wait for more (read-only).",
        discussion: """
            One line per entry: SEQ TIME ACTOR ACTION ENTITY SUMMARY. --json prints one JSON object \
            per line, as `dump PATH audit` does. --follow polls every 0.5 s until interrupted; resume \
            later with --after set to the last SEQ printed.
            """)

    @OptionGroup var file: FileOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("Start after this sequence number (0: from the beginning).", valueName: "SEQ"))
    var after: Int64 = 0

    @Option(parsing: .unconditional, help: "Print at most N entries, then stop (also when following).")
    var limit: Int?

    @Flag(help: "Keep polling for new entries until interrupted.")
    var follow = false

    @Option(name: .customLong("stop-after-idle"), help: ArgumentHelp("With --follow: stop after this many seconds without a new entry.",
                                                                     valueName: "SECONDS", visibility: .hidden))
    var stopAfterIdle: Double?

    @Flag(name: .long, help: "Machine output: one JSON object per line (JSON lines; see docs/CLI.md).")
    var json = false

    static let pageSize = 1_000
    static let pollInterval = 0.5

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1, not \(limit)") }
        if after < 0 { throw ValidationError("--after must be a sequence number, 0 or more, not \(after)") }
        if let stopAfterIdle, !(stopAfterIdle >= 0) { throw ValidationError("--stop-after-idle must be a number of seconds ≥ 0") }
    }

    func run() throws {
        let engine = try file.openReadOnly()
        var printer = LinePrinter(json: json, names: try engine.userNames())
        var last = UInt64(after)
        var printed = 0
        var lastNews = Date()
        while true {
            let want = min(Self.pageSize, limit.map { $0 - printed } ?? Self.pageSize)
            let page = try attempt { try engine.auditFeed(after: last, limit: want) }
            try printer.print(page)
            printed += page.count
            if let entry = page.last {
                last = entry.sequence
                lastNews = Date()
            }
            if let limit, printed >= limit { return }
            if page.count == want { continue }  // more may be waiting right now
            guard follow else {
                if printed == 0 && !json { Output.current.line("no entries after \(after)") }
                return
            }
            if let stopAfterIdle, Date().timeIntervalSince(lastNews) >= stopAfterIdle { return }
            Thread.sleep(forTimeInterval: Self.pollInterval)
        }
    }

    /// Prints entries as they come. Human lines are aligned in columns that widen, never narrow,
    /// as longer values arrive (the header is printed again where they do): a feed can be long or
    /// endless, so it cannot be one TextTable.
    struct LinePrinter {
        let json: Bool
        let names: [UUID: String]
        var widths = [3, 20, 6, 6, 6]  // seq, time, actor, action, entity (summary is last, unpadded)
        var headerDone = false

        init(json: Bool, names: [UUID: String]) {
            self.json = json
            self.names = names
        }

        mutating func print(_ entries: [AuditEntry]) throws {
            if json {
                for entry in entries { Output.current.line(try BoxOfficeCLI.json(entry)) }
                return
            }
            let rows = entries.map { e in ["\(e.sequence)", time(e.at), Sections.actorText(e.actor, names), e.action, entityText(e), e.summary] }
            guard !rows.isEmpty else { return }  // the header comes with the first entries
            let before = widths
            for row in rows { for i in widths.indices { widths[i] = max(widths[i], row[i].count) } }
            if !headerDone || widths != before {  // the header again wherever the columns move
                headerDone = true
                Output.current.line(format(["seq", "time", "actor", "action", "entity", "summary"]))
            }
            for row in rows { Output.current.line(format(row)) }
        }

        func format(_ row: [String]) -> String {
            var line = String(repeating: " ", count: max(0, widths[0] - row[0].count)) + row[0]
            for i in 1..<widths.count { line += "  " + row[i] + String(repeating: " ", count: max(0, widths[i] - row[i].count)) }
            line += "  " + row[5]
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }
}
