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

    @OptionGroup var event: EventArgument

    @OptionGroup var output: JSONOption

    func run() throws {
        let engine = try file.openReadOnly()
        let (found, _) = try event.resolve(in: engine)
        let places = try attempt { try engine.waitlist(eventId: found.id) }
        if output.json { return Output.current.line(try json(places)) }
        guard !places.isEmpty else { return Output.current.line("nobody on the waitlist") }
        let tiers = try engine.tierNames(eventId: found.id)
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
