import BoxOfficeStore
import FoundationEssentials

/// An event's seats as one write reads and changes them: each row read once and written back,
/// with the rows' free-run summary, by ``save(_:)``.
struct SeatBook {
    private(set) var seating: EventSeating
    let map: SeatMap
    /// The tier that sells each category of the map, by category index.
    let tierOfCategory: [UUID]
    private var rows: [Int: (record: SeatRow, states: [UInt8])] = [:]
    private var changed: Set<Int> = []

    init(seating: EventSeating, map: SeatMap) throws {
        self.seating = seating
        self.map = map
        let tiers = Dictionary(seating.categories.map { ($0.category, $0.ticketTypeId) }, uniquingKeysWith: { a, _ in a })
        tierOfCategory = try map.categories.map { category in
            guard let tier = tiers[category] else {
                throw BoxOfficeError.storage(.corrupt, "event \(seating.eventId.lowercasedString) sells no tier for seat category \(Validate.quoted(category))")
            }
            return tier
        }
        guard seating.rowRuns.utf8.count == map.rows.count else {
            throw BoxOfficeError.storage(.corrupt, "event \(seating.eventId.lowercasedString)'s row summary has \(seating.rowRuns.utf8.count) rows, its plan \(map.rows.count)")
        }
    }

    var eventId: UUID { seating.eventId }
    func tier(of seat: Int) -> UUID { tierOfCategory[map.seats[seat].category] }
    func label(_ seat: Int) -> String { map.seats[seat].label }

    /// The states of `row`'s seats, as this write has them.
    func states(_ row: Int, _ m: Mutation) throws -> [UInt8] {
        if let loaded = rows[row] { return loaded.states }
        return try Self.read(row, of: eventId, map: map, m.t, m.txn).states
    }

    /// Reads a row's record and states, checked against its plan.
    static func read(_ row: Int, of eventId: UUID, map: SeatMap, _ t: Tables, _ txn: ReadTransaction) throws -> (record: SeatRow, states: [UInt8]) {
        guard let record = try t.seatRows.lookup(.eventRow, Key(eventId, Int64(row)), in: txn) else {
            throw BoxOfficeError.storage(.corrupt, "event \(eventId.lowercasedString) lacks row \(row) of its seats")
        }
        let states = Array(record.states.utf8)
        guard states.count == map.rows[row].seats.count, states.allSatisfy({ EventSeating.SeatState(character: $0) != nil }) else {
            throw BoxOfficeError.storage(.corrupt, "seat row \(record.id.lowercasedString) does not match its plan's row \(row)")
        }
        return (record, states)
    }

    mutating func state(_ seat: Int, _ m: Mutation) throws -> EventSeating.SeatState {
        let row = map.row(of: seat)
        if rows[row] == nil { rows[row] = try Self.read(row, of: eventId, map: map, m.t, m.txn) }
        return EventSeating.SeatState(character: rows[row]!.states[seat - map.rows[row].seats.lowerBound])!
    }

    mutating func set(_ seat: Int, _ state: EventSeating.SeatState, _ m: Mutation) throws {
        let row = map.row(of: seat)
        if rows[row] == nil { rows[row] = try Self.read(row, of: eventId, map: map, m.t, m.txn) }
        rows[row]!.states[seat - map.rows[row].seats.lowerBound] = state.character
        changed.insert(row)
    }

    /// Moves each of `seats` from `from` to `to`; a seat in another state is
    /// ``BoxOfficeError/seatUnavailable(seat:state:)``.
    mutating func move(_ seats: [Int], from: EventSeating.SeatState, to: EventSeating.SeatState, _ m: Mutation) throws {
        for seat in seats {
            let state = try self.state(seat, m)
            guard state == from else { throw BoxOfficeError.seatUnavailable(seat: label(seat), state: state.rawValue) }
            try set(seat, to, m)
        }
    }

    /// Writes the rows changed, and their longest free runs into the summary.
    mutating func save(_ m: inout Mutation) throws {
        guard !changed.isEmpty else { return }
        var runs = Array(seating.rowRuns.utf8)
        for row in changed.sorted() {
            var (record, states) = rows[row]!
            record.states = String(decoding: states, as: UTF8.self)
            record.updatedAt = m.now
            rows[row]!.record = try m.t.seatRows.update(record, in: m.txn)
            runs[row] = RowRun.character(RowRun.longest(states))
        }
        changed = []
        seating.rowRuns = String(decoding: runs, as: UTF8.self)
        seating.updatedAt = m.now
        seating = try m.t.eventSeatings.update(seating, in: m.txn)
    }
}

extension Mutation {
    /// The event's seats, or nil if it sells none.
    func seatBook(_ eventId: UUID) throws -> SeatBook? {
        guard let seating = try t.eventSeatings.get(eventId, in: txn) else { return nil }
        return try SeatBook(seating: seating, map: try seatMaps.map(try load(t.seatingPlans, seating.planId), t, txn))
    }

    /// Moves the seats with `labels` of an event from one state to another, all or none.
    mutating func moveSeats(_ labels: [String], of eventId: UUID, from: EventSeating.SeatState, to: EventSeating.SeatState) throws {
        guard !labels.isEmpty else { return }
        guard var book = try seatBook(eventId) else {
            throw BoxOfficeError.storage(.corrupt, "event \(eventId.lowercasedString) has seats taken but no seating")
        }
        try book.move(try labels.map(book.map.seat), from: from, to: to, self)
        try book.save(&self)
    }

    /// The seats a hold of `items` takes with `selection`, and the items with the seats counted
    /// in: named seats, then the best-available request, then seats for the items of seated tiers
    /// (best available, split or scattered as needed). Throws if a named seat is not free, or no
    /// placement fits. The seats are marked held in the book it returns, which nothing writes
    /// until `placeHold` saves it with the hold.
    func chooseSeats(event: Event, items: [Hold.Item], selection: SeatSelection?) throws -> (items: [Hold.Item], seats: [Int], book: SeatBook?) {
        let selection = selection ?? SeatSelection()
        guard event.seatingPlanId != nil, var book = try seatBook(event.id) else {
            guard selection.seats.isEmpty, selection.quantity == 0 else {
                throw BoxOfficeError.invalidArgument("seats: event \(event.id.lowercasedString) has no seating plan; hold its tiers by quantity")
            }
            return (items, [], nil)
        }
        var chosen: [Int] = []
        var named = Set<Int>()
        for label in selection.seats {
            let seat = try book.map.seat(label)
            guard named.insert(seat).inserted else { throw BoxOfficeError.invalidArgument("seats: \(Validate.quoted(label)) is named twice") }
            chosen.append(seat)
        }
        try book.move(chosen, from: .free, to: .held, self)  // best-available looks past them
        if selection.quantity > 0 {
            let found = try bestAvailable(&book, BestAvailable.Request(
                quantity: Int(selection.quantity), categories: try categoryMask(selection, book), accessible: selection.accessible,
                maxRows: Int(selection.maxRows), scatter: false), firstCategory: selection.categories.first)
            try book.move(found, from: .free, to: .held, self)
            chosen += found
        }
        for item in items {
            let categories = book.tierOfCategory.indices.filter { book.tierOfCategory[$0] == item.ticketTypeId }
            guard !categories.isEmpty else { continue }
            // Limits and stock first: a search for more seats than may be sold is work for nothing.
            let tier = try load(t.ticketTypes, item.ticketTypeId)
            try checkLimits(tier, item.quantity + Int64(chosen.filter { book.tier(of: $0) == tier.id }.count))
            guard item.quantity <= tier.remaining + tier.blocked else {
                throw BoxOfficeError.soldOut(ticketTypeId: tier.id, name: tier.details.name, remaining: max(0, tier.remaining))
            }
            let found = try bestAvailable(&book, BestAvailable.Request(
                quantity: Int(item.quantity), categories: categories.reduce(0) { $0 | 1 << UInt64($1) }, accessible: false,
                maxRows: min(Int(item.quantity), 4), scatter: true))
            try book.move(found, from: .free, to: .held, self)
            chosen += found
        }
        // The items in their order, each seated tier counting its seats; then the seated tiers
        // that only named seats. The seats follow their tiers' order.
        var counts: [UUID: Int64] = [:]
        for seat in chosen { counts[book.tier(of: seat), default: 0] += 1 }
        var result = items.map { item in Hold.Item(ticketTypeId: item.ticketTypeId, quantity: counts.removeValue(forKey: item.ticketTypeId) ?? item.quantity) }
        for seat in chosen where counts[book.tier(of: seat)] != nil {
            result.append(Hold.Item(ticketTypeId: book.tier(of: seat), quantity: counts.removeValue(forKey: book.tier(of: seat))!))
        }
        let order = Dictionary(uniqueKeysWithValues: result.enumerated().map { ($1.ticketTypeId, $0) })
        let seats = chosen.sorted { (order[book.tier(of: $0)]!, $0) < (order[book.tier(of: $1)]!, $1) }
        return (result, seats, book)
    }

    /// The categories a best-available request may use, as a mask of the map's categories: those
    /// named (all when none are), within the price ceiling.
    private func categoryMask(_ selection: SeatSelection, _ book: SeatBook) throws -> UInt64 {
        var mask: UInt64 = 0
        let names = selection.categories.isEmpty ? book.map.categories : selection.categories
        if let twice = names.indices.first(where: { names[..<$0].contains(names[$0]) }) {
            throw BoxOfficeError.invalidArgument("categories: \(Validate.quoted(names[twice])) is named twice")
        }
        for name in names {
            guard let c = book.map.categories.firstIndex(of: name) else {
                throw BoxOfficeError.invalidArgument("categories: \(Validate.quoted(name)) is not a seat category of this event's plan (it has \(book.map.categories.map { Validate.quoted($0) }.joined(separator: ", ")))")
            }
            if let ceiling = selection.maxPriceMinor, try load(t.ticketTypes, book.tierOfCategory[c]).details.priceMinor > ceiling { continue }
            mask |= 1 << UInt64(c)
        }
        if mask == 0, let ceiling = selection.maxPriceMinor {
            throw BoxOfficeError.invalidArgument("maxPriceMinor: no seat of these categories costs \(ceiling) or less")
        }
        return mask
    }

    /// Runs best-available on `book`. None found is SOLD_OUT naming the tier of the first category
    /// asked for and the free seats the request could use; INVALID_ARGUMENT when no seat or no
    /// section could ever seat it.
    private func bestAvailable(_ book: inout SeatBook, _ request: BestAvailable.Request, firstCategory: String? = nil) throws -> [Int] {
        let snapshot = book
        let finder = BestAvailable(map: book.map, runs: Array(book.seating.rowRuns.utf8)) { row in try snapshot.states(row, self) }
        if let seats = try finder.choose(request) { return seats }
        var anySeat = request
        anySeat.anySeat = request.scatter  // what scatter's last resort may take
        let eligible = book.map.seats.indices.filter { finder.eligible($0, anySeat) }
        guard !eligible.isEmpty else {
            throw BoxOfficeError.invalidArgument(request.accessible ? "accessible: no seat of these categories is accessible"
                                                 : "categories: every seat of these categories is accessible or a companion seat; ask for accessible seats")
        }
        let largestSection = Dictionary(grouping: eligible, by: { book.map.rows[book.map.row(of: $0)].section }).values.map(\.count).max() ?? 0
        guard request.quantity <= largestSection || request.scatter else {
            throw BoxOfficeError.invalidArgument("quantity: \(request.quantity) seats together is more than any section has of these categories (at most \(largestSection))")
        }
        let category = firstCategory.flatMap(book.map.categories.firstIndex(of:))
            ?? (0..<book.map.categories.count).first { request.categories & (1 << UInt64($0)) != 0 } ?? 0
        let tierId = book.tierOfCategory[category]
        var free: Int64 = 0
        for seat in eligible where try book.state(seat, self) == .free { free += 1 }
        throw BoxOfficeError.soldOut(ticketTypeId: tierId, name: try load(t.ticketTypes, tierId).details.name, remaining: free)
    }
}
