import BoxOffice
import BoxOfficeStore
import Foundation
import Synchronization

/// A clock the test moves by hand, so expiry and sales windows need no sleeping.
final class ManualClock: Sendable {
    static let start: Int64 = 1_800_000_000_000  // 2027-01-15
    private let millis = Atomic<Int64>(ManualClock.start)
    var now: Int64 { millis.load(ordering: .relaxed) }
    func advance(_ delta: Int64) { millis.add(delta, ordering: .relaxed) }
    var wallClock: WallClock { WallClock { [self] in now } }
}

let minute: Int64 = 60_000
let hour: Int64 = 60 * minute
let day: Int64 = 24 * hour

/// An engine on a fresh temporary directory with a manual clock, and builders for the usual
/// organization, event and tiers.
final class TestEngine {
    let path: String
    let clock = ManualClock()
    var engine: Engine!

    init(durability: Durability = .async, label: String = "engine") throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("boxoffice-tests")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        path = dir.appendingPathComponent("\(label)-\(UUID().uuidString).boxoffice").path
        engine = try Engine(path: path, options: EngineOptions(store: StoreOptions(durability: durability)), clock: clock.wallClock)
    }

    deinit {
        engine = nil
        try? FileManager.default.removeItem(atPath: path)
    }

    func organization(slug: String = "acme", bps: Int64 = 0, fixed: Int64 = 0, transfers: Bool = true) throws -> Organization {
        try engine.createOrganization(OrganizationDetails(name: "Acme Live", slug: slug, email: "box@acme.test", currency: "EUR",
                                                          timeZone: "Europe/Paris", serviceFeeBasisPoints: bps,
                                                          fixedFeeMinor: fixed, transfersAllowed: transfers))
    }

    struct TierSpec {
        var name: String
        var price: Int64 = 2_500
        var quantity: Int64 = 100
        var min: Int64 = 1
        var max: Int64 = 10
        var hidden = false
        var salesStartAt: Int64?
        var salesEndAt: Int64?
    }

    /// An event a week from now, its tiers, published unless told otherwise.
    func event(_ org: Organization, tiers: [TierSpec] = [TierSpec(name: "Standing")], capacity: Int64? = nil,
               publish: Bool = true, salesEndAt: Int64? = nil) throws -> (Event, [TicketType]) {
        let start = clock.now + 7 * day
        var event = try engine.createEvent(organizationId: org.id, EventDetails(
            title: "Jazz Night", category: "music", tags: ["jazz"], startsAt: start, endsAt: start + 3 * hour,
            timeZone: "Europe/Paris", venueName: "Le Caveau", city: "Paris", country: "FR", salesEndAt: salesEndAt, capacity: capacity))
        let types = try tiers.enumerated().map { i, spec in
            try engine.createTicketType(eventId: event.id, TicketTypeDetails(
                name: spec.name, priceMinor: spec.price, currency: "EUR", quantity: spec.quantity, minPerOrder: spec.min,
                maxPerOrder: spec.max, salesStartAt: spec.salesStartAt, salesEndAt: spec.salesEndAt, hidden: spec.hidden,
                sortOrder: Int64(i)))
        }
        if publish { event = try engine.publishEvent(event.id) }
        return (event, types)
    }

    func user(_ org: Organization, _ role: User.Role, status: User.Status = .active) throws -> User {
        try engine.createUser(organizationId: org.id, UserDetails(name: "\(role)", email: "\(role)-\(UUID().uuidString.prefix(6))@acme.test",
                                                                 role: role, status: status))
    }

    /// A confirmed order of `quantity` tickets of `tier`.
    func order(_ event: Event, _ tier: TicketType, quantity: Int64 = 2, customer: UUID? = nil) throws -> Order {
        let hold = try engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tier.id, quantity: quantity)], customerId: customer)
        return try engine.confirmHold(hold.id, paymentReference: "pay-\(hold.id.uuidString.prefix(8))")
    }
}
