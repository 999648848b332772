import BoxOfficeStore
import FoundationEssentials

extension Engine {
    /// Stores a venue's seating plan for the organization's events (docs/SEATING.md), checked
    /// whole: a broken one is ``BoxOfficeError/invalidArgument(_:)`` naming the place
    /// (`plan.sections[2].rows[0].seats[5].number`). Up to 100,000 seats. Needs a manager.
    public func createSeatingPlan(organizationId: UUID, _ definition: SeatingPlanDefinition, actor: Actor = .system) throws -> SeatingPlan {
        let map = try SeatMap(definition)
        return try mutate(actor) { m in
            _ = try m.organization(organizationId)
            try m.authorize("create seating plan", minimum: .manager, in: organizationId)
            let plan = try m.t.seatingPlans.insert(SeatingPlan(id: m.ids.next(), now: m.now, organizationId: organizationId, map: map), in: m.txn)
            var index = 0
            for (s, section) in definition.sections.enumerated() {
                for row in section.rows {
                    try m.t.seatingPlanRows.insert(SeatingPlanRow(id: m.ids.next(), now: m.now, planId: plan.id, index: index, section: s, row: row), in: m.txn)
                    index += 1
                }
            }
            try m.audit("seating_plan.create", SeatingPlan.self, plan.id, "seats=\(map.seats.count) rows=\(map.rows.count)")
            return plan
        }
    }

    public func seatingPlan(_ id: UUID) throws -> SeatingPlan? { try query { try tables.seatingPlans.get(id, in: $0) } }

    /// The plan as it was given (docs/SEATING.md), with every seat's flags spelt out.
    public func seatingPlanDefinition(_ id: UUID) throws -> SeatingPlanDefinition? {
        try query { txn in try tables.seatingPlans.get(id, in: txn).map { try tables.definition(of: $0, txn) } }
    }

    /// The organization's seating plans, oldest first.
    public func seatingPlans(organizationId: UUID) throws -> [SeatingPlan] {
        try query { try tables.seatingPlans.scan(index: .organization, .prefix(Key(organizationId)), in: $0).items }
    }

    /// Deletes a plan no event uses, not even a deleted one (which keeps its seats). Needs a manager.
    public func deleteSeatingPlan(_ id: UUID, actor: Actor = .system) throws {
        try mutate(actor) { m in
            let plan = try m.load(m.t.seatingPlans, id)
            try m.authorize("delete seating plan", minimum: .manager, in: plan.organizationId)
            // Deleted events count too: they keep their seats and tickets, as history.
            if let user = try m.t.events.scan(index: .seatingPlan, .prefix(Key(id)), limit: 1, in: m.txn).items.first {
                throw BoxOfficeError.invalidState(SeatingPlan.self, id: id.lowercasedString,
                                                  state: "used by event \(user.id.lowercasedString)\(user.deletedAt == nil ? "" : " (deleted)")", action: "delete")
            }
            for row in try m.t.seatingPlanRows.scan(index: .planRow, .prefix(Key(id)), in: m.txn).items {
                try m.t.seatingPlanRows.delete(row.id, in: m.txn)
            }
            try m.t.seatingPlans.delete(id, in: m.txn)
            try m.audit("seating_plan.delete", SeatingPlan.self, id, "name=\(plan.name)")
        }
    }

    /// Makes an event sell the seats of a plan of its organization: each category of the plan is
    /// sold by the tier `categories` names for it (a tier may sell several). Those tiers become
    /// seated: their quantity becomes their seats' count, and every hold of them takes seats.
    /// The tiers must have sold and held nothing yet; the event must not have seats already.
    /// Needs a manager.
    public func assignSeating(eventId: UUID, planId: UUID, categories: [EventSeating.Category], actor: Actor = .system) throws -> EventSeating {
        try mutate(actor) { m in
            var event = try m.event(eventId)
            try m.authorize("assign seating", minimum: .manager, in: event.organizationId)
            let plan = try m.load(m.t.seatingPlans, planId)
            guard plan.organizationId == event.organizationId else { throw BoxOfficeError.invalidArgument("planId: the plan belongs to another organization") }
            guard event.seatingPlanId == nil else {
                throw BoxOfficeError.invalidState(Event.self, id: eventId.lowercasedString, state: "seated already", action: "assign seating to")
            }
            guard event.status == .draft || event.status == .published else {
                throw BoxOfficeError.invalidState(Event.self, id: eventId.lowercasedString, state: event.status.rawValue, action: "assign seating to")
            }
            let map = try m.seatMaps.map(plan, m.t, m.txn)
            var tierOf: [String: UUID] = [:]
            for category in categories {
                guard map.categories.contains(category.category) else {
                    throw BoxOfficeError.invalidArgument("categories: \(Validate.quoted(category.category)) is not a category of the plan (it has \(map.categories.map { Validate.quoted($0) }.joined(separator: ", ")))")
                }
                guard tierOf.updateValue(category.ticketTypeId, forKey: category.category) == nil else {
                    throw BoxOfficeError.invalidArgument("categories: \(Validate.quoted(category.category)) is given twice")
                }
            }
            if let missing = map.categories.first(where: { tierOf[$0] == nil }) {
                throw BoxOfficeError.invalidArgument("categories: the plan's category \(Validate.quoted(missing)) needs a tier")
            }
            var seatsOfTier: [UUID: Int64] = [:]
            for seat in map.seats { seatsOfTier[tierOf[map.categories[seat.category]]!, default: 0] += 1 }
            for (tierId, count) in seatsOfTier.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
                var tier = try m.load(m.t.ticketTypes, tierId)
                guard tier.eventId == eventId else { throw BoxOfficeError.invalidArgument("categories: ticket type \(tierId.lowercasedString) is not of this event") }
                guard tier.held == 0, tier.sold == 0, tier.blocked == 0 else {
                    throw BoxOfficeError.invalidState(TicketType.self, id: tierId.lowercasedString, state: "selling already", action: "seat")
                }
                tier.seated = true
                tier.details.quantity = count
                tier.updatedAt = m.now
                try m.t.ticketTypes.update(tier, in: m.txn)
            }
            for (r, row) in map.rows.enumerated() {
                try m.t.seatRows.insert(SeatRow(id: m.ids.next(), now: m.now, eventId: eventId, row: r, seats: row.seats.count), in: m.txn)
            }
            let seating = try m.t.eventSeatings.insert(EventSeating(
                eventId: eventId, planId: planId, now: m.now, map: map,
                categories: map.categories.map { EventSeating.Category(category: $0, ticketTypeId: tierOf[$0]!) }), in: m.txn)
            event.seatingPlanId = planId
            event.updatedAt = m.now
            try m.t.events.update(event, in: m.txn)
            try m.audit("event.assign_seating", Event.self, eventId, "plan=\(planId.lowercasedString) seats=\(map.seats.count)")
            m.stockFreed(event)
            return seating
        }
    }

    /// Blocks seats, holds them back for the house, or frees them again (`state` free, blocked or
    /// house), all or none: a held or sold seat is ``BoxOfficeError/seatUnavailable(seat:state:)``.
    /// Returns how many changed. Needs a manager.
    @discardableResult
    public func setSeats(eventId: UUID, labels: [String], to state: EventSeating.SeatState, actor: Actor = .system) throws -> Int {
        guard [.free, .blocked, .house].contains(state) else {
            throw BoxOfficeError.invalidArgument("state: seats are set free, blocked or house, not \(state.rawValue); holds and tickets take the others")
        }
        guard (1...10_000).contains(labels.count) else { throw BoxOfficeError.invalidArgument("seats: 1 to 10000 seats, not \(labels.count)") }
        return try mutate(actor) { m in
            let event = try m.event(eventId)
            try m.authorize("set seats", minimum: .manager, in: event.organizationId)
            _ = try m.sweepExpired(eventId: eventId)  // an expired hold's seats are free
            guard var book = try m.seatBook(eventId) else { throw BoxOfficeError.invalidArgument("eventId: the event has no seating plan") }
            var withheld: [UUID: Int64] = [:]
            var seen = Set<Int>()
            var changed = 0
            for label in labels {
                let seat = try book.map.seat(label)
                guard seen.insert(seat).inserted else { throw BoxOfficeError.invalidArgument("seats: \(Validate.quoted(label)) is named twice") }
                let from = try book.state(seat, m)
                guard from != .held, from != .sold else { throw BoxOfficeError.seatUnavailable(seat: label, state: from.rawValue) }
                guard from != state else { continue }
                try book.set(seat, state, m)
                changed += 1
                withheld[book.tier(of: seat), default: 0] += (state == .free ? -1 : 0) + (from == .free ? 1 : 0)
            }
            // A seat withheld needs its tier's room: a blocking voucher's reserve may hold it.
            for (tierId, more) in withheld where more > 0 {
                let tier = try m.load(m.t.ticketTypes, tierId)
                guard more <= tier.remaining else {
                    throw BoxOfficeError.soldOut(ticketTypeId: tierId, name: tier.details.name, remaining: max(0, tier.remaining))
                }
            }
            try book.save(&m)
            try m.adjust(eventId: eventId, [], held: 0, sold: 0, withheld: withheld.filter { $0.value != 0 })
            try m.audit("event.set_seats", Event.self, eventId, "state=\(state.rawValue) seats=\(changed)")
            return changed
        }
    }

    /// Moves a valid ticket to another free seat of its tier, in one transaction: its old seat is
    /// freed. Needs support staff.
    public func changeSeat(ticketId: UUID, to label: String, actor: Actor = .system) throws -> Ticket {
        try mutate(actor) { m in
            var ticket = try m.load(m.t.tickets, ticketId)
            let event = try m.event(ticket.eventId)
            try m.authorize("change seat", minimum: .support, in: event.organizationId)
            _ = try m.sweepExpired(eventId: event.id)  // an expired hold's seats are free
            guard ticket.status == .valid else {
                throw BoxOfficeError.invalidState(Ticket.self, id: ticketId.lowercasedString, state: ticket.status.rawValue, action: "change the seat of")
            }
            guard let old = ticket.seat, var book = try m.seatBook(event.id) else {
                throw BoxOfficeError.invalidState(Ticket.self, id: ticketId.lowercasedString, state: "general admission", action: "change the seat of")
            }
            let seat = try book.map.seat(label)
            guard book.tier(of: seat) == ticket.ticketTypeId else {
                throw BoxOfficeError.invalidArgument("seat \(Validate.quoted(label)) is sold by another tier than the ticket's")
            }
            let canonical = book.label(seat)  // the plan's spelling, whatever the caller's Unicode form
            guard canonical != old else { return ticket }
            try book.move([seat], from: .free, to: .sold, m)
            try book.move([try book.map.seat(old)], from: .sold, to: .free, m)
            try book.save(&m)
            ticket.seat = canonical
            ticket.updatedAt = m.now
            ticket = try m.t.tickets.update(ticket, in: m.txn)
            try m.audit("ticket.change_seat", Ticket.self, ticketId, "from=\(old) to=\(canonical)")
            return ticket
        }
    }

    /// The event's seats with their states, in plan order, for drawing (`boxoffice seats`). As
    /// availability does, the seats of holds that expired but were not swept yet are free.
    public func eventSeats(eventId: UUID) throws -> EventSeats {
        let now = clock.now()
        return try query { txn in
            guard let event = try tables.events.get(eventId, in: txn), event.deletedAt == nil else {
                throw BoxOfficeError.notFound(Event.self, id: eventId.lowercasedString)
            }
            guard let seating = try tables.eventSeatings.get(eventId, in: txn), let plan = try tables.seatingPlans.get(seating.planId, in: txn) else {
                throw BoxOfficeError.invalidArgument("eventId: the event has no seating plan")
            }
            let book = try SeatBook(seating: seating, map: try seatMaps.map(plan, tables, txn))
            let expired = Set(try tables.holds.scan(index: .eventExpiry, .between(Key(eventId), and: Key(eventId, now + 1)), in: txn).items
                .flatMap(\.seats))
            var answer = EventSeats(eventId: eventId, planId: plan.id, planName: plan.name, focalPoint: [book.map.focalPoint.x, book.map.focalPoint.y],
                                    categories: seating.categories, free: 0, held: 0, sold: 0, blocked: 0, house: 0, seats: [])
            answer.seats.reserveCapacity(book.map.seats.count)
            for (r, row) in book.map.rows.enumerated() {
                let states = try SeatBook.read(r, of: eventId, map: book.map, tables, txn).states
                for (i, seat) in row.seats.enumerated() {
                    let info = book.map.seats[seat]
                    var state = EventSeating.SeatState(character: states[i])!
                    if state == .held, expired.contains(info.label) { state = .free }
                    switch state {
                    case .free: answer.free += 1
                    case .held: answer.held += 1
                    case .sold: answer.sold += 1
                    case .blocked: answer.blocked += 1
                    case .house: answer.house += 1
                    }
                    answer.seats.append(EventSeat(label: info.label, section: book.map.sections[row.section], row: row.name,
                                                  number: String(info.label.split(separator: "/").last!), x: info.x, y: info.y,
                                                  category: book.map.categories[info.category], ticketTypeId: book.tier(of: seat), state: state,
                                                  accessible: info.accessible, companion: info.companion, restrictedView: info.restrictedView))
                }
            }
            return answer
        }
    }
}
