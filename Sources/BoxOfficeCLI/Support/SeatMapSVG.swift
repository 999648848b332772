import BoxOffice
import Foundation
import Plot

/// An event's seats as an SVG picture: a circle a seat, coloured by state, its label and state in
/// a tooltip, the focal point marked, and a legend with the counts. Plot writes the XML and
/// escapes what the file holds (labels, the plan's name).
struct SeatMapSVG {
    let seats: EventSeats
    let title: String

    init(_ seats: EventSeats, title: String) {
        self.seats = seats
        self.title = title
    }

    /// Fill colours by state, as the legend shows them.
    static func fill(_ state: EventSeating.SeatState) -> String {
        switch state {
        case .free: "#2e9e44"
        case .held: "#f2b01e"
        case .sold: "#d03a2f"
        case .blocked: "#7a7a7a"
        case .house: "#2f6fd0"
        }
    }

    /// Pixels between neighbouring seats, and the most pixels a side (renderers refuse larger).
    static let pitch = 20.0
    static let largest = 16_000.0
    /// Around the plan and per legend line, in seat pitches.
    static let margin = 2.0
    static let legendHeight = 6.5

    /// Text as the picture shows it: hidden characters, and those XML 1.0 does not allow at all
    /// (controls, U+FFFE, U+FFFF; §2.2 Char), written as `\u{1B}`; Plot escapes the rest.
    static func shown(_ text: String) -> String {
        let visible = Validate.visible(text)
        guard visible.unicodeScalars.contains(where: { $0.value == 0xFFFE || $0.value == 0xFFFF }) else { return visible }
        return visible.unicodeScalars.map { $0.value == 0xFFFE || $0.value == 0xFFFF ? $0.escaped(asASCII: true) : String($0) }.joined()
    }

    func render() -> String {
        let (minX, maxX, minY, maxY) = seats.bounds
        // Pixels per plan unit: seats a pitch apart, within the largest picture.
        let unit = seats.seatPitch
        var scale = Self.pitch / unit
        let spanX = max(maxX - minX + 2 * Self.margin * unit, 10 * unit), spanY = maxY - minY + (2 * Self.margin + Self.legendHeight) * unit
        scale = min(scale, Self.largest / spanX, Self.largest / spanY)
        let width = spanX * scale, height = spanY * scale
        let step = unit * scale  // a seat pitch in pixels
        let radius = 0.4 * step
        func pixel(_ x: Double, _ y: Double) -> (x: Double, y: Double) {
            ((x - minX) * scale + Self.margin * step, (y - minY) * scale + Self.margin * step)
        }
        func number(_ value: Double) -> String { String(format: "%.1f", value) }

        var nodes: [Node<XML.DocumentContext>] = [
            .attribute(named: "xmlns", value: "http://www.w3.org/2000/svg"),
            .attribute(named: "width", value: number(width)),
            .attribute(named: "height", value: number(height)),
            .attribute(named: "viewBox", value: "0 0 \(number(width)) \(number(height))"),
            .element(named: "title", text: Self.shown("\(title): \(seats.planName)")),
            .element(named: "rect", nodes: [.attribute(named: "width", value: "100%"), .attribute(named: "height", value: "100%"),
                                            .attribute(named: "fill", value: "#ffffff")]),
        ]
        let focus = pixel(seats.focalPoint[0], seats.focalPoint[1])
        nodes.append(.element(named: "text", nodes: [
            .attribute(named: "x", value: number(focus.x)), .attribute(named: "y", value: number(focus.y)),
            .attribute(named: "text-anchor", value: "middle"), .attribute(named: "font-family", value: "sans-serif"),
            .attribute(named: "font-size", value: number(step)), .text("STAGE"),
        ]))
        for seat in seats.seats {
            let at = pixel(seat.x, seat.y)
            var attributes: [Node<XML.DocumentContext>] = [
                .attribute(named: "cx", value: number(at.x)), .attribute(named: "cy", value: number(at.y)),
                .attribute(named: "r", value: number(radius)), .attribute(named: "fill", value: Self.fill(seat.state)),
            ]
            if seat.accessible { attributes += [.attribute(named: "stroke", value: "#000000"), .attribute(named: "stroke-width", value: "2")] }
            attributes.append(.element(named: "title", text: Self.shown("\(seat.label) \(seat.category) \(seat.state.rawValue)")))
            nodes.append(.element(named: "circle", nodes: attributes))
        }
        // The legend, below the plan: a dot and "free 120" a line.
        for (i, state) in SeatSymbols.states.enumerated() {
            let x = Self.margin * step
            let legendY = height - (Self.legendHeight - 0.5 - Double(i) * 1.2) * step
            let count = seats.count(state)
            nodes.append(.element(named: "circle", nodes: [
                .attribute(named: "cx", value: number(x)), .attribute(named: "cy", value: number(legendY)),
                .attribute(named: "r", value: number(radius)), .attribute(named: "fill", value: Self.fill(state)),
            ]))
            nodes.append(.element(named: "text", nodes: [
                .attribute(named: "x", value: number(x + step)), .attribute(named: "y", value: number(legendY + step / 3)),
                .attribute(named: "font-family", value: "sans-serif"), .attribute(named: "font-size", value: number(step * 0.8)),
                .text("\(state.rawValue) \(count)"),
            ]))
        }
        return XML(.element(named: "svg", nodes: nodes)).render() + "\n"
    }
}
