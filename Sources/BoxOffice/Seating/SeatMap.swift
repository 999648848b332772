import FoundationEssentials

/// A checked seating plan, laid out for best-available: rows in plan order, seats in one array
/// (a row is a range of it), labels looked up by hash, and rows sorted by their best seat.
/// Plans never change once stored, so one is built per plan and shared (``SeatMapCache``).
struct SeatMap: Sendable {
    struct Seat: Sendable {
        let label: String
        let x: Double
        let y: Double
        /// Index into ``SeatMap/categories``.
        let category: Int
        let accessible: Bool
        let companion: Bool
        let restrictedView: Bool
        let rank: Double
    }

    struct Row: Sendable {
        let section: Int
        let name: String
        /// Its seats' indices in ``SeatMap/seats``.
        let seats: Range<Int>
        /// Its best seat's rank: no placement in the row ranks better.
        let bestRank: Double
        /// Bit `c` is set when a seat of category `c` is in it.
        let categoryMask: UInt64
    }

    let name: String
    let focalPoint: SeatingPlanDefinition.Point
    let sections: [String]
    /// Sorted.
    let categories: [String]
    let rows: [Row]
    let seats: [Seat]
    /// The row of each seat.
    let rowOfSeat: [Int32]
    let seatByLabel: [String: Int]
    /// Row indices by best rank, then plan order: where best-available looks first.
    let rowsByRank: [Int]

    static let maxSeats = 100_000
    static let maxSeatsPerRow = 1_000
    static let maxCategories = 50
    static let maxCoordinate = 1_000_000.0

    /// Checks `plan` against the rules of docs/SEATING.md; a broken one is
    /// ``BoxOfficeError/invalidArgument(_:)`` naming the place (`sections[2].rows[0].seats[5].number`).
    init(_ plan: SeatingPlanDefinition) throws {
        func fail(_ path: String, _ problem: String) -> BoxOfficeError { .invalidArgument("plan.\(path) \(problem)") }
        func checkName(_ text: String, _ path: String, max: Int = 32) throws {
            guard !text.isEmpty, text.utf8.count <= max, !text.contains("/"), Validate.isVisible(text) else {
                throw fail(path, "must be 1 to \(max) bytes of visible text without \"/\", not \(Validate.quoted(text, max: 40))")
            }
        }
        func checkNumber(_ value: Double, _ path: String, min: Double = -SeatMap.maxCoordinate) throws {
            guard value.isFinite, value >= min, value <= Self.maxCoordinate else {
                throw fail(path, "must be a number from \(min == 0 ? "0" : "-1000000") to 1000000, not \(value)")
            }
        }
        guard !plan.name.isEmpty, plan.name.utf8.count <= 200, Validate.isVisible(plan.name) else {
            throw fail("name", "must be 1 to 200 bytes of visible text")
        }
        try checkNumber(plan.focalPoint.x, "focalPoint.x")
        try checkNumber(plan.focalPoint.y, "focalPoint.y")
        guard !plan.sections.isEmpty else { throw fail("sections", "must hold at least one section") }
        var rows: [Row] = []
        var seats: [Seat] = []
        var rowOfSeat: [Int32] = []
        var seatByLabel: [String: Int] = [:]
        var categoryNames = Set<String>()
        var sectionNames = Set<String>()
        var pending: [(seat: SeatingPlanDefinition.Seat, category: String, label: String, path: String)] = []
        for (s, section) in plan.sections.enumerated() {
            try checkName(section.name, "sections[\(s)].name")
            guard sectionNames.insert(section.name).inserted else { throw fail("sections[\(s)].name", "\(Validate.quoted(section.name)) is used twice") }
            guard !section.rows.isEmpty else { throw fail("sections[\(s)].rows", "must hold at least one row") }
            for (r, row) in section.rows.enumerated() {
                let rowPath = "sections[\(s)].rows[\(r)]"
                try checkName(row.name, rowPath + ".name")
                guard (1...Self.maxSeatsPerRow).contains(row.seats.count) else {
                    throw fail(rowPath + ".seats", "must hold 1 to \(Self.maxSeatsPerRow) seats, not \(row.seats.count)")
                }
                let start = pending.count
                for (i, seat) in row.seats.enumerated() {
                    let path = rowPath + ".seats[\(i)]"
                    try checkName(seat.number, path + ".number")
                    try checkNumber(seat.x, path + ".x")
                    try checkNumber(seat.y, path + ".y")
                    if let rank = seat.rank { try checkNumber(rank, path + ".rank", min: 0) }
                    guard let category = seat.category ?? row.category else {
                        throw fail(path + ".category", "is missing, and its row gives none")
                    }
                    guard !category.isEmpty, category.utf8.count <= 64, Validate.isVisible(category) else {
                        throw fail(path + ".category", "must be 1 to 64 bytes of visible text, not \(Validate.quoted(category, max: 40))")
                    }
                    categoryNames.insert(category)
                    let label = "\(section.name)/\(row.name)/\(seat.number)"
                    guard seatByLabel.updateValue(pending.count, forKey: label) == nil else {
                        throw fail(path + ".number", "makes the label \(Validate.quoted(label)) a second time: labels are unique")
                    }
                    pending.append((seat, category, label, path))
                    guard pending.count <= Self.maxSeats else { throw fail("sections", "hold more than \(Self.maxSeats) seats") }
                }
                rows.append(Row(section: s, name: row.name, seats: start..<pending.count, bestRank: 0, categoryMask: 0))
            }
        }
        guard categoryNames.count <= Self.maxCategories else {
            throw fail("sections", "use \(categoryNames.count) categories; at most \(Self.maxCategories)")
        }
        let categories = categoryNames.sorted()
        let categoryIndex = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0) })
        let focus = plan.focalPoint
        seats.reserveCapacity(pending.count)
        rowOfSeat.reserveCapacity(pending.count)
        for (seat, category, label, _) in pending {
            let distance = ((seat.x - focus.x) * (seat.x - focus.x) + (seat.y - focus.y) * (seat.y - focus.y)).squareRoot()
            seats.append(Seat(label: label, x: seat.x, y: seat.y, category: categoryIndex[category]!, accessible: seat.accessible,
                              companion: seat.companion, restrictedView: seat.restrictedView, rank: seat.rank ?? distance))
        }
        rows = rows.map { row in
            Row(section: row.section, name: row.name, seats: row.seats, bestRank: row.seats.map { seats[$0].rank }.min()!,
                categoryMask: row.seats.reduce(0) { $0 | 1 << UInt64(seats[$1].category) })
        }
        for (r, row) in rows.enumerated() { rowOfSeat.append(contentsOf: repeatElement(Int32(r), count: row.seats.count)) }
        self.name = plan.name
        self.focalPoint = focus
        self.sections = plan.sections.map(\.name)
        self.categories = categories
        self.rows = rows
        self.seats = seats
        self.rowOfSeat = rowOfSeat
        self.seatByLabel = seatByLabel
        self.rowsByRank = rows.indices.sorted { (rows[$0].bestRank, $0) < (rows[$1].bestRank, $1) }
    }

    /// The seat with `label`, or ``BoxOfficeError/invalidArgument(_:)`` naming it.
    func seat(_ label: String) throws -> Int {
        guard let seat = seatByLabel[label] else {
            throw BoxOfficeError.invalidArgument("seats: \(Validate.quoted(label, max: 100)) is not a seat of this event's plan (labels are \"section/row/number\")")
        }
        return seat
    }

    func row(of seat: Int) -> Int { Int(rowOfSeat[seat]) }
}
