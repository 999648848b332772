import ArgumentParser
import BoxOffice
import Foundation

/// `boxoffice seats PATH EVENT`: an event's seat map, in the terminal or as SVG.
struct SeatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seats",
        abstract: "Draw an event's seats by state: in the terminal, or as an SVG picture with a legend (read-only).",
        discussion: """
            EVENT is an event id or a unique prefix of its title (case-insensitive). The terminal \
            picture places seats by their plan coordinates, scaled to --width columns; a cell holding \
            several seats shows the state most of them are in. Symbols: \(SeatSymbols.legend). \
            Colours are used on a terminal unless NO_COLOR is set (--color). --rows lists every row instead, \
            one seat per symbol. --svg OUT writes every seat as a circle, coloured by state, with its \
            label and state as a tooltip.
            """)

    @OptionGroup var file: FileOptions

    @OptionGroup var event: EventArgument

    @Option(name: .long, help: "Write the map as SVG to this file ('-' for standard output) instead of drawing it.")
    var svg: String?

    @Flag(name: .long, help: "List each row's seats, one symbol a seat, instead of the picture.")
    var rows = false

    @Option(name: .long, help: "The picture's width in columns (20 to 1000).")
    var width = 100

    enum Colour: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Option(name: .long, help: "Colour the symbols: auto (on a terminal, unless NO_COLOR is set), always or never.")
    var color = Colour.auto

    @OptionGroup var output: JSONOption

    func validate() throws {
        guard (20...1000).contains(width) else { throw ValidationError("--width must be 20 to 1000, not \(width)") }
        if svg == "" { throw ValidationError("--svg needs a file name") }
        if svg != nil && output.json { throw ValidationError("--svg and --json each write the map; give one") }
    }

    func run() throws {
        let engine = try file.openReadOnly()
        let (found, _) = try event.resolve(in: engine)
        let seats = try attempt { try engine.eventSeats(eventId: found.id) }
        if output.json { return Output.current.line(try json(seats)) }
        if let svg {
            let picture = SeatMapSVG(seats, title: found.details.title).render()
            if svg == "-" { return Output.current.write(picture) }
            do { try picture.write(toFile: svg, atomically: true, encoding: .utf8) } catch {
                throw CommandFailure("cannot write \(svg): \(error.localizedDescription)")
            }
            return Output.current.line("wrote \(svg): \(seats.seats.count) seats")
        }
        let noColour = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty  // https://no-color.org
        let colour = color == .always || (color == .auto && Output.current.isTerminal && !noColour)
        let picture = SeatPicture(seats, colour: colour)
        Output.current.write(rows ? picture.rows() : picture.grid(width: width))
        Output.current.line("\(seats.planName): \(SeatSymbols.counts(seats))")
    }
}
