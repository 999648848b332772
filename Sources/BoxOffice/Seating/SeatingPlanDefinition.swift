import FoundationEssentials

/// A seating plan as JSON gives it: sections of rows of seats (docs/SEATING.md). The engine
/// checks it into a ``SeatMap``; the JSON is kept as given.
public struct SeatingPlanDefinition: Codable, Sendable, Equatable {
    public struct Point: Codable, Sendable, Equatable {
        public var x: Double
        public var y: Double
        public init(x: Double, y: Double) { (self.x, self.y) = (x, y) }
    }

    public struct Seat: Codable, Sendable, Equatable {
        /// 1 to 32 bytes without "/": the last part of the label "section/row/number".
        public var number: String
        /// Where it is drawn; y grows downward, as in SVG.
        public var x: Double
        public var y: Double
        /// Its category; absent: its row's.
        public var category: String?
        public var accessible: Bool?
        public var companion: Bool?
        public var restrictedView: Bool?
        /// How good it is, lower first (≥ 0); absent: its distance to the focal point.
        public var rank: Double?

        public init(number: String, x: Double, y: Double, category: String? = nil, accessible: Bool? = nil,
                    companion: Bool? = nil, restrictedView: Bool? = nil, rank: Double? = nil) {
            (self.number, self.x, self.y, self.category) = (number, x, y, category)
            (self.accessible, self.companion, self.restrictedView, self.rank) = (accessible, companion, restrictedView, rank)
        }
    }

    /// Seats next to each other, in order: an aisle splits a physical row in two.
    public struct Row: Codable, Sendable, Equatable {
        public var name: String
        /// The category of its seats that name none.
        public var category: String?
        public var seats: [Seat]
        public init(name: String, category: String? = nil, seats: [Seat]) { (self.name, self.category, self.seats) = (name, category, seats) }
    }

    /// Rows front to back: adjacent rows are next to each other in the list.
    public struct Section: Codable, Sendable, Equatable {
        public var name: String
        public var rows: [Row]
        public init(name: String, rows: [Row]) { (self.name, self.rows) = (name, rows) }
    }

    public var name: String
    /// What the seats face (the stage's centre): nearer seats rank better.
    public var focalPoint: Point
    public var sections: [Section]

    public init(name: String, focalPoint: Point, sections: [Section]) {
        (self.name, self.focalPoint, self.sections) = (name, focalPoint, sections)
    }
}
