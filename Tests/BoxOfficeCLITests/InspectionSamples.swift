import BoxOffice
import BoxOfficeStore
import Foundation
import StoreTestSupport
import Testing

// More data for the inspection commands' tests, added to a SampleFile by opening its path again.

extension SampleFile {
    /// A read-write engine on the sample (released by the caller before read-only opens matter).
    func writer() throws -> Engine {
        try Engine(path: path, options: EngineOptions(store: StoreOptions(durability: .async)))
    }

    /// Transfers the sample's second ticket (valid, Standing) to a new attendee; returns it with its new code.
    func transferSecondTicket() throws -> Ticket {
        try writer().transferTicket(code: tickets[1].code, toName: "Noé Durand", toEmail: "noe@example.org")
    }

    /// Another event of the sample's organization (published, two tiers of its own).
    @discardableResult
    func addEvent(title: String, capacity: Int64? = nil) throws -> Event {
        let engine = try writer()
        let start = engine.now() + 14 * 86_400_000
        let event = try engine.createEvent(organizationId: org.id, EventDetails(title: title, startsAt: start, endsAt: start + 3_600_000,
                                                                                venueName: "La Cigale", city: "Paris", capacity: capacity))
        _ = try engine.createTicketType(eventId: event.id, TicketTypeDetails(name: "Floor", priceMinor: 3_000, currency: "EUR", quantity: 100))
        return try engine.publishEvent(event.id)
    }

    /// An active hold on the Standing tier (it counts as held until it expires in an hour).
    @discardableResult
    func holdStanding(_ quantity: Int64, idempotencyKey: String? = nil) throws -> Hold {
        try writer().createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: quantity)], ttlMillis: 3_600_000,
                                idempotencyKey: idempotencyKey)
    }

    /// The audit log as the engine reads it.
    func auditLog() throws -> [AuditEntry] { try writer().auditFeed(after: 0, limit: 10_000) }
}

/// A new data file with no records at all.
func emptyStore() throws -> String {
    let path = temporaryStorePath("cli-empty")
    _ = try Engine(path: path, options: EngineOptions(store: StoreOptions(durability: .async)))
    return path
}

/// A directory that exists but holds no data file.
func notAStore() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-store-\(UUID())").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func jsonObject(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

func jsonArray(_ text: String) throws -> [[String: Any]] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
}

/// JSON lines: one object per non-empty line.
func jsonLines(_ text: String) throws -> [[String: Any]] {
    try text.split(separator: "\n").map { try jsonObject(String($0)) }
}

func lines(_ text: String) -> [Substring] { text.split(separator: "\n") }

/// The top-level keys of a compact JSON object in the order they are written.
func topLevelKeys(_ line: String) throws -> [String] {
    let object = try jsonObject(line)
    return object.keys.sorted { a, b in
        line.range(of: "\"\(a)\":")!.lowerBound < line.range(of: "\"\(b)\":")!.lowerBound
    }
}

extension Run {
    /// A failure as documented: nothing on stdout, one line on stderr starting "boxoffice: ".
    var isOneLineFailure: Bool {
        status == 2 && out.isEmpty && err.hasPrefix("boxoffice: ") && lines(err).count == 1 && !err.contains("Fatal")
    }
}

/// A time as the human output prints it (ISO 8601, UTC, seconds).
func iso(_ millis: Int64) -> String {
    ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
}
