import FoundationEssentials

extension SeatingPlan {
    init(id: UUID, now: Int64, organizationId: UUID, map: SeatMap) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.organizationId = organizationId
        name = map.name
        seatCount = Int64(map.seats.count)
        rowCount = Int64(map.rows.count)
        categories = map.categories
        focalPoint = map.focalPoint
        sections = map.sections
    }
}

extension SeatingPlanRow {
    init(id: UUID, now: Int64, planId: UUID, index: Int, section: Int, row: SeatingPlanDefinition.Row) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.planId = planId
        self.index = Int64(index)
        self.section = Int64(section)
        self.row = row
    }
}

extension EventSeating {
    /// Every seat free.
    init(eventId: UUID, planId: UUID, now: Int64, map: SeatMap, categories: [Category]) {
        self.eventId = eventId
        self.planId = planId
        self.categories = categories
        rowRuns = String(decoding: map.rows.map { RowRun.character($0.seats.count) }, as: UTF8.self)
        createdAt = now
        updatedAt = now
    }
}

extension EventSeating.Category {
    public init(category: String, ticketTypeId: UUID) {
        self.category = category
        self.ticketTypeId = ticketTypeId
    }
}

extension SeatRow {
    /// Every seat free.
    init(id: UUID, now: Int64, eventId: UUID, row: Int, seats: Int) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.eventId = eventId
        self.row = Int64(row)
        states = String(repeating: ".", count: seats)
    }
}

extension SeatingPlanDefinition.Point {
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

extension SeatingPlanDefinition.Section {
    public init(name: String, rows: [SeatingPlanDefinition.Row]) {
        self.name = name
        self.rows = rows
    }
}

extension SeatingPlanDefinition.Row {
    public init(name: String, category: String? = nil, seats: [SeatingPlanDefinition.Seat]) {
        self.name = name
        self.category = category
        self.seats = seats
    }
}

extension SeatingPlanDefinition.Seat {
    public init(number: String, x: Double, y: Double, category: String? = nil, accessible: Bool = false, companion: Bool = false,
                restrictedView: Bool = false, rank: Double? = nil) {
        self.number = number
        self.x = x
        self.y = y
        self.category = category
        self.accessible = accessible
        self.companion = companion
        self.restrictedView = restrictedView
        self.rank = rank
    }
}
