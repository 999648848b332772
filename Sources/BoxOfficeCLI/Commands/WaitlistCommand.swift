import ArgumentParser
import BoxOffice

struct WaitlistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "waitlist",
        abstract: "List an event's waitlist: entries in the order they joined, with positions and offers (read-only).",
        discussion: """
            EVENT is an event id or a unique prefix of its title (case-insensitive). A waiting \
            entry shows its position in the queue (1 is offered next); an offered one, its hold and \
            when the offer ends; the others, how they left the list.
            """)

    @OptionGroup var file: FileOptions

    @Argument(help: "An event id, or a unique prefix of its title.")
    var event: String

    @OptionGroup var output: JSONOption

    func validate() throws {
        if event.isEmpty { throw ValidationError("EVENT must not be empty") }
    }

    func run() throws {
        let engine = try file.openReadOnly()
        let (found, _) = try engine.resolveEvent(event)
        let places = try attempt { try engine.waitlist(eventId: found.id) }
        if output.json { return Output.current.line(try json(places)) }
        guard !places.isEmpty else { return Output.current.line("nobody on the waitlist") }
        let tiers = Dictionary(uniqueKeysWithValues: try attempt { try engine.ticketTypes(eventId: found.id) }.map { ($0.id, $0.details.name) })
        var table = TextTable(header: ["position", "email", "tier", "tickets", "status", "offer hold", "offer ends", "offers", "joined"])
        for place in places {
            let e = place.entry
            table.add([place.position.map { "\($0)" } ?? "", e.email, e.ticketTypeId.map { tiers[$0] ?? lower($0) } ?? "any",
                       "\(e.quantity)", e.status.rawValue, place.offer.map { lower($0.id) } ?? "",
                       place.offer.map { time($0.expiresAt) } ?? "", "\(e.offers)", time(e.createdAt)])
        }
        let waiting = places.filter { $0.entry.status == .waiting }
        Output.current.line(table.render())
        Output.current.line("waiting: \(waiting.count) (\(waiting.reduce(0) { $0 + $1.entry.quantity }) tickets); "
                            + "offers open: \(places.filter { $0.entry.status == .offered }.count)")
    }
}
