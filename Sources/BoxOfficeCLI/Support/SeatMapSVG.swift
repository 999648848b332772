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

    /// Pixels per plan unit.
    static let scale = 20.0
    static let margin = 2.0
    /// A line of the legend a state, below the plan.
    static let legendHeight = 6.5

    /// Where a plan point lands in the picture, in pixels: what a test of the rendering reads.
    static func pixel(x: Double, y: Double, minX: Double, minY: Double) -> (x: Double, y: Double) {
        ((x - minX + margin) * scale, (y - minY + margin) * scale)
    }

    func render() -> String {
        let (minX, maxX, minY, maxY) = seats.bounds
        let width = max(maxX - minX + 2 * Self.margin, 10) * Self.scale
        let height = (maxY - minY + 2 * Self.margin + Self.legendHeight) * Self.scale
        let radius = 0.4 * Self.scale
        func number(_ value: Double) -> String { String(format: "%.1f", value) }

        var nodes: [Node<XML.DocumentContext>] = [
            .attribute(named: "xmlns", value: "http://www.w3.org/2000/svg"),
            .attribute(named: "width", value: number(width)),
            .attribute(named: "height", value: number(height)),
            .attribute(named: "viewBox", value: "0 0 \(number(width)) \(number(height))"),
            .element(named: "title", text: "\(title): \(seats.planName)"),
            .element(named: "rect", nodes: [.attribute(named: "width", value: "100%"), .attribute(named: "height", value: "100%"),
                                            .attribute(named: "fill", value: "#ffffff")]),
        ]
        let focus = Self.pixel(x: seats.focalPoint[0], y: seats.focalPoint[1], minX: minX, minY: minY)
        nodes.append(.element(named: "text", nodes: [
            .attribute(named: "x", value: number(focus.x)), .attribute(named: "y", value: number(focus.y)),
            .attribute(named: "text-anchor", value: "middle"), .attribute(named: "font-family", value: "sans-serif"),
            .attribute(named: "font-size", value: number(Self.scale)), .text("STAGE"),
        ]))
        for seat in seats.seats {
            let at = Self.pixel(x: seat.x, y: seat.y, minX: minX, minY: minY)
            var attributes: [Node<XML.DocumentContext>] = [
                .attribute(named: "cx", value: number(at.x)), .attribute(named: "cy", value: number(at.y)),
                .attribute(named: "r", value: number(radius)), .attribute(named: "fill", value: Self.fill(seat.state)),
            ]
            if seat.accessible { attributes += [.attribute(named: "stroke", value: "#000000"), .attribute(named: "stroke-width", value: "2")] }
            attributes.append(.element(named: "title", text: "\(seat.label) \(seat.category) \(seat.state.rawValue)"))
            nodes.append(.element(named: "circle", nodes: attributes))
        }
        // The legend, below the plan: a dot and "free 120" a line.
        for (i, state) in SeatSymbols.states.enumerated() {
            let x = Self.margin * Self.scale
            let legendY = height - (Self.legendHeight - 0.5 - Double(i) * 1.2) * Self.scale
            let count = seats.count(state)
            nodes.append(.element(named: "circle", nodes: [
                .attribute(named: "cx", value: number(x)), .attribute(named: "cy", value: number(legendY)),
                .attribute(named: "r", value: number(radius)), .attribute(named: "fill", value: Self.fill(state)),
            ]))
            nodes.append(.element(named: "text", nodes: [
                .attribute(named: "x", value: number(x + Self.scale)), .attribute(named: "y", value: number(legendY + Self.scale / 3)),
                .attribute(named: "font-family", value: "sans-serif"), .attribute(named: "font-size", value: number(Self.scale * 0.8)),
                .text("\(state.rawValue) \(count)"),
            ]))
        }
        return XML(.element(named: "svg", nodes: nodes)).render() + "\n"
    }
}
