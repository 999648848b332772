import ArgumentParser
import BoxOffice
import BoxOfficeStore
import Foundation

/// `boxoffice outbox PATH`: the notification outbox, and an operator's retries, dead-letters and
/// purges.
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "Show the notification outbox; retry or dead-letter a message, or purge delivered ones (writes with those options).",
        discussion: """
            Without options: how many messages are pending, claimed, delivered and dead, then the \
            claimed and dead ones. --status lists one status a page at a time. --retry ID sends a \
            dead message again; --dead-letter ID --reason TEXT stops one from being sent; --purge \
            deletes messages delivered more than --retention-days ago (7). Those three write, as \
            the system.
            """)

    @OptionGroup var file: FileOptions

    @Option(help: "List one status: pending, claimed, delivered or dead.")
    var status: String?

    @Option(parsing: .unconditional, help: "With --status: messages per page, 1 to 1000 (default 50).")
    var limit: Int?

    @Option(parsing: .unconditional, help: "With --status: where the page starts, the cursor a previous page printed.")
    var after: String?

    @Option(help: "Send this dead message again (its id).")
    var retry: String?

    @Option(name: .customLong("dead-letter"), help: "Stop this message from being sent (its id); needs --reason.")
    var deadLetter: String?

    @Option(help: "Why it is dead-lettered.")
    var reason: String?

    @Flag(help: "Delete messages delivered more than --retention-days ago.")
    var purge = false

    @Option(name: .customLong("retention-days"), help: "With --purge: how long delivered messages are kept, 1 to 366 days (default 7).")
    var retentionDays: Int?

    @OptionGroup var output: JSONOption

    func validate() throws {
        let actions = [retry != nil, deadLetter != nil, purge].filter { $0 }.count
        guard actions <= 1 else { throw ValidationError("give at most one of --retry, --dead-letter and --purge") }
        guard actions == 0 || status == nil else { throw ValidationError("--status lists; it does not go with --retry, --dead-letter or --purge") }
        guard (deadLetter == nil) == (reason == nil) else { throw ValidationError("--dead-letter and --reason go together") }
        guard status != nil || (limit == nil && after == nil) else { throw ValidationError("--limit and --after page a --status list") }
        guard purge || retentionDays == nil else { throw ValidationError("--retention-days goes with --purge") }
        if let limit, !(1...1_000).contains(limit) { throw ValidationError("--limit must be 1 to 1000, not \(limit)") }
        if let retentionDays, !(1...366).contains(retentionDays) { throw ValidationError("--retention-days must be 1 to 366, not \(retentionDays)") }
    }

    func run() throws {
        if let id = retry ?? deadLetter {
            guard let uuid = UUID(uuidString: id) else { throw CommandFailure("'\(id)' is not a message id (a UUID)") }
            let engine = try file.openForWriting()
            let message = try attempt { try retry != nil ? engine.retryOutbox(uuid) : engine.deadLetterOutbox(uuid, reason: reason ?? "") }
            if output.json { return Output.current.line(try json(message)) }
            return Output.current.line("\(lower(message.id)) is \(message.status.rawValue)")
        }
        if purge {
            let engine = try file.openForWriting()
            let purged = try attempt { try engine.purgeOutbox(retentionMillis: Int64(retentionDays ?? 7) * 86_400_000) }
            if output.json { return Output.current.line(try json(["purged": purged])) }
            return Output.current.line("purged \(purged) delivered message\(purged == 1 ? "" : "s")")
        }
        let engine = try file.openReadOnly()
        if let status {
            let parsed = try attempt { try OutboxMessage.Status(status, field: "--status") }
            let page = try attempt { try engine.outbox(status: parsed, after: after.flatMap { $0.isEmpty ? nil : $0 }, limit: limit ?? 50) }
            if output.json { return Output.current.line(try json(page)) }
            guard !page.messages.isEmpty else { return Output.current.line("no \(status) messages") }
            Output.current.line(Self.table(page.messages))
            if let next = page.next { Output.current.line("more: --after \(next)") }
            return
        }
        // A summary: counts, then what an operator looks at (claimed and dead).
        var counts: [String: Int] = [:]
        var shown: [OutboxMessage] = []
        for state in OutboxMessage.Status.allCases {
            var cursor: String?
            repeat {
                let page = try attempt { try engine.outbox(status: state, after: cursor, limit: 1_000) }
                counts[state.rawValue, default: 0] += page.messages.count
                if state == .claimed || state == .dead { shown += page.messages.prefix(50 - shown.count) }
                cursor = page.next
            } while cursor != nil
        }
        if output.json { return Output.current.line(try json(["counts": counts])) }
        Output.current.line(OutboxMessage.Status.allCases.map { "\($0.rawValue) \(counts[$0.rawValue] ?? 0)" }.joined(separator: ", "))
        if !shown.isEmpty { Output.current.line(Self.table(shown)) }
    }

    static func table(_ messages: [OutboxMessage]) -> String {
        var table = TextTable(header: ["id", "created", "kind", "recipient", "status", "attempts", "available", "last error"])
        for m in messages {
            table.add([lower(m.id), time(m.createdAt), m.kind.rawValue, m.recipient, m.status.rawValue, "\(m.attempts)", time(m.availableAt),
                       m.lastError ?? ""])
        }
        return table.render()
    }
}
