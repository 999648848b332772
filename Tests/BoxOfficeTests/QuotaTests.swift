import BoxOffice
import BoxOfficeStore
import Foundation
import Testing

/// Quotas shared across tiers (pretix's model): every quota of a tier needs room.
@Suite struct QuotaTests {
    func expectClean(_ t: TestEngine, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let report = try t.engine.verify()
        #expect(report.isClean, "\(report.invariants)", sourceLocation: sourceLocation)
    }

    /// pretix's example: a hall of 10 sold as Regular and Reduced, and Early bird limited to 3
    /// within it (Early bird is in two quotas).
    @Test func aSaleNeedsRoomInEveryQuotaOfItsTier() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org, tiers: [.init(name: "Regular"), .init(name: "Reduced"), .init(name: "Early bird")], publish: false)
        let (regular, reduced, early) = (tiers[0], tiers[1], tiers[2])
        let hall = try t.engine.createQuota(eventId: event.id, QuotaDetails(name: "Hall", size: 10, ticketTypeIds: [regular.id, reduced.id, early.id]))
        _ = try t.engine.createQuota(eventId: event.id, QuotaDetails(name: "Early", size: 3, ticketTypeIds: [early.id]))
        _ = try t.engine.publishEvent(event.id)
        _ = try t.order(event, early, quantity: 3)
        #expect(throws: BoxOfficeError.self) { try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: early.id, quantity: 1)]) }
        _ = try t.order(event, regular, quantity: 5)
        let refused = #expect(throws: BoxOfficeError.self) {
            try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: reduced.id, quantity: 1), .init(ticketTypeId: regular.id, quantity: 2)])
        }
        #expect(refused?.code == .soldOut)
        let availability = try t.engine.availability(eventId: event.id)
        #expect(availability.tiers.map(\.available) == [2, 2, 0])
        #expect(availability.quotas.map(\.available) == [2, 0])
        #expect(try t.engine.quota(hall.id)?.sold == 8)
        try expectClean(t)
    }

    /// The event capacity is a quota like any other: over every tier, new ones too, following the
    /// capacity; it changes with the event, not as a quota.
    @Test func theEventCapacityIsAQuota() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org, tiers: [.init(name: "A", quantity: 10), .init(name: "B", quantity: 10)], capacity: 12)
        var capacity = try #require(try t.engine.quotas(eventId: event.id).first)
        #expect(capacity.eventCapacity && capacity.details.size == 12 && Set(capacity.details.ticketTypeIds) == Set(tiers.map(\.id)))
        _ = try t.order(event, tiers[0], quantity: 8)
        let late = try t.engine.createTicketType(eventId: event.id, TicketTypeDetails(name: "C", priceMinor: 100, currency: "EUR", quantity: 10))
        capacity = try #require(try t.engine.quota(capacity.id))
        #expect(capacity.details.ticketTypeIds.contains(late.id) && capacity.sold == 8 && capacity.available == 4)
        #expect(throws: BoxOfficeError.self) { try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: late.id, quantity: 5)]) }
        #expect(throws: BoxOfficeError.self) { try t.engine.updateQuota(capacity.id, QuotaDetails(name: "x", size: 100, ticketTypeIds: [late.id])) }
        #expect(throws: BoxOfficeError.self) { try t.engine.deleteQuota(capacity.id) }
        var details = event.details
        details.capacity = 20
        _ = try t.engine.updateEvent(event.id, details)
        #expect(try t.engine.quota(capacity.id)?.available == 12)
        details.capacity = nil
        _ = try t.engine.updateEvent(event.id, details)
        #expect(try t.engine.quotas(eventId: event.id).isEmpty)
        #expect(try t.engine.ticketTypes(eventId: event.id).allSatisfy { $0.quotaIds.isEmpty })
        _ = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: late.id, quantity: 10)])
        try expectClean(t)
    }

    @Test func aQuotaClosedWhenSoldOutStaysClosedUntilUpdated() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org, tiers: [.init(name: "Standing")], publish: false)
        let quota = try t.engine.createQuota(eventId: event.id, QuotaDetails(name: "Floor", size: 4, ticketTypeIds: [tiers[0].id], closeWhenSoldOut: true))
        _ = try t.engine.publishEvent(event.id)
        let hold = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 4)])
        #expect(try t.engine.quota(quota.id)?.closed == true)
        _ = try t.engine.releaseHold(hold.id)
        #expect(try t.engine.availability(eventId: event.id).tiers[0].available == 0)
        #expect(throws: BoxOfficeError.self) { try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)]) }
        let reopened = try t.engine.updateQuota(quota.id, QuotaDetails(name: "Floor", size: 4, ticketTypeIds: [tiers[0].id], closeWhenSoldOut: true))
        #expect(!reopened.closed && reopened.available == 4)
        _ = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)])
        try expectClean(t)
    }

    @Test func quotasCountWhatTheirTiersHoldAndVouchersBlock() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org, tiers: [.init(name: "A"), .init(name: "B")])
        _ = try t.order(event, tiers[0], quantity: 2)
        let held = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[1].id, quantity: 3)])
        _ = try t.engine.createVoucher(eventId: event.id, VoucherDetails(code: "CREW", ticketTypeIds: [tiers[1].id], maxUsages: 2, blockQuota: true))
        let quota = try t.engine.createQuota(eventId: event.id, QuotaDetails(name: "All", size: 9, ticketTypeIds: [tiers[0].id, tiers[1].id]))
        #expect((quota.held, quota.sold, quota.blocked, quota.available) == (3, 2, 2, 2))
        _ = try t.engine.releaseHold(held.id)
        #expect(try t.engine.quota(quota.id)?.available == 5)
        try t.engine.deleteQuota(quota.id)
        #expect(try t.engine.ticketTypes(eventId: event.id).allSatisfy { $0.quotaIds.isEmpty })
        try expectClean(t)
    }

    /// A voucher's reserve needs room in its tier's quotas as well (a try-out's case: verify broke).
    @Test func aBlockingVouchersReserveNeedsRoomInTheQuotas() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org, tiers: [.init(name: "A", quantity: 100)])
        _ = try t.engine.createQuota(eventId: event.id, QuotaDetails(name: "Small", size: 5, ticketTypeIds: [tiers[0].id]))
        let refused = #expect(throws: BoxOfficeError.self) {
            try t.engine.createVoucher(eventId: event.id, VoucherDetails(code: "CREW", ticketTypeIds: [tiers[0].id], maxUsages: 10, blockQuota: true))
        }
        #expect(refused?.code == .soldOut)
        _ = try t.engine.createVoucher(eventId: event.id, VoucherDetails(code: "CREW", ticketTypeIds: [tiers[0].id], maxUsages: 5, blockQuota: true))
        _ = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 5)], voucherCode: "crew")
        try expectClean(t)
    }

    /// A quota closed when sold out still honours a blocking voucher's reserve, and the reserve
    /// alone does not close it (a try-out's case: the press could never redeem).
    @Test func aClosedQuotaHonoursAVouchersReserve() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org, tiers: [.init(name: "Stalls", quantity: 50)])
        let quota = try t.engine.createQuota(eventId: event.id, QuotaDetails(name: "Early", size: 10, ticketTypeIds: [tiers[0].id], closeWhenSoldOut: true))
        _ = try t.engine.createVoucher(eventId: event.id, VoucherDetails(code: "PRESS", ticketTypeIds: [tiers[0].id], maxUsages: 4, blockQuota: true))
        _ = try t.order(event, tiers[0], quantity: 6)
        #expect(try t.engine.quota(quota.id)?.closed == true)
        #expect(throws: BoxOfficeError.self) { try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)]) }
        _ = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 4)], voucherCode: "press")
        let (other, otherTiers) = try t.event(org, tiers: [.init(name: "Stalls", quantity: 50)])
        let small = try t.engine.createQuota(eventId: other.id, QuotaDetails(name: "Tiny", size: 4, ticketTypeIds: [otherTiers[0].id], closeWhenSoldOut: true))
        _ = try t.engine.createVoucher(eventId: other.id, VoucherDetails(code: "PRESS", ticketTypeIds: [otherTiers[0].id], maxUsages: 4, blockQuota: true))
        #expect(try t.engine.quota(small.id)?.closed == false)
        _ = try t.engine.createHold(eventId: other.id, items: [.init(ticketTypeId: otherTiers[0].id, quantity: 2)], voucherCode: "press")
        try expectClean(t)
    }

    @Test func badQuotasAreRefusedAndWriteNothing() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org, tiers: [.init(name: "A", quantity: 5)])
        let (other, otherTiers) = try t.event(org)
        _ = try t.order(event, tiers[0], quantity: 3)
        let analyst = try t.user(org, .analyst)
        let feed = try t.engine.auditFeed(after: 0, limit: 1000).count
        func refused(_ details: QuotaDetails, on eventId: UUID? = nil) -> BoxOfficeError.Code? {
            do { _ = try t.engine.createQuota(eventId: eventId ?? event.id, details); return nil } catch let error as BoxOfficeError { return error.code } catch { return nil }
        }
        #expect(refused(QuotaDetails(name: "x", size: 5, ticketTypeIds: [])) == .invalidArgument)
        #expect(refused(QuotaDetails(name: "x", size: 5, ticketTypeIds: [tiers[0].id, tiers[0].id])) == .invalidArgument)
        #expect(refused(QuotaDetails(name: "x", size: 5, ticketTypeIds: [otherTiers[0].id])) == .invalidArgument)
        #expect(refused(QuotaDetails(name: "x", size: 2, ticketTypeIds: [tiers[0].id])) == .invalidArgument)
        #expect(refused(QuotaDetails(name: "x", size: -1, ticketTypeIds: [tiers[0].id])) == .invalidArgument)
        #expect(refused(QuotaDetails(name: "", size: 5, ticketTypeIds: [tiers[0].id])) == .invalidArgument)
        #expect(refused(QuotaDetails(name: "x", size: 5, ticketTypeIds: [UUID()])) == .notFound)
        #expect(refused(QuotaDetails(name: "x", size: 5, ticketTypeIds: [tiers[0].id]), on: UUID()) == .notFound)
        #expect(throws: BoxOfficeError.self) {
            try t.engine.createQuota(eventId: event.id, QuotaDetails(name: "x", size: 5, ticketTypeIds: [tiers[0].id]), actor: .user(analyst.id))
        }
        #expect(try t.engine.quotas(eventId: event.id).isEmpty && other.id != event.id)
        #expect(try t.engine.auditFeed(after: 0, limit: 1000).count == feed + 1)  // the denied attempt
        try expectClean(t)
    }

    /// A waitlist entry wanting more than a quota of its tier holds could never be offered: its
    /// join is refused, and one left behind by a smaller quota does not keep the tier's stock.
    @Test func theWaitlistRespectsQuotas() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org, tiers: [.init(name: "Floor", quantity: 12)])
        let quota = try t.engine.createQuota(eventId: event.id, QuotaDetails(name: "Front", size: 6, ticketTypeIds: [tiers[0].id]))
        _ = try t.order(event, tiers[0], quantity: 6)
        #expect(throws: BoxOfficeError.invalidArgument("quantity 7 is more than can ever be sold: the most it can is 6, the size of its quota 'Front'")) {
            try t.engine.joinWaitlist(eventId: event.id, ticketTypeId: tiers[0].id, quantity: 7, email: "big@example.org")
        }
        let waiting = try t.engine.joinWaitlist(eventId: event.id, ticketTypeId: tiers[0].id, quantity: 5, email: "ada@example.org")
        #expect(waiting.position == 1)
        _ = try t.engine.updateQuota(quota.id, QuotaDetails(name: "Front", size: 8, ticketTypeIds: [tiers[0].id]))
        // 2 free, Ada wants 5: kept for her.
        #expect(try t.engine.availability(eventId: event.id).tiers[0].available == 0)
        try t.engine.deleteQuota(quota.id)
        #expect(try t.engine.waitlistEntry(waiting.entry.id)?.entry.status == .offered)
        try expectClean(t)
    }

    @Test func aWaitlistOfferOnASeatedTierTakesSeats() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (draft, tiers) = try t.event(org, tiers: [.init(name: "Stalls", quantity: 1)], publish: false)
        let plan = try t.engine.createSeatingPlan(organizationId: org.id, SeatingTests.plan([3]))
        _ = try t.engine.assignSeating(eventId: draft.id, planId: plan.id, categories: [.init(category: "std", ticketTypeId: tiers[0].id)])
        let event = try t.engine.publishEvent(draft.id)
        let hold = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 3)])
        let place = try t.engine.joinWaitlist(eventId: event.id, ticketTypeId: tiers[0].id, quantity: 2, email: "ada@example.org")
        _ = try t.engine.releaseHold(hold.id)
        let offer = try #require(try t.engine.waitlistEntry(place.entry.id)?.offer)
        #expect(offer.seats.count == 2)
        let order = try t.engine.confirmHold(offer.id)
        #expect(try t.engine.tickets(orderId: order.id).compactMap(\.seat).sorted() == offer.seats.sorted())
        try expectClean(t)
    }
}
