import BoxOffice
import BoxOfficeStore
import Foundation
import Synchronization
import StoreTestSupport
import Testing

/// Flash sales: far more buyers than tickets, all at once. Whatever the interleaving, exactly the
/// capacity is sold, every failed attempt is a clean `soldOut`, and the file verifies.
@Suite(.serialized) struct FlashSaleTests {
    static let capacity: Int64 = 1_000
    static let attempts = 10_000
    static let threads = 16

    // MARK: One process, 16 threads

    @Test func sixteenThreadsSellExactlyTheTiers() throws {
        let t = try TestEngine(label: "flash-tiers")  // durability .async: no 20,000 fsyncs
        let tiers = (1...4).map { TestEngine.TierSpec(name: "Tier \($0)", quantity: 250) }
        let (event, types) = try t.event(try t.organization(), tiers: tiers)
        let tally = FlashSale.run(t.engine, eventId: event.id, tiers: types.map(\.id), attempts: Self.attempts,
                                  threads: Self.threads, seed: 0xF1A5_0001)
        try FlashSale.expectSoldOut(t.engine, event.id, tally: tally, attempts: Self.attempts, total: Self.capacity)
    }

    @Test func sixteenThreadsSellExactlyTheEventCapacity() throws {
        let t = try TestEngine(label: "flash-capacity")
        // 4 × 400 = 1,600 in the tiers, but the event capacity is 1,000: the capacity is the limit.
        let tiers = (1...4).map { TestEngine.TierSpec(name: "Tier \($0)", quantity: 400) }
        let (event, types) = try t.event(try t.organization(), tiers: tiers, capacity: Self.capacity)
        let tally = FlashSale.run(t.engine, eventId: event.id, tiers: types.map(\.id), attempts: Self.attempts,
                                  threads: Self.threads, seed: 0xF1A5_0002)
        try FlashSale.expectSoldOut(t.engine, event.id, tally: tally, attempts: Self.attempts, total: Self.capacity)
        #expect(try t.engine.event(event.id)?.sold == Self.capacity)
        #expect(try t.engine.availability(eventId: event.id).capacityRemaining == 0)
    }

    // MARK: Four processes, one file

    /// Four BoxOfficeTestHelper processes sell into one file while this process keeps it open.
    /// The helpers open the store with the default (durable) options; this process uses .async.
    /// The registry refuses mixed durability only within one process, so this is allowed.
    /// A durable commit costs an fsync, but only the ~400 successful attempts (hold + confirm)
    /// commit: once sold out, an attempt's write transaction aborts, which costs no fsync. So
    /// the full 4 × 2,500 attempts stay fast and there is no need to cut them down.
    @Test(arguments: [false, true])
    func fourProcessesSellExactlyTheCapacity(withEventCapacity: Bool) throws {
        let t = try TestEngine(durability: .async, label: "flash-processes")
        let org = try t.organization()
        // The helpers read the system clock, this engine a manual one: start the event well
        // after both, so its sales are open for everyone.
        let realNow = Int64(Date().timeIntervalSince1970 * 1_000)
        let start = max(t.clock.now, realNow) + 30 * day
        var event = try t.engine.createEvent(organizationId: org.id, EventDetails(
            title: "Flash", startsAt: start, endsAt: start + 3 * hour, capacity: withEventCapacity ? Self.capacity : nil))
        let perTier: Int64 = withEventCapacity ? 400 : 250
        let tierIds = try (0..<4).map { i in
            try t.engine.createTicketType(eventId: event.id, TicketTypeDetails(
                name: "Tier \(i)", priceMinor: 2_500, currency: "EUR", quantity: perTier, sortOrder: Int64(i))).id
        }
        event = try t.engine.publishEvent(event.id)

        let perProcess = Self.attempts / 4
        let started = Date()
        let processes = try (0..<4).map { _ in
            try FlashSale.startHelper(["flash-sale", t.path, event.id.uuidString, tierIds.map(\.uuidString).joined(separator: ","),
                                       String(perProcess)])
        }
        // While they run this process does not write: its manual clock is in 2027, and a sweep
        // here would take the helpers' holds (expiring on the system clock) for expired ones.
        var reportedSold: Int64 = 0
        for (i, helper) in processes.enumerated() {
            let output = helper.finish()
            #expect(output.status == 0, "helper \(i) exited \(output.status): \(output.stderr)")
            guard let sold = FlashSale.field("sold", in: output.stdout), let soldOut = FlashSale.field("soldOut", in: output.stdout) else {
                Issue.record("helper \(i) printed no sold=N soldOut=M: \(output.stdout) \(output.stderr)")
                continue
            }
            #expect(soldOut > 0 && soldOut <= Int64(perProcess), "helper \(i): \(output.stdout)")
            reportedSold += sold
        }
        print("FlashSaleTests: 4 processes × \(perProcess) attempts took \(String(format: "%.1f", Date().timeIntervalSince(started))) s")

        #expect(reportedSold == Self.capacity)
        // What this process, which kept the file open all along, reads now.
        let types = try t.engine.ticketTypes(eventId: event.id)
        #expect(types.reduce(0) { $0 + $1.sold } == Self.capacity)
        #expect(types.allSatisfy { $0.held == 0 && $0.sold <= $0.details.quantity })
        #expect(try FlashSale.validTickets(t.engine, event.id) == Int(Self.capacity))
        #expect(try t.engine.event(event.id)?.sold == Self.capacity)
        let report = try t.engine.verify()
        #expect(report.isClean, "\(report)")
    }
}

// MARK: - Helpers

/// What the selling threads saw.
struct FlashTally: Sendable {
    var ticketsSold: Int64 = 0
    var succeeded = 0
    var soldOut = 0
    var unexpected: [String] = []

    mutating func merge(_ other: FlashTally) {
        ticketsSold += other.ticketsSold
        succeeded += other.succeeded
        soldOut += other.soldOut
        unexpected += other.unexpected
    }
}


final class FlashBox: Sendable {
    let tally = Mutex(FlashTally())
}

struct FlashOutput {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// A started helper process; `finish()` reads its output and waits for it.
struct FlashHelper {
    let process: Process
    let out: Pipe
    let err: Pipe

    func finish() -> FlashOutput {
        // The outputs are a line or two, far below a pipe's buffer, so reading one after the
        // other cannot block a helper.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return FlashOutput(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                           stderr: String(decoding: stderr, as: UTF8.self))
    }
}

enum FlashSale {
    /// The helper executable built beside the test bundle.
    static let helperPath = siblingExecutable("BoxOfficeTestHelper")

    static func startHelper(_ arguments: [String]) throws -> FlashHelper {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: helperPath)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return FlashHelper(process: process, out: out, err: err)
    }

    /// The integer after "NAME=" in a helper's "sold=N soldOut=M".
    static func field(_ name: String, in text: String) -> Int64? {
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) where word.hasPrefix(name + "=") {
            return Int64(word.dropFirst(name.count + 1))
        }
        return nil
    }

    /// `attempts` hold + confirm attempts of 1 to 4 tickets of a random tier, shared among
    /// `threads` real threads that start together.
    static func run(_ engine: Engine, eventId: UUID, tiers: [UUID], attempts: Int, threads: Int, seed: UInt64) -> FlashTally {
        let box = FlashBox()
        let ready = DispatchGroup()
        let done = DispatchGroup()
        let go = DispatchSemaphore(value: 0)
        for thread in 0..<threads {
            ready.enter()
            done.enter()
            let share = attempts / threads + (thread < attempts % threads ? 1 : 0)
            Thread.detachNewThread {
                var rng = SplitMix64(seed: seed &+ UInt64(thread) &* 0x1000_0000_01B3)
                var local = FlashTally()
                ready.leave()
                go.wait()
                for _ in 0..<share {
                    let tier = tiers.randomElement(using: &rng)!
                    let quantity = Int64.random(in: 1...4, using: &rng)
                    let hold: Hold
                    do {
                        hold = try engine.createHold(eventId: eventId, items: [.init(ticketTypeId: tier, quantity: quantity)])
                    } catch BoxOfficeError.soldOut {
                        local.soldOut += 1
                        continue
                    } catch {
                        local.unexpected.append("createHold: \(error)")
                        continue
                    }
                    do {
                        let order = try engine.confirmHold(hold.id, paymentReference: "flash")
                        if order.holdId != hold.id { local.unexpected.append("confirmHold returned the order of another hold") }
                        local.ticketsSold += quantity
                        local.succeeded += 1
                    } catch {
                        // An active, unexpired hold must always confirm.
                        local.unexpected.append("confirmHold: \(error)")
                    }
                }
                box.tally.withLock { $0.merge(local) }
                done.leave()
            }
        }
        ready.wait()
        let started = Date()
        for _ in 0..<threads { go.signal() }
        done.wait()
        print("FlashSaleTests: \(threads) threads × \(attempts / threads) attempts took \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        return box.tally.withLock { $0 }
    }

    /// Valid tickets of the event, counted in the tickets table itself (none is scanned here).
    static func validTickets(_ engine: Engine, _ eventId: UUID) throws -> Int {
        let tickets = try engine.store.table(BoxOfficeSchema.tickets)
        return try engine.store.read { txn in
            try tickets.scan(index: "event", .prefix(Key(eventId)), in: txn).items.filter { $0.status == .valid }.count
        }
    }

    static func expectSoldOut(_ engine: Engine, _ eventId: UUID, tally: FlashTally, attempts: Int, total: Int64,
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(tally.unexpected.isEmpty, "attempts failed with other errors than soldOut: \(tally.unexpected.prefix(5))",
                sourceLocation: sourceLocation)
        #expect(tally.succeeded + tally.soldOut == attempts, "\(tally)", sourceLocation: sourceLocation)
        #expect(tally.ticketsSold == total, "the buyers got \(tally.ticketsSold) tickets", sourceLocation: sourceLocation)

        let tiers = try engine.ticketTypes(eventId: eventId)
        #expect(tiers.reduce(0) { $0 + $1.sold } == total, "\(tiers.map { ($0.details.name, $0.sold) })", sourceLocation: sourceLocation)
        for tier in tiers {
            #expect(tier.sold <= tier.details.quantity, "\(tier.details.name) oversold: \(tier.sold)", sourceLocation: sourceLocation)
            #expect(tier.held == 0, "\(tier.details.name) still holds \(tier.held)", sourceLocation: sourceLocation)
        }
        #expect(try validTickets(engine, eventId) == Int(total), sourceLocation: sourceLocation)
        #expect(try engine.availability(eventId: eventId).tiers.allSatisfy { $0.available == 0 }, sourceLocation: sourceLocation)
        let report = try engine.verify()
        #expect(report.isClean, "\(report)", sourceLocation: sourceLocation)
    }
}
