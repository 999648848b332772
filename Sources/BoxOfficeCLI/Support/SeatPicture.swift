import BoxOffice

/// How the terminal shows a seat's state: a symbol, and a colour when it may.
enum SeatSymbols {
    static func symbol(_ state: EventSeating.SeatState) -> Character {
        switch state {
        case .free: "o"
        case .held: "h"
        case .sold: "x"
        case .blocked: "#"
        case .house: "r"
        }
    }

    /// SGR colours (ECMA-48 §8.3.117). Written here rather than with a colour library: commands
    /// write through ``Output``, which tests capture, and a library decides colour from the real
    /// stdout and its own global switch.
    static func colour(_ state: EventSeating.SeatState) -> String {
        switch state {
        case .free: "\u{1B}[32m"
        case .held: "\u{1B}[33m"
        case .sold: "\u{1B}[31m"
        case .blocked: "\u{1B}[90m"
        case .house: "\u{1B}[34m"
        }
    }

    static let states: [EventSeating.SeatState] = [.free, .held, .sold, .blocked, .house]
    static let legend = states.map { "\(symbol($0)) \($0.rawValue)" }.joined(separator: ", ")

    static func counts(_ seats: EventSeats) -> String {
        states.map { "\(seats.count($0)) \($0.rawValue)" }.joined(separator: ", ")
    }
}

extension EventSeats {
    /// How many of its seats are in `state`.
    func count(_ state: EventSeating.SeatState) -> Int64 {
        switch state {
        case .free: free
        case .held: held
        case .sold: sold
        case .blocked: blocked
        case .house: house
        }
    }

    /// The usual distance between neighbours in a row (the median), in plan units: what a picture
    /// scales by, whatever unit the plan's coordinates are in.
    var seatPitch: Double {
        var gaps: [Double] = []
        for (a, b) in zip(seats, seats.dropFirst()) where a.section == b.section && a.row == b.row {
            let gap = ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
            if gap > 0 { gaps.append(gap) }
        }
        return gaps.isEmpty ? 1 : gaps.sorted()[gaps.count / 2]
    }

    /// The corners of what a picture shows: every seat and the focal point.
    var bounds: (minX: Double, maxX: Double, minY: Double, maxY: Double) {
        let xs = seats.map(\.x) + [focalPoint[0]], ys = seats.map(\.y) + [focalPoint[1]]
        return (xs.min()!, xs.max()!, ys.min()!, ys.max()!)
    }
}

/// An event's seats drawn as text.
struct SeatPicture {
    let seats: EventSeats
    let colour: Bool

    init(_ seats: EventSeats, colour: Bool) {
        self.seats = seats
        self.colour = colour
    }

    private func paint(_ symbol: Character, _ state: EventSeating.SeatState) -> String {
        colour ? SeatSymbols.colour(state) + String(symbol) + "\u{1B}[0m" : String(symbol)
    }

    /// Seats at their coordinates, a seat a cell when the plan fits `width` columns, else scaled
    /// down to fit (a cell then holds several seats). Both axes share the scale, so rows one seat
    /// apart stay one line apart (a picture twice as tall as the hall). The focal point is '*'.
    func grid(width: Int) -> String {
        let (minX, maxX, minY, maxY) = seats.bounds
        let scale = min(1 / seats.seatPitch, Double(width - 1) / max(maxX - minX, 1e-9))  // cells per plan unit
        func cell(_ x: Double, _ y: Double) -> (line: Int, column: Int) {
            (Int(((y - minY) * scale).rounded()), Int(((x - minX) * scale).rounded()))
        }
        let corner = cell(maxX, maxY)
        var cells = [[[EventSeating.SeatState: Int]]](repeating: Array(repeating: [:], count: corner.column + 1), count: corner.line + 1)
        for seat in seats.seats {
            let at = cell(seat.x, seat.y)
            cells[at.line][at.column][seat.state, default: 0] += 1
        }
        let focus = cell(seats.focalPoint[0], seats.focalPoint[1])
        var out = ""
        for (l, line) in cells.enumerated() {
            var text = ""
            for (c, cell) in line.enumerated() {
                // The state most seats of the cell are in; a tie goes to the earlier state (free first).
                if let state = SeatSymbols.states.max(by: { (cell[$0] ?? 0, -SeatSymbols.states.firstIndex(of: $0)!) < (cell[$1] ?? 0, -SeatSymbols.states.firstIndex(of: $1)!) }),
                   cell[state] ?? 0 > 0 {
                    text += paint(SeatSymbols.symbol(state), state)
                } else {
                    text += (l, c) == (focus.line, focus.column) ? "*" : " "
                }
            }
            while text.hasSuffix(" ") { text.removeLast() }
            out += text + "\n"
        }
        return out
    }

    /// Every row, one symbol a seat: "101/A  ooxxhh".
    func rows() -> String {
        var out = ""
        var current = ""
        for seat in seats.seats {
            let row = Output.printable("\(seat.section)/\(seat.row)")
            if row != current {
                if !current.isEmpty { out += "\n" }
                out += row.padding(toLength: max(row.count, 12), withPad: " ", startingAt: 0) + " "
                current = row
            }
            out += paint(SeatSymbols.symbol(seat.state), seat.state)
        }
        return out + "\n"
    }
}
