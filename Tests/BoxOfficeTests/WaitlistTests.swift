import BoxOffice
import BoxOfficeStore
import Foundation
import Testing

/// The waitlist: FIFO offers of freed stock as real holds, in the transaction that frees it.
@Suite struct WaitlistTests {
    /// A published event whose one tier of `quantity` is sold out to a held (not yet paid) hold
    /// of `held` and a confirmed order of the rest.
    struct SoldOut {
        let t: TestEngine
        let org: Organization
        let event: Event
        let tier: TicketType
        let hold: Hold
        let order: Order
    }

    func soldOut(quantity: Int64 = 4, held: Int64 = 2, configure: (inout EventDetails) -> Void = { _ in }) throws -> SoldOut {
        let t = try TestEngine()
        let org = try t.organization()
        var (event, tiers) = try t.event(org, tiers: [.init(name: "Standing", quantity: quantity)])
        var details = event.details
        configure(&details)
        event = try t.engine.updateEvent(event.id, details)
        let hold = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: held)])
        let order = try t.order(event, tiers[0], quantity: quantity - held)
        return SoldOut(t: t, org: org, event: event, tier: tiers[0], hold: hold, order: order)
    }

    func join(_ s: SoldOut, _ email: String, quantity: Int64 = 1, tier: Bool = true) throws -> WaitlistPlace {
        try s.t.engine.joinWaitlist(eventId: s.event.id, ticketTypeId: tier ? s.tier.id : nil, quantity: quantity, email: email)
    }

    func entry(_ s: SoldOut, _ place: WaitlistPlace) throws -> WaitlistPlace { try #require(try s.t.engine.waitlistEntry(place.entry.id)) }

    func expectClean(_ t: TestEngine, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let report = try t.engine.verify()
        #expect(report.isClean, "\(report.invariants)", sourceLocation: sourceLocation)
    }

    @Test func joiningASoldOutTierQueuesInOrderAndReservesNothingYet() throws {
        let s = try soldOut()
        let ada = try join(s, "Ada@Example.org", quantity: 2)
        let bob = try join(s, "bob@example.org")
        #expect(ada.entry.status == .waiting && ada.position == 1 && ada.entry.email == "ada@example.org")
        #expect(bob.position == 2 && bob.offer == nil)
        let tier = try #require(try s.t.engine.ticketType(s.tier.id))
        #expect(try tier.waitlisted == 3 && (try s.t.engine.event(s.event.id))?.waitlisted == 3)
        let availability = try s.t.engine.availability(eventId: s.event.id)
        #expect(availability.tiers[0].waitlisted == 3 && availability.tiers[0].reservedForWaitlist == 0 && availability.tiers[0].available == 0)
        #expect(try s.t.engine.waitlist(eventId: s.event.id).map(\.position) == [1, 2])
        try expectClean(s.t)
    }

    @Test func aReleaseOffersTheFreedStockToTheHeadAsARealHoldAndTellsThem() throws {
        let s = try soldOut()
        let ada = try join(s, "ada@example.org", quantity: 2)
        let bob = try join(s, "bob@example.org")
        _ = try s.t.engine.releaseHold(s.hold.id)
        let offered = try entry(s, ada)
        let offer = try #require(offered.offer)
        #expect(offered.entry.status == .offered && offered.entry.offers == 1 && offered.position == nil)
        #expect(offer.status == .active && offer.ticketCount == 2 && offer.waitlistEntryId == ada.entry.id)
        #expect(offer.expiresAt == s.t.clock.now + s.event.details.waitlistOfferTtlMs && offered.entry.offerExpiresAt == offer.expiresAt)
        #expect(offer.items[0].unitPriceMinor == s.tier.details.priceMinor)
        #expect(try entry(s, bob).position == 1)
        let message = try #require(try s.t.engine.outbox(status: .pending).messages.first { $0.kind == .waitlistOffer })
        #expect(message.recipient == "ada@example.org" && message.subjectId == ada.entry.id && message.payload.contains(offer.id.uuidString))
        // Accepting the offer is confirming its hold.
        let order = try s.t.engine.confirmHold(offer.id)
        #expect(try order.status == .confirmed && (try entry(s, ada)).entry.status == .accepted)
        try expectClean(s.t)
    }

    @Test func nobodyJumpsTheQueueWhileTheHeadWaitsForMoreStock() throws {
        let s = try soldOut(held: 1)
        let ada = try join(s, "ada@example.org", quantity: 3)
        let bob = try join(s, "bob@example.org", quantity: 1)
        _ = try s.t.engine.releaseHold(s.hold.id)  // 1 free: Ada wants 3
        #expect(try entry(s, ada).entry.status == .waiting && (try entry(s, bob)).entry.status == .waiting)
        let availability = try s.t.engine.availability(eventId: s.event.id).tiers[0]
        #expect(availability.reservedForWaitlist == 1 && availability.available == 0)
        let error = #expect(throws: BoxOfficeError.self) {
            try s.t.engine.createHold(eventId: s.event.id, items: [.init(ticketTypeId: s.tier.id, quantity: 1)])
        }
        #expect(error?.code == .soldOut)
        // Two more free up: Ada gets all three, Bob still waits.
        _ = try s.t.engine.refundTickets(orderId: s.order.id, ticketIds: Array(try s.t.engine.tickets(orderId: s.order.id).prefix(2)).map(\.id), actor: .system)
        #expect(try entry(s, ada).offer?.ticketCount == 3 && (try entry(s, bob)).position == 1)
        try expectClean(s.t)
    }

    @Test func withoutTheReserveWhatTheHeadCannotTakeGoesToTheNextOrThePublic() throws {
        let s = try soldOut(held: 1) { $0.waitlistReservesStock = false }
        let ada = try join(s, "ada@example.org", quantity: 3)
        let bob = try join(s, "bob@example.org", quantity: 1)
        _ = try s.t.engine.releaseHold(s.hold.id)
        #expect(try entry(s, ada).entry.status == .waiting && (try entry(s, bob)).entry.status == .offered)
        _ = try s.t.engine.refundTickets(orderId: s.order.id, ticketIds: [try #require(try s.t.engine.tickets(orderId: s.order.id).first).id], actor: .system)
        #expect(try s.t.engine.availability(eventId: s.event.id).tiers[0].available == 1)
        _ = try s.t.engine.createHold(eventId: s.event.id, items: [.init(ticketTypeId: s.tier.id, quantity: 1)])
        try expectClean(s.t)
    }

    @Test func anOfferThatRunsOutPassesOnLazilyOrBySweepAndTheEntryLeavesOrRequeues() throws {
        for requeue in [false, true] {
            let s = try soldOut(held: 1) { $0.waitlistRequeueExpired = requeue; $0.waitlistOfferTtlMs = 10 * minute }
            let ada = try join(s, "ada@example.org")
            let bob = try join(s, "bob@example.org")
            let cy = try join(s, "cy@example.org")
            _ = try s.t.engine.releaseHold(s.hold.id)
            let offer = try #require(try entry(s, ada).offer)
            s.t.clock.advance(10 * minute)
            // Before any sweep the stock still reads as kept for the queue.
            #expect(try s.t.engine.availability(eventId: s.event.id).tiers[0].available == 0)
            #expect(try s.t.engine.expireHolds() == 1)
            #expect(try entry(s, ada).entry.status == (requeue ? .waiting : .expired))
            #expect(try entry(s, ada).position == (requeue ? 2 : nil))
            #expect(try entry(s, bob).entry.status == .offered)
            // Accepting the expired offer fails, though its ticket is held for another now.
            let error = #expect(throws: BoxOfficeError.self) { try s.t.engine.confirmHold(offer.id) }
            #expect(error?.code == .holdExpired)
            // Bob's runs out with no sweep. A public hold is refused (Cy waits; its sweep rolls
            // back with it); the next write on the event that succeeds passes Bob's offer to Cy.
            s.t.clock.advance(10 * minute)
            let refused = #expect(throws: BoxOfficeError.self) {
                try s.t.engine.createHold(eventId: s.event.id, items: [.init(ticketTypeId: s.tier.id, quantity: 1)])
            }
            #expect(refused?.code == .soldOut)
            let dan = try join(s, "dan@example.org")
            #expect(try entry(s, bob).entry.status == (requeue ? .waiting : .expired))
            #expect(try entry(s, cy).entry.status == .offered)
            let queue = try s.t.engine.waitlist(eventId: s.event.id).filter { $0.position != nil }.sorted { $0.position! < $1.position! }.map(\.entry.id)
            #expect(queue == (requeue ? [ada.entry.id, bob.entry.id, dan.entry.id] : [dan.entry.id]))
            try expectClean(s.t)
        }
    }

    @Test func declineLeaveAndTheRestockingPathsOfferOn() throws {
        let s = try soldOut(quantity: 3, held: 1)
        let ada = try join(s, "ada@example.org")
        let bob = try join(s, "bob@example.org")
        let cy = try join(s, "cy@example.org", quantity: 2)
        _ = try s.t.engine.releaseHold(s.hold.id)
        #expect(try entry(s, ada).entry.status == .offered)
        // Declining passes Ada's ticket to Bob.
        #expect(try s.t.engine.declineWaitlistOffer(ada.entry.id).status == .declined)
        #expect(try entry(s, bob).entry.status == .offered)
        // Bob leaves while offered: his hold is released and Cy (wants 2) waits for one more.
        #expect(try s.t.engine.leaveWaitlist(bob.entry.id).status == .left)
        #expect(try entry(s, cy).entry.status == .waiting)
        // A raised quantity frees one: Cy gets both.
        var details = s.tier.details
        details.quantity = 4
        _ = try s.t.engine.updateTicketType(s.tier.id, details)
        #expect(try entry(s, cy).offer?.ticketCount == 2)
        // Declining twice, or a waiting entry, is an invalid state; leaving twice changes nothing.
        let twice = #expect(throws: BoxOfficeError.self) { try s.t.engine.declineWaitlistOffer(ada.entry.id) }
        #expect(twice?.code == .invalidState)
        #expect(try s.t.engine.leaveWaitlist(bob.entry.id).status == .left)
        try expectClean(s.t)
    }

    @Test func aRaisedCapacityAndAnyTierEntriesAreOffered() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org, tiers: [.init(name: "A", quantity: 10), .init(name: "B", quantity: 10)], capacity: 2)
        _ = try t.order(event, tiers[0], quantity: 2)
        #expect(throws: BoxOfficeError.invalidArgument("quantity 3 is more than can ever be sold: the most it can is 2, the event's capacity")) {
            try t.engine.joinWaitlist(eventId: event.id, ticketTypeId: tiers[0].id, quantity: 3, email: "big@example.org")
        }
        let any = try t.engine.joinWaitlist(eventId: event.id, quantity: 2, email: "any@example.org")
        #expect(try any.entry.ticketTypeId == nil && any.position == 1 && (try t.engine.event(event.id))?.waitlistedAnyTier == 2)
        // Every tier's stock is kept for the any-tier entry.
        #expect(try t.engine.availability(eventId: event.id).tiers.allSatisfy { $0.available == 0 })
        var details = event.details
        details.capacity = 4
        _ = try t.engine.updateEvent(event.id, details)
        let offered = try #require(try t.engine.waitlistEntry(any.entry.id))
        #expect(offered.entry.status == .offered && offered.offer?.items.first?.ticketTypeId == tiers[0].id)
        #expect(try t.engine.event(event.id)?.waitlisted == 0)
        let report = try t.engine.verify()
        #expect(report.isClean, "\(report.invariants)")
    }

    @Test func freeStockIsOfferedOnJoiningAndRemindersComeBeforeTheEnd() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org)
        let customer = try t.engine.createCustomer(organizationId: org.id, CustomerDetails(email: "Ada@Example.org"))
        let place = try t.engine.joinWaitlist(eventId: event.id, ticketTypeId: tiers[0].id, quantity: 2, customerId: customer.id)
        let offer = try #require(place.offer)
        #expect(place.entry.status == .offered && place.entry.email == "ada@example.org" && offer.customerId == customer.id)
        // An offer is not extended.
        let extend = #expect(throws: BoxOfficeError.self) { try t.engine.extendHold(offer.id, ttlMillis: minute) }
        #expect(extend?.code == .invalidState)
        t.clock.advance(event.details.waitlistOfferTtlMs * 3 / 4)
        _ = try t.engine.expireHolds()
        let reminders = try t.engine.outbox(status: .pending).messages.filter { $0.kind == .waitlistOfferExpiring }
        #expect(reminders.count == 1 && reminders[0].recipient == "Ada@Example.org")
        _ = try t.engine.expireHolds()
        #expect(try t.engine.outbox(status: .pending).messages.filter { $0.kind == .waitlistOfferExpiring }.count == 1)
        // Checkout and a webhook accept it too.
        let order = try t.engine.checkout(offer.id)
        let paid = try t.engine.recordPayment(PaymentEvent(organizationId: org.id, orderId: order.id, provider: "stripe", providerReference: "pi_1",
                                                           status: .succeeded, amountMinor: order.totalMinor, currency: "EUR"))
        #expect(try paid.outcome == .confirmed && (try t.engine.waitlistEntry(place.entry.id))?.entry.status == .accepted)
        let report = try t.engine.verify()
        #expect(report.isClean, "\(report.invariants)")
    }

    @Test func badJoinsAreTypedErrorsThatWriteNothing() throws {
        let s = try soldOut()
        _ = try join(s, "ada@example.org")
        let before = try s.t.engine.auditFeed(limit: 1_000).count
        func code(_ body: () throws -> Any) -> BoxOfficeError.Code? {
            do { _ = try body(); return nil } catch let error as BoxOfficeError { return error.code } catch { return nil }
        }
        let e = s.t.engine!
        #expect(code { try e.joinWaitlist(eventId: UUID(), quantity: 1, email: "x@example.org") } == .notFound)
        #expect(code { try e.joinWaitlist(eventId: s.event.id, ticketTypeId: s.tier.id, quantity: 0, email: "x@example.org") } == .invalidArgument)
        #expect(code { try e.joinWaitlist(eventId: s.event.id, ticketTypeId: s.tier.id, quantity: 5, email: "x@example.org") } == .invalidArgument)  // more than the tier's 4
        #expect(code { try e.joinWaitlist(eventId: s.event.id, ticketTypeId: s.tier.id, quantity: 1, email: " ADA@example.org".trimmingCharacters(in: .whitespaces)) } == .duplicate)
        #expect(code { try e.joinWaitlist(eventId: s.event.id, ticketTypeId: s.tier.id, quantity: 1) } == .invalidArgument)
        #expect(code { try e.joinWaitlist(eventId: s.event.id, ticketTypeId: s.tier.id, quantity: 1, customerId: UUID(), email: "x@example.org") } == .invalidArgument)
        #expect(code { try e.joinWaitlist(eventId: s.event.id, ticketTypeId: s.tier.id, quantity: 1, email: "not an email") } == .invalidArgument)
        #expect(code { try e.joinWaitlist(eventId: s.event.id, ticketTypeId: UUID(), quantity: 1, email: "x@example.org") } == .notFound)
        #expect(code { try e.declineWaitlistOffer(UUID()) } == .notFound)
        let (draft, draftTiers) = try s.t.event(s.org, publish: false)
        #expect(code { try e.joinWaitlist(eventId: draft.id, ticketTypeId: draftTiers[0].id, quantity: 1, email: "x@example.org") } == .invalidState)
        #expect(code { try e.joinWaitlist(eventId: s.event.id, ticketTypeId: draftTiers[0].id, quantity: 1, email: "x@example.org") } == .invalidArgument)
        var details = s.event.details
        details.waitlistEnabled = false
        _ = try e.updateEvent(s.event.id, details)
        let after = try e.auditFeed(limit: 1_000).count
        #expect(code { try e.joinWaitlist(eventId: s.event.id, ticketTypeId: s.tier.id, quantity: 1, email: "x@example.org") } == .invalidState)
        #expect(try e.auditFeed(limit: 1_000).count == after && after == before + 3)  // two draft-event writes and the update
        #expect(try e.waitlist(eventId: s.event.id).count == 1)
        try expectClean(s.t)
    }

    @Test func cancellingTheEventClosesItsWaitlist() throws {
        let s = try soldOut(held: 1)
        let ada = try join(s, "ada@example.org")
        let bob = try join(s, "bob@example.org")
        _ = try s.t.engine.releaseHold(s.hold.id)
        _ = try s.t.engine.cancelEvent(s.event.id)
        #expect(try s.t.engine.waitlist(eventId: s.event.id).map(\.entry.status) == [.closed, .closed])
        #expect(try entry(s, ada).offer == nil && (try entry(s, bob)).position == nil)
        try expectClean(s.t)
    }

    /// Threads join and leave while holds expire and refunds restock; every offer goes in FIFO
    /// order and the file verifies clean.
    @Test func joinsRaceWithExpiriesAndRefunds() throws {
        let s = try soldOut(quantity: 20, held: 10) { $0.waitlistOfferTtlMs = minute }
        let engine = s.t.engine!
        let (eventId, tierId, holdId, orderId) = (s.event.id, s.tier.id, s.hold.id, s.order.id)
        let tickets = try engine.tickets(orderId: orderId).prefix(10).map(\.id)
        DispatchQueue.concurrentPerform(iterations: 7) { worker in
            switch worker {
            case 0..<4:
                for i in 0..<25 {
                    _ = try? engine.joinWaitlist(eventId: eventId, ticketTypeId: tierId, quantity: 1 + Int64(i % 2), email: "w\(worker)-\(i)@example.org")
                }
            case 4: _ = try? engine.releaseHold(holdId)
            case 5: for ticket in tickets { _ = try? engine.refundTickets(orderId: orderId, ticketIds: [ticket], actor: .system) }
            default: for _ in 0..<10 { _ = try? engine.expireHolds() }
            }
        }
        s.t.clock.advance(minute)
        _ = try engine.expireHolds()
        let report = try engine.verify()
        #expect(report.isClean, "\(report.invariants)")
        let places = try engine.waitlist(eventId: s.event.id)
        #expect(places.count == 100)
        // FIFO: every entry offered joined before every entry still waiting for the same tier.
        let offeredAt = places.filter { $0.entry.offers > 0 }.map(\.entry.createdAt)
        let waitingFirst = places.filter { $0.entry.status == .waiting && $0.entry.offers == 0 }.map(\.entry.createdAt).min() ?? .max
        #expect(offeredAt.allSatisfy { $0 <= waitingFirst })
        #expect(try engine.ticketType(s.tier.id)!.remaining >= 0)
    }

    /// Three processes join, decline and leave while this one releases holds, refunds tickets
    /// and expires offers: no stock is lost, offers go in FIFO order, the file verifies clean.
    @Test func processesJoinWhileStockFreesUp() throws {
        let s = try soldOut(quantity: 20, held: 10) { $0.waitlistOfferTtlMs = minute }
        let engine = s.t.engine!
        let now = s.t.clock.now
        let helpers = try (0..<3).map { i in
            try FlashSale.startHelper(["waitlist", s.t.path, s.event.id.uuidString, s.tier.id.uuidString, "p\(i)", "30", String(now)])
        }
        _ = try engine.releaseHold(s.hold.id)
        for ticket in try engine.tickets(orderId: s.order.id).prefix(6) {
            _ = try engine.refundTickets(orderId: s.order.id, ticketIds: [ticket.id], actor: .system)
        }
        for (i, helper) in helpers.enumerated() {
            let output = helper.finish()
            #expect(output.status == 0, "helper \(i) exited \(output.status): \(output.stderr)")
            #expect(FlashSale.field("joined", in: output.stdout) == 30)
        }
        s.t.clock.advance(minute)
        _ = try engine.expireHolds()
        let report = try engine.verify()
        #expect(report.isClean, "\(report.invariants)")
        let tier = try #require(try engine.ticketType(s.tier.id))
        let places = try engine.waitlist(eventId: s.event.id)
        #expect(places.count == 90)
        // No stock lost: what is not sold or held is kept for the queue, or nobody waits.
        let availability = try engine.availability(eventId: s.event.id).tiers[0]
        #expect(tier.remaining == availability.reservedForWaitlist + availability.available)
        #expect(tier.waitlisted == 0 || availability.available == 0)
    }

    /// docs/WAITLIST.md's worked queue, step by step.
    @Test func theWorkedQueueOfTheDocs() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org, tiers: [.init(name: "Standing", quantity: 2)])
        let order = try t.order(event, tiers[0], quantity: 1)
        let cart = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)])
        let ada = try t.engine.joinWaitlist(eventId: event.id, ticketTypeId: tiers[0].id, quantity: 1, email: "ada@example.org").entry.id
        let bob = try t.engine.joinWaitlist(eventId: event.id, quantity: 2, email: "bob@example.org").entry.id
        let cy = try t.engine.joinWaitlist(eventId: event.id, ticketTypeId: tiers[0].id, quantity: 1, email: "cy@example.org").entry.id
        func row() throws -> [String] {
            try [ada, bob, cy].map { id in
                let place = try #require(try t.engine.waitlistEntry(id))
                return place.entry.status.rawValue + (place.position.map { " \($0)" } ?? "")
            }
        }
        func stock() throws -> [Int64] {
            let tier = try t.engine.availability(eventId: event.id).tiers[0]
            return [tier.available, tier.reservedForWaitlist]
        }
        #expect(try row() == ["waiting 1", "waiting 2", "waiting 3"] && (try stock()) == [0, 0])
        _ = try t.engine.releaseHold(cart.id)
        #expect(try row() == ["offered", "waiting 1", "waiting 2"] && (try stock()) == [0, 0])
        _ = try t.engine.declineWaitlistOffer(ada)
        #expect(try row() == ["declined", "waiting 1", "waiting 2"] && (try stock()) == [0, 1])
        _ = try t.engine.refundTickets(orderId: order.id, ticketIds: try t.engine.tickets(orderId: order.id).map(\.id), actor: .system)
        #expect(try row() == ["declined", "offered", "waiting 1"] && (try stock()) == [0, 0])
        let bobsOffer = try #require(try t.engine.waitlistEntry(bob)?.offer)
        let pending = try t.engine.checkout(bobsOffer.id)
        t.clock.advance(event.details.waitlistOfferTtlMs)
        _ = try t.engine.expireHolds()
        #expect(try row() == ["declined", "expired", "offered"] && (try stock()) == [1, 0])
        // Bob's payment arrives after his offer ended: it is refunded, whatever is free.
        let paid = try t.engine.recordPayment(PaymentEvent(organizationId: org.id, orderId: pending.id, provider: "stripe", providerReference: "pi_bob",
                                                           status: .succeeded, amountMinor: pending.totalMinor, currency: "EUR"))
        #expect(paid.outcome == .refundDue)
        #expect(try t.engine.verify().isClean)
    }

    // MARK: Found by a try-out

    /// An entry that joined before sales opened is served when they open: by the first buyer's
    /// write (which the queue comes before) or by the sweep.
    @Test func entriesThatJoinedBeforeSalesOpenAreServedWhenTheyOpen() throws {
        for byTheSweep in [false, true] {
            let t = try TestEngine()
            let org = try t.organization()
            let opens = t.clock.now + hour
            let (event, tiers) = try t.event(org, tiers: [.init(name: "GA", quantity: 3, salesStartAt: opens)])
            let early = try t.engine.joinWaitlist(eventId: event.id, ticketTypeId: tiers[0].id, quantity: 2, email: "early@example.org")
            #expect(early.entry.status == .waiting)
            t.clock.advance(hour)
            if byTheSweep {
                _ = try t.engine.expireHolds()
                #expect(try t.engine.waitlistEntry(early.entry.id)?.entry.status == .offered)
            }
            let refused = #expect(throws: BoxOfficeError.self) {
                try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 2)])
            }
            #expect(refused?.code == .soldOut)  // 1 left after the early entry's offer; the offer commits with the refusal
            #expect(try t.engine.waitlistEntry(early.entry.id)?.entry.status == .offered)
            _ = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)])
            try expectClean(t)
        }
    }

    /// A long queue for one tier does not keep another tier's entries from their stock.
    @Test func aLongQueueForOneTierDoesNotStarveAnother() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org, tiers: [.init(name: "A", quantity: 1), .init(name: "B", quantity: 1)])
        _ = try t.order(event, tiers[0], quantity: 1)
        let hold = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[1].id, quantity: 1)])
        for i in 0..<1_005 {  // more than an offer round once read
            _ = try t.engine.joinWaitlist(eventId: event.id, ticketTypeId: tiers[0].id, quantity: 1, email: "a\(i)@example.org")
        }
        let b = try t.engine.joinWaitlist(eventId: event.id, ticketTypeId: tiers[1].id, quantity: 1, email: "b@example.org")
        _ = try t.engine.releaseHold(hold.id)
        #expect(try t.engine.waitlistEntry(b.entry.id)?.entry.status == .offered)
        try expectClean(t)
    }

    /// A buyer whose own write sweeps an expired hold comes after the queue, with or without the
    /// stock kept for it; and a refused buyer's sweep still serves the queue.
    @Test func aSweepInABuyersWriteServesTheQueueFirst() throws {
        for reserves in [false, true] {
            let s = try soldOut(quantity: 3, held: 2) { $0.waitlistReservesStock = reserves }
            let ada = try join(s, "ada@example.org", quantity: 2)
            s.t.clock.advance(s.hold.expiresAt - s.t.clock.now)
            let error = #expect(throws: BoxOfficeError.self) {
                try s.t.engine.createHold(eventId: s.event.id, items: [.init(ticketTypeId: s.tier.id, quantity: 2)])
            }
            #expect(error?.code == .soldOut)
            #expect(try entry(s, ada).entry.status == .offered, "reserves \(reserves)")
            try expectClean(s.t)
        }
    }

    /// Stock is kept only for entries that could take it.
    @Test func stockIsKeptOnlyForEntriesThatCouldTakeIt() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org, tiers: [.init(name: "A", quantity: 5, max: 10), .init(name: "B", quantity: 100, max: 4)])
        _ = try t.order(event, tiers[0], quantity: 5)
        let any = try t.engine.joinWaitlist(eventId: event.id, quantity: 5, email: "five@example.org")
        let tier = { (i: Int) in try t.engine.availability(eventId: event.id).tiers[i] }
        #expect(try tier(0).available == 0 && (try tier(1)).available == 100 && (try tier(1)).reservedForWaitlist == 0)
        _ = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[1].id, quantity: 1)])
        // An entry whose tier's limit dropped below its quantity keeps nothing either.
        let order = try t.engine.orders(eventId: event.id).orders[0]
        _ = try t.engine.leaveWaitlist(any.entry.id)
        _ = try t.engine.joinWaitlist(eventId: event.id, ticketTypeId: tiers[0].id, quantity: 4, email: "four@example.org")
        var details = tiers[0].details
        details.maxPerOrder = 2
        _ = try t.engine.updateTicketType(tiers[0].id, details)
        _ = try t.engine.refundTickets(orderId: order.id, ticketIds: try t.engine.tickets(orderId: order.id).prefix(4).map(\.id), actor: .system)
        #expect(try tier(0).available == 4 && (try tier(0)).reservedForWaitlist == 0)
        try expectClean(t)
    }

    /// An entry joined by email is a customer: the offer's order and its tickets reach them.
    @Test func anEmailEntryIsACustomerWhoseOrderIsTold() throws {
        let s = try soldOut(quantity: 2, held: 1)
        let ada = try join(s, "Ada@Example.org")
        _ = try s.t.engine.releaseHold(s.hold.id)
        let offer = try #require(try entry(s, ada).offer)
        let customer = try #require(try s.t.engine.customer(organizationId: s.org.id, email: "ada@example.org"))
        #expect(offer.customerId == customer.id && ada.entry.customerId == customer.id)
        let order = try s.t.engine.confirmHold(offer.id)
        #expect(order.customerId == customer.id)
        #expect(try s.t.engine.outbox(status: .pending).messages.contains { $0.kind == .orderConfirmed && $0.recipient == customer.details.email })
        // The same address joins another event as the same customer.
        let (other, otherTiers) = try s.t.event(s.org)
        #expect(try s.t.engine.joinWaitlist(eventId: other.id, ticketTypeId: otherTiers[0].id, quantity: 1, email: "ADA@example.org").entry.customerId
                == customer.id)
    }

    // MARK: Found by a second try-out

    /// Entries a tier cannot serve (off sale, or outside its limits now) do not keep another
    /// tier's entries waiting, however many there are.
    @Test func unservableEntriesOfOneTierDoNotStarveAnother() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org, tiers: [.init(name: "Early", quantity: 1, salesEndAt: t.clock.now + hour),
                                                      .init(name: "Limited", quantity: 3, max: 4), .init(name: "Regular", quantity: 1)])
        _ = try t.order(event, tiers[0], quantity: 1)
        _ = try t.order(event, tiers[1], quantity: 3)
        let hold = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[2].id, quantity: 1)], ttlMillis: 3 * hour)
        for i in 0..<150 {
            _ = try t.engine.joinWaitlist(eventId: event.id, ticketTypeId: tiers[0].id, quantity: 1, email: "early\(i)@example.org")
            _ = try t.engine.joinWaitlist(eventId: event.id, ticketTypeId: tiers[1].id, quantity: 3, email: "limited\(i)@example.org")
        }
        var details = tiers[1].details
        details.maxPerOrder = 2  // every Limited entry is outside the limit now
        _ = try t.engine.updateTicketType(tiers[1].id, details)
        let regular = try t.engine.joinWaitlist(eventId: event.id, ticketTypeId: tiers[2].id, quantity: 1, email: "regular@example.org")
        t.clock.advance(2 * hour)  // Early is off sale
        _ = try t.engine.releaseHold(hold.id)
        #expect(try t.engine.waitlistEntry(regular.entry.id)?.entry.status == .offered)
        try expectClean(t)
    }

    /// The sweep serves each waitlist whose time came once, so a limit does not serve the same
    /// events forever; when sales close, waiting entries are closed.
    @Test func theSweepServesEveryWaitlistWhoseTimeCame() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let opens = t.clock.now + hour
        var entries: [UUID] = []
        var first: Event?
        for i in 0..<3 {
            let (event, tiers) = try t.event(org, tiers: [.init(name: "GA", quantity: 2, salesStartAt: opens)])
            if i == 0 { first = event }
            entries.append(try t.engine.joinWaitlist(eventId: event.id, ticketTypeId: tiers[0].id, quantity: 2, email: "fan\(i)@example.org").entry.id)
            if i == 0 { entries.append(try t.engine.joinWaitlist(eventId: event.id, ticketTypeId: tiers[0].id, quantity: 1, email: "late@example.org").entry.id) }
        }
        t.clock.advance(hour)
        for _ in 0..<3 { _ = try t.engine.expireHolds(limit: 1) }
        #expect(try entries.map { try t.engine.waitlistEntry($0)!.entry.status } == [.offered, .waiting, .offered, .offered])
        t.clock.advance(first!.details.startsAt - t.clock.now)
        _ = try t.engine.expireHolds()
        #expect(try t.engine.waitlistEntry(entries[1])?.entry.status == .closed)
        try expectClean(t)
    }

    /// A buyer refused because the queue keeps the stock leaves that finding written.
    @Test func aRefusedBuyerLeavesTheQueuesFindingWritten() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org, tiers: [.init(name: "GA", quantity: 3, salesStartAt: t.clock.now + hour)])
        _ = try t.engine.createVoucher(eventId: event.id, VoucherDetails(code: "CREW", ticketTypeIds: [tiers[0].id], maxUsages: 1, blockQuota: true))
        _ = try t.engine.joinWaitlist(eventId: event.id, ticketTypeId: tiers[0].id, quantity: 3, email: "ada@example.org")
        t.clock.advance(hour)  // 2 are free for the public, Ada wants 3
        let refused = #expect(throws: BoxOfficeError.self) {
            try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)])
        }
        #expect(refused?.code == .soldOut)
        #expect(try t.engine.availability(eventId: event.id).tiers[0].reservedForWaitlist == 2)
    }

    /// With requeueing on, an entry is offered three times at most, then leaves.
    @Test func requeueingStopsAfterThreeOffers() throws {
        let s = try soldOut(quantity: 2, held: 1) { $0.waitlistRequeueExpired = true; $0.waitlistOfferTtlMs = 10 * minute }
        let ada = try join(s, "ada@example.org")
        _ = try s.t.engine.releaseHold(s.hold.id)
        for _ in 0..<3 {
            s.t.clock.advance(10 * minute)
            _ = try s.t.engine.expireHolds()
        }
        #expect(try entry(s, ada).entry.status == .expired && (try entry(s, ada)).entry.offers == 3)
        #expect(try s.t.engine.availability(eventId: s.event.id).tiers[0].available == 1)
        try expectClean(s.t)
    }

    /// A customer joins a tier once, whatever address they had; cancelling tells the entries.
    @Test func aCustomerJoinsATierOnceAndIsToldOfACancellation() throws {
        let s = try soldOut()
        let customer = try s.t.engine.createCustomer(organizationId: s.org.id, CustomerDetails(email: "ada@example.org"))
        let ada = try s.t.engine.joinWaitlist(eventId: s.event.id, ticketTypeId: s.tier.id, quantity: 1, customerId: customer.id)
        _ = try s.t.engine.updateCustomer(customer.id, CustomerDetails(email: "ada@new.example.org"))
        let twice = #expect(throws: BoxOfficeError.self) {
            try s.t.engine.joinWaitlist(eventId: s.event.id, ticketTypeId: s.tier.id, quantity: 1, customerId: customer.id)
        }
        #expect(twice?.code == .duplicate)
        _ = try s.t.engine.cancelEvent(s.event.id)
        let told = try s.t.engine.outbox(status: .pending).messages.filter { $0.kind == .eventCancelled && $0.subjectId == ada.entry.id }
        #expect(told.count == 1 && told[0].recipient == "ada@new.example.org")
        try expectClean(s.t)
    }

    /// expireHolds(limit:) ends at most `limit` holds, also on an event with a queue.
    @Test func theSweepsLimitHoldsWithAQueue() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org, tiers: [.init(name: "GA", quantity: 5)])
        let holds = try (0..<5).map { _ in try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)]) }
        _ = try t.engine.joinWaitlist(eventId: event.id, ticketTypeId: tiers[0].id, quantity: 5, email: "ada@example.org")
        t.clock.advance(holds[0].expiresAt - t.clock.now)
        #expect(try t.engine.expireHolds(limit: 1) == 1)
        #expect(try t.engine.ticketType(tiers[0].id)?.held == 4)
        try expectClean(t)
    }

    // MARK: Found by a third try-out

    /// An entry that wants more than its tier can ever sell (its quantity was cut) is passed
    /// over and keeps nothing.
    @Test func aShrunkTierPassesOverWhatItCanNeverSell() throws {
        let s = try soldOut(quantity: 4, held: 4 - 1)
        let greedy = try join(s, "greedy@example.org", quantity: 4)
        _ = try s.t.engine.releaseHold(s.hold.id)  // 3 free, greedy wants 4: kept
        #expect(try s.t.engine.availability(eventId: s.event.id).tiers[0].reservedForWaitlist == 3)
        var details = s.tier.details
        details.quantity = 3
        _ = try s.t.engine.updateTicketType(s.tier.id, details)  // greedy can never fit: nothing kept
        let tier = try s.t.engine.availability(eventId: s.event.id).tiers[0]
        #expect(tier.reservedForWaitlist == 0 && tier.available == 2)
        let bob = try join(s, "bob@example.org", quantity: 1)
        #expect(try bob.entry.status == .offered && entry(s, greedy).entry.status == .waiting)
        try expectClean(s.t)
    }

    @Test func reschedulingTellsTheEntriesAndMessagesEscapeStoredNames() throws {
        let s = try soldOut()
        let ada = try join(s, "ada@example.org")
        var details = s.event.details
        details.startsAt += day
        details.endsAt += day
        _ = try s.t.engine.updateEvent(s.event.id, details)
        let told = try s.t.engine.outbox(status: .pending).messages.filter { $0.kind == .eventRescheduled && $0.subjectId == ada.entry.id }
        #expect(told.count == 1 && told[0].payload.contains("previousStartsAt"))
        var tier = s.tier.details
        tier.name = "T\u{1B}[2J\u{202E}"
        tier.maxPerOrder = 2
        _ = try s.t.engine.updateTicketType(s.tier.id, tier)
        let refused = #expect(throws: BoxOfficeError.self) {
            try s.t.engine.createHold(eventId: s.event.id, items: [.init(ticketTypeId: s.tier.id, quantity: 3)])
        }
        let message = "\(refused!)"
        #expect(!message.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" } && message.contains("\\u{1B}"), "\(message)")
    }
}
