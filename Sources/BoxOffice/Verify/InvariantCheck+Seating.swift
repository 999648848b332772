import BoxOfficeStore
import FoundationEssentials

/// A tier's counters as verify reads them.
struct TierState {
    var eventId: UUID
    var quantity: Int64
    var held: Int64
    var sold: Int64
    var blocked: Int64
    var withheld: Int64
    var seated: Bool
    var quotaIds: [UUID]
}

/// Who holds each seat, per event: active holds' seats and the seats of tickets that hold their place.
struct SeatOwners {
    struct Claim { var state: EventSeating.SeatState; var owners: [String] }
    private(set) var byEvent: [UUID: [String: Claim]] = [:]

    mutating func add(_ seats: [String], of eventId: UUID, _ state: EventSeating.SeatState, _ owner: String) {
        for seat in seats {
            byEvent[eventId, default: [:]][seat, default: Claim(state: state, owners: [])].owners.append(owner)
        }
    }
}

extension InvariantCheck {
    /// Quotas: counters are the sums of their tiers', within their size; tiers and quotas name
    /// each other; an event with a capacity has one capacity quota, of that size, over all its tiers.
    mutating func checkQuotas(_ tiers: [UUID: TierState]) throws {
        var capacities: [UUID: Int64?] = [:]
        try each(tables.events) { capacities[$0.id] = $0.details.capacity }
        var capacityQuotas: [UUID: [Quota]] = [:]
        var members: [UUID: Set<UUID>] = [:]  // quota → tiers that name it
        for (tierId, tier) in tiers { for quota in tier.quotaIds { members[quota, default: []].insert(tierId) } }
        var problems: [(String, UUID, String)] = []
        try each(tables.quotas) { quota in
            let named = Set(quota.details.ticketTypeIds)
            if named != members[quota.id, default: []] {
                problems.append(("quota.tiers_name_it", quota.id, "lists \(named.count) tiers, \(members[quota.id, default: []].count) tiers name it"))
            }
            var sums: (held: Int64, sold: Int64, blocked: Int64) = (0, 0, 0)
            for id in named {
                guard let tier = tiers[id], tier.eventId == quota.eventId else {
                    problems.append(("quota.tiers_of_its_event", quota.id, "ticket type \(id.lowercasedString) is missing or of another event"))
                    continue
                }
                sums = (sums.held &+ tier.held, sums.sold &+ tier.sold, sums.blocked &+ tier.blocked)
            }
            if (quota.held, quota.sold, quota.blocked) != sums {
                problems.append(("quota.counters_match_tiers", quota.id, "held/sold/blocked \(quota.held)/\(quota.sold)/\(quota.blocked) "
                                 + "but its tiers sum to \(sums.held)/\(sums.sold)/\(sums.blocked)"))
            }
            if quota.held &+ quota.sold &+ quota.blocked > quota.details.size {
                problems.append(("quota.within_size", quota.id, "holds, sells and blocks \(quota.held &+ quota.sold &+ quota.blocked) > size \(quota.details.size)"))
            }
            members.removeValue(forKey: quota.id)
            if quota.eventCapacity {
                capacityQuotas[quota.eventId, default: []].append(quota)
                let eventTiers = Set(tiers.filter { $0.value.eventId == quota.eventId }.keys)
                if capacities[quota.eventId] != .some(quota.details.size) || named != eventTiers {
                    problems.append(("quota.capacity_matches_event", quota.id, "size \(quota.details.size) over \(named.count) tiers, "
                                     + "but the event's capacity is \(String(describing: capacities[quota.eventId] ?? nil)) over \(eventTiers.count) tiers"))
                }
            }
        }
        for (eventId, capacity) in capacities.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            let count = capacityQuotas[eventId]?.count ?? 0
            if count != (capacity == nil ? 0 : 1) {
                fail("event.capacity_is_a_quota", Event.self, eventId, "capacity \(capacity.map(String.init) ?? "none") but \(count) capacity quotas")
            }
        }
        for (rule, id, detail) in problems { fail(rule, Quota.self, id, detail) }
        for (quota, named) in members.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            for tier in named { fail("tier.quotas_exist", TicketType.self, tier, "names quota \(quota.lowercasedString), which does not exist") }
        }
    }

    /// Seats: each held seat is one active hold's, each sold seat one ticket's, and nothing else
    /// owns a seat; rows match their plan and the summary; seat states add up to the tiers' counters.
    mutating func checkSeats(_ owners: SeatOwners, _ tiers: [UUID: TierState]) throws {
        var problems: [(String, UUID, String)] = []
        var seatedEvents = Set<UUID>()
        try each(tables.eventSeatings) { seating in
            seatedEvents.insert(seating.eventId)
            guard let plan = try tables.seatingPlans.get(seating.planId, in: txn) else {
                problems.append(("seating.plan_exists", seating.eventId, "plan \(seating.planId.lowercasedString) is missing"))
                return
            }
            let book: SeatBook
            do { book = try SeatBook(seating: seating, map: try seatMaps.map(plan, tables, txn)) } catch {
                problems.append(("seating.matches_plan", seating.eventId, "\(error)"))
                return
            }
            if try tables.events.get(seating.eventId, in: txn)?.seatingPlanId != seating.planId {
                problems.append(("seating.event_names_plan", seating.eventId, "the event does not name plan \(seating.planId.lowercasedString)"))
            }
            var claims = owners.byEvent[seating.eventId] ?? [:]
            var counts: [UUID: (held: Int64, sold: Int64, withheld: Int64)] = [:]
            let runs = Array(seating.rowRuns.utf8)
            for (r, row) in book.map.rows.enumerated() {
                let states: [UInt8]
                do { states = try SeatBook.read(r, of: seating.eventId, map: book.map, tables, txn).states } catch {
                    problems.append(("seating.rows_match_plan", seating.eventId, "\(error)"))
                    continue
                }
                if RowRun.value(runs[r]) != min(RowRun.longest(states), RowRun.cap) {
                    problems.append(("seating.row_summary", seating.eventId, "row \(r) summary says \(RowRun.value(runs[r])) free together, the row has \(RowRun.longest(states))"))
                }
                for (i, seat) in row.seats.enumerated() {
                    let state = EventSeating.SeatState(character: states[i])!
                    let label = book.label(seat)
                    let claim = claims.removeValue(forKey: label)
                    switch state {
                    case .held, .sold:
                        if claim?.owners.count != 1 || claim?.state != state {
                            problems.append(("seat.one_owner", seating.eventId, "seat \(label) is \(state.rawValue) but "
                                             + (claim.map { "\($0.state.rawValue) by \($0.owners.joined(separator: ", "))" } ?? "no hold or ticket has it")))
                        }
                    case .free, .blocked, .house:
                        if let claim { problems.append(("seat.one_owner", seating.eventId, "seat \(label) is \(state.rawValue) but \(claim.owners.joined(separator: ", ")) has it")) }
                    }
                    var count = counts[book.tier(of: seat)] ?? (0, 0, 0)
                    switch state {
                    case .held: count.held &+= 1
                    case .sold: count.sold &+= 1
                    case .blocked, .house: count.withheld &+= 1
                    case .free: break
                    }
                    counts[book.tier(of: seat)] = count
                }
            }
            for (label, claim) in claims.sorted(by: { $0.key < $1.key }) {
                problems.append(("seat.one_owner", seating.eventId, "\(claim.owners.joined(separator: ", ")) has \(Validate.quoted(label)), which is no seat of the plan"))
            }
            for (tierId, count) in counts.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
                guard let tier = tiers[tierId] else { continue }
                if !tier.seated || (tier.held, tier.sold, tier.withheld) != count {
                    problems.append(("seating.counters_match_seats", seating.eventId, "tier \(tierId.lowercasedString) held/sold/withheld "
                                     + "\(tier.held)/\(tier.sold)/\(tier.withheld) but its seats are \(count.held)/\(count.sold)/\(count.withheld)"
                                     + (tier.seated ? "" : ", and it is not marked seated")))
                }
            }
        }
        for (eventId, claims) in owners.byEvent where !seatedEvents.contains(eventId) && !claims.isEmpty {
            problems.append(("seat.one_owner", eventId, "\(claims.count) seats are held or sold on an event without seating"))
        }
        for (rule, id, detail) in problems { fail(rule, Event.self, id, detail) }
    }
}
