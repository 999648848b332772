import BoxOffice
import BoxOfficeCLI
import BoxOfficeStore
import Foundation
import StoreTestSupport
import Synchronization

/// What a command printed and returned.
struct Run {
    var status: Int32
    var out: String
    var err: String
}

/// Runs `boxoffice ARGS` in this process, capturing its output.
func cli(_ arguments: String...) -> Run { cli(arguments) }

func cli(_ arguments: [String]) -> Run {
    let out = Mutex("")
    let err = Mutex("")
    let capture = Output(write: { text in out.withLock { $0 += text } }, writeError: { text in err.withLock { $0 += text } },
                         isTerminal: false)
    let status = Output.$current.withValue(capture) { CLI.run(arguments) }
    return Run(status: status, out: out.withLock { $0 }, err: err.withLock { $0 })
}

/// Runs the real `boxoffice` executable.
func process(_ arguments: String...) throws -> Run {
    try runTool(siblingExecutable("boxoffice"), arguments)
}

/// A small data file: an organization, an event with two tiers, two orders (one partly
/// refunded), a scanned ticket, an expired hold. Removed when released.
final class SampleFile {
    let path = temporaryStorePath("cli")
    var org: Organization!
    var event: Event!
    var tiers: [TicketType] = []
    var orders: [Order] = []
    var tickets: [Ticket] = []

    init() throws {
        let engine = try Engine(path: path, options: EngineOptions(store: StoreOptions(durability: .async)))
        org = try engine.createOrganization(OrganizationDetails(name: "Acme Live", slug: "acme", email: "box@acme.test", currency: "EUR",
                                                                serviceFeeBasisPoints: 250))
        let start = engine.now() + 7 * 86_400_000
        event = try engine.createEvent(organizationId: org.id, EventDetails(title: "Jazz Night", startsAt: start, endsAt: start + 10_800_000,
                                                                             venueName: "Le Caveau", city: "Paris", capacity: 50))
        tiers = try [("Standing", 2_500, 30), ("Seated", 4_900, 20)].map { name, price, quantity in
            try engine.createTicketType(eventId: event.id, TicketTypeDetails(name: name, priceMinor: price, currency: "EUR", quantity: quantity))
        }
        event = try engine.publishEvent(event.id)
        let manager = try engine.createUser(organizationId: org.id, UserDetails(name: "Mia", email: "mia@acme.test", role: .manager), pin: "2468")
        for (tier, quantity) in [(tiers[0], 3), (tiers[1], 2)] {
            let hold = try engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tier.id, quantity: Int64(quantity))])
            orders.append(try engine.confirmHold(hold.id, paymentReference: "pay-\(quantity)"))
        }
        tickets = try engine.tickets(orderId: orders[0].id)
        _ = try engine.checkIn(code: tickets[0].code, gate: "north-1", actor: .system)
        _ = try engine.refundTickets(orderId: orders[0].id, ticketIds: [tickets[2].id], actor: .user(manager.id))
        _ = try engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[1].id, quantity: 1)], ttlMillis: 1)
        usleep(5_000)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
