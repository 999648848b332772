import FoundationEssentials

extension SeatingPlan {
    init(id: UUID, now: Int64, organizationId: UUID, map: SeatMap, definition: String) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.organizationId = organizationId
        name = map.name
        self.definition = definition
        seatCount = Int64(map.seats.count)
        rowCount = Int64(map.rows.count)
        categories = map.categories
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
