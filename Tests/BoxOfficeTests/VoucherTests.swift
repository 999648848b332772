import BoxOffice
import BoxOfficeStore
import Foundation
import Synchronization
import Testing

/// Vouchers: codes, price modes, usage limits, validity, scope, blocked quota and races.
@Suite struct VoucherTests {
    func item(_ tier: TicketType, _ quantity: Int64 = 1) -> Hold.Item { .init(ticketTypeId: tier.id, quantity: quantity) }

    @Test(arguments: [
        (Voucher.PriceMode.none, 0 as Int64, 2_500 as Int64),
        (.fixed, 1_000, 1_000),
        (.fixed, 9_000, 2_500),  // never above the tier's price
        (.amountOff, 700, 1_800),
        (.amountOff, 9_000, 0),
        (.percentOff, 2_500, 1_875),
        (.percentOff, 3_333, 1_667),  // 2500 × 33.33 % = 833.25 → 833 off
        (.percentOff, 10_000, 0),
    ])
    func priceModes(mode: Voucher.PriceMode, value: Int64, price: Int64) throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization())
        _ = try t.engine.createVoucher(eventId: event.id, VoucherDetails(code: "deal", priceMode: mode, value: value, maxUsages: 5))
        let hold = try t.engine.createHold(eventId: event.id, items: [item(tiers[0], 2)], voucherCode: "  Deal ")
        #expect(hold.items[0].unitPriceMinor == price && hold.items[0].discountPerTicketMinor == 2_500 - price)
        #expect(hold.voucherUses == 2 && hold.voucherId != nil)
        #expect(try t.engine.voucher(eventId: event.id, code: "DEAL")?.usedCount == 2)
        let order = try t.engine.confirmHold(hold.id)
        #expect(order.subtotalMinor == 2 * price && order.voucherId == hold.voucherId)
        #expect(try t.engine.verify().isClean)
    }

    @Test func codesAreCaseInsensitiveTrimmedAndUniquePerEvent() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization())
        let voucher = try t.engine.createVoucher(eventId: event.id, VoucherDetails(code: " summer24\n", maxUsages: 3))
        #expect(voucher.details.code == "SUMMER24" && voucher.remainingUses == 3)
        #expect(throws: BoxOfficeError.duplicate(entity: "voucher", field: "code", value: "SUMMER24")) {
            try t.engine.createVoucher(eventId: event.id, VoucherDetails(code: "Summer24"))
        }
        #expect(try t.engine.voucher(eventId: event.id, code: "summer24 ")?.id == voucher.id)
        _ = try t.engine.createHold(eventId: event.id, items: [item(tiers[0])], voucherCode: "sUmMeR24")
        #expect(try t.engine.vouchers(eventId: event.id).map(\.usedCount) == [1])
    }

    @Test func expiredUsedUpOutOfScopeAndUnknownCodesAreRejectedAndWriteNothing() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization(), tiers: [.init(name: "A"), .init(name: "B")])
        let now = t.clock.now
        _ = try t.engine.createVoucher(eventId: event.id, VoucherDetails(code: "LATER", validFrom: now + hour))
        _ = try t.engine.createVoucher(eventId: event.id, VoucherDetails(code: "GONE", validUntil: now + minute))
        _ = try t.engine.createVoucher(eventId: event.id, VoucherDetails(code: "ONLYA", ticketTypeIds: [tiers[0].id], maxUsages: 2))
        let audit = try t.engine.auditFeed().count
        func rejected(_ code: String, _ reason: BoxOfficeError.VoucherRejection, remaining: Int64? = nil, _ items: [Hold.Item]) {
            #expect(throws: BoxOfficeError.voucherRejected(code: code, reason: reason, remaining: remaining)) {
                try t.engine.createHold(eventId: event.id, items: items, voucherCode: code.lowercased())
            }
        }
        rejected("NOPE", .unknown, [item(tiers[0])])
        rejected("LATER", .notYetValid, [item(tiers[0])])
        rejected("ONLYA", .outOfScope, [item(tiers[1])])
        rejected("ONLYA", .usedUp, remaining: 2, [item(tiers[0], 3)])
        t.clock.advance(minute)
        rejected("GONE", .expired, [item(tiers[0])])
        #expect(try t.engine.auditFeed().count == audit)
        #expect(try t.engine.availability(eventId: event.id).tiers.allSatisfy { $0.held == 0 })
        // Out of scope items pay full price beside the discounted ones.
        let mixed = try t.engine.createHold(eventId: event.id, items: [item(tiers[0], 2), item(tiers[1])], voucherCode: "onlya")
        #expect(mixed.voucherUses == 2)
        rejected("ONLYA", .usedUp, remaining: 0, [item(tiers[0])])
        // Released: the uses come back.
        _ = try t.engine.releaseHold(mixed.id)
        #expect(try t.engine.voucher(eventId: event.id, code: "onlya")?.usedCount == 0)
        #expect(try t.engine.verify().isClean)
    }

    @Test func badVoucherDetailsAreRefused() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization(), tiers: [.init(name: "A"), .init(name: "B")])
        let (_, foreignTiers) = try t.event(try t.organization(slug: "other"))
        let bad: [(VoucherDetails, String)] = [
            (VoucherDetails(code: "  "), "code must not be empty"),
            (VoucherDetails(code: "P", priceMode: .percentOff, value: 10_001), "value: percent_off takes basis points 0...10000 (100 %), not 10001"),
            (VoucherDetails(code: "N", value: 5), "value must be 0 with priceMode none, not 5"),
            (VoucherDetails(code: "M", maxUsages: 0), "maxUsages must be 1...1000000000, not 0"),
            (VoucherDetails(code: "W", validFrom: t.clock.now, validUntil: t.clock.now), "the voucher's validity (validFrom to validUntil) must end after it starts"),
            (VoucherDetails(code: "B", blockQuota: true), "blockQuota needs exactly one tier in ticketTypeIds, not 0: the reserve is kept in that tier"),
            (VoucherDetails(code: "D", ticketTypeIds: [tiers[0].id, tiers[0].id]), "ticketTypeIds lists a tier twice"),
            (VoucherDetails(code: "F", ticketTypeIds: [foreignTiers[0].id]), "ticketTypeIds: ticket type \(foreignTiers[0].id.uuidString.lowercased()) is not of this event"),
            (VoucherDetails(code: "A", priceMode: .amountOff, value: -1), "value must be 0...1000000000000, not -1"),
        ]
        for (details, message) in bad {
            #expect(throws: BoxOfficeError.invalidArgument(message)) { try t.engine.createVoucher(eventId: event.id, details) }
        }
        #expect(try t.engine.vouchers(eventId: event.id).isEmpty)
    }

    /// pretix's block_quota: the public cannot buy the reserved seats, code holders can.
    @Test func aBlockingVoucherReservesItsUsesForCodeHolders() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization(), tiers: [.init(name: "GA", quantity: 10), .init(name: "VIP", quantity: 10)],
                                         capacity: 12)
        #expect(throws: BoxOfficeError.soldOut(ticketTypeId: tiers[0].id, name: "GA", remaining: 10)) {
            try t.engine.createVoucher(eventId: event.id, VoucherDetails(code: "BIG", ticketTypeIds: [tiers[0].id], maxUsages: 11, blockQuota: true))
        }
        let press = try t.engine.createVoucher(eventId: event.id, VoucherDetails(code: "PRESS", ticketTypeIds: [tiers[0].id], maxUsages: 4, blockQuota: true))
        var availability = try t.engine.availability(eventId: event.id)
        #expect(availability.tiers[0].available == 6 && availability.capacityRemaining == 8)
        #expect(throws: BoxOfficeError.soldOut(ticketTypeId: tiers[0].id, name: "GA", remaining: 6)) {
            try t.engine.createHold(eventId: event.id, items: [item(tiers[0], 7)])
        }
        _ = try t.engine.createHold(eventId: event.id, items: [item(tiers[0], 6)])
        _ = try t.engine.createHold(eventId: event.id, items: [item(tiers[1], 2)])
        availability = try t.engine.availability(eventId: event.id)
        #expect(availability.tiers.map(\.available) == [0, 0] && availability.capacityRemaining == 0)
        // Sold out to the public, but the code holders' four remain.
        let holder = try t.engine.createHold(eventId: event.id, items: [item(tiers[0], 3)], voucherCode: "press")
        #expect(try t.engine.ticketTypes(eventId: event.id)[0].blocked == 1)
        #expect(try t.engine.verify().isClean)
        // Expiry returns the uses to the block, not to the public.
        t.clock.advance(day)
        #expect(try t.engine.expireHolds() == 3)
        #expect(try t.engine.ticketTypes(eventId: event.id)[0].blocked == 4)
        #expect(try t.engine.availability(eventId: event.id).tiers[0].available == 6)
        // Lowering maxUsages frees the reserve; once used, the tier cannot change.
        _ = try t.engine.createHold(eventId: event.id, items: [item(tiers[0])], voucherCode: "PRESS")
        var details = press.details
        details.maxUsages = 1
        let lowered = try t.engine.updateVoucher(press.id, details)
        #expect(lowered.remainingUses == 0)
        #expect(try t.engine.ticketTypes(eventId: event.id)[0].blocked == 0)
        details.ticketTypeIds = [tiers[1].id]
        #expect(throws: BoxOfficeError.self) { try t.engine.updateVoucher(press.id, details) }
        details.ticketTypeIds = [tiers[0].id]
        details.maxUsages = 0
        #expect(throws: BoxOfficeError.self) { try t.engine.updateVoucher(press.id, details) }
        _ = holder
        #expect(try t.engine.verify().isClean)
    }

    /// As pretix's block_quota: an expired voucher blocks nothing.
    @Test func aBlockingVouchersReserveGoesBackToThePublicWhenItsValidityEnds() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization(), tiers: [.init(name: "GA", quantity: 5)], capacity: 5)
        let until = t.clock.now + hour
        let press = try t.engine.createVoucher(eventId: event.id, VoucherDetails(code: "PRESS", ticketTypeIds: [tiers[0].id], maxUsages: 3,
                                                                                 validUntil: until, blockQuota: true))
        let holder = try t.engine.createHold(eventId: event.id, items: [item(tiers[0])], ttlMillis: 2 * hour, voucherCode: "press")
        #expect(try t.engine.availability(eventId: event.id).tiers[0].available == 2)  // 5 − 1 held − 2 reserved
        t.clock.advance(hour)
        // Not swept yet: availability, and the voucher as it reads, already count the reserve as free.
        #expect(try t.engine.voucher(eventId: event.id, code: "press")?.reservedNow == 0)
        var availability = try t.engine.availability(eventId: event.id)
        #expect(availability.tiers[0].available == 4 && availability.tiers[0].blocked == 0 && availability.capacityRemaining == 4)
        #expect(throws: BoxOfficeError.voucherRejected(code: "PRESS", reason: .expired, remaining: nil)) {
            try t.engine.createHold(eventId: event.id, items: [item(tiers[0])], voucherCode: "press")
        }
        _ = try t.engine.createHold(eventId: event.id, items: [item(tiers[0], 4)])  // the public takes it all
        let released = try #require(try t.engine.voucher(eventId: event.id, code: "press"))
        #expect(released.reserveReleasedAt == until && released.usedCount == 1)
        #expect(try t.engine.ticketTypes(eventId: event.id)[0].blocked == 0)
        #expect(try t.engine.verify().isClean)
        // The holder's hold ends: its use returns, and its ticket goes to the public, not to a reserve.
        _ = try t.engine.releaseHold(holder.id)
        availability = try t.engine.availability(eventId: event.id)
        #expect(availability.tiers[0].available == 1 && availability.tiers[0].blocked == 0)
        // Valid again (moved into the future): it blocks again if the stock is there, else sold out.
        var details = press.details
        details.validUntil = t.clock.now + day
        #expect(throws: BoxOfficeError.soldOut(ticketTypeId: tiers[0].id, name: "GA", remaining: 1)) { try t.engine.updateVoucher(press.id, details) }
        details.maxUsages = 1
        let again = try t.engine.updateVoucher(press.id, details)
        #expect(again.reserveReleasedAt == nil && again.remainingUses == 1)
        #expect(try t.engine.availability(eventId: event.id).tiers[0].available == 0)
        // expireHolds sweeps ended reserves across events too.
        t.clock.advance(day)
        _ = try t.engine.expireHolds()
        #expect(try t.engine.voucher(eventId: event.id, code: "PRESS")?.reserveReleasedAt != nil)
        #expect(try t.engine.verify().isClean)
    }

    /// A holder's hold and the voucher's validity both end, before any sweep: availability counts
    /// the ticket free already, as the sweep then makes it.
    @Test func anExpiredHoldOfAnEndedBlockingVoucherIsFreeBeforeTheSweep() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization(), tiers: [.init(name: "GA", quantity: 3)])
        _ = try t.engine.createVoucher(eventId: event.id, VoucherDetails(code: "ALL", ticketTypeIds: [tiers[0].id], maxUsages: 2,
                                                                         validUntil: t.clock.now + minute, blockQuota: true))
        _ = try t.engine.createHold(eventId: event.id, items: [item(tiers[0], 2)], ttlMillis: 2 * minute, voucherCode: "all")
        #expect(try t.engine.availability(eventId: event.id).tiers[0].available == 1)
        t.clock.advance(3 * minute)
        let before = try t.engine.availability(eventId: event.id)
        #expect(before.tiers[0].available == 3 && before.tiers[0].blocked == 0 && before.tiers[0].held == 0)
        _ = try t.engine.expireHolds()
        #expect(try t.engine.availability(eventId: event.id) == before)
        #expect(try t.engine.verify().isClean)
    }

    @Test func aLatePaymentCountsTheVoucherAgainOrIsRefundDueWhenItIsUsedUp() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization())
        _ = try t.engine.createVoucher(eventId: event.id, VoucherDetails(code: "ONE", priceMode: .amountOff, value: 500))
        let hold = try t.engine.createHold(eventId: event.id, items: [item(tiers[0])], ttlMillis: minute, voucherCode: "one")
        let order = try t.engine.checkout(hold.id)
        t.clock.advance(2 * minute)
        _ = try t.engine.expireHolds()
        #expect(try t.engine.voucher(eventId: event.id, code: "one")?.usedCount == 0)
        let taken = try t.engine.createHold(eventId: event.id, items: [item(tiers[0])], voucherCode: "one")
        let paid = try t.engine.recordPayment(PaymentEvent(organizationId: order.organizationId, orderId: order.id, provider: "stripe",
                                                           providerReference: "pi_1", status: .succeeded, amountMinor: 2_000, currency: "EUR"))
        #expect(paid.outcome == .refundDue)
        _ = try t.engine.releaseHold(taken.id)
        let again = try t.engine.recordPayment(PaymentEvent(organizationId: order.organizationId, orderId: order.id, provider: "stripe",
                                                            providerReference: "pi_2", status: .succeeded, amountMinor: 2_000, currency: "EUR"))
        #expect(again.outcome == .lateConfirmed)
        #expect(try t.engine.voucher(eventId: event.id, code: "one")?.usedCount == 1)
        #expect(try t.engine.verify().isClean)
    }

    /// Sixteen threads race for the last 5 uses: exactly 5 holds get the voucher.
    @Test func threadsRacingForTheLastUsesNeverOveruseIt() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization(), tiers: [.init(name: "GA", quantity: 1_000)])
        _ = try t.engine.createVoucher(eventId: event.id, VoucherDetails(code: "RACE", priceMode: .percentOff, value: 5_000, maxUsages: 5))
        let engine = t.engine!
        let used = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 16) { _ in
            for _ in 0..<4 where (try? engine.createHold(eventId: event.id, items: [item(tiers[0])], voucherCode: "race")) != nil {
                used.withLock { $0 += 1 }
            }
        }
        #expect(used.withLock { $0 } == 5)
        #expect(try t.engine.voucher(eventId: event.id, code: "race")?.usedCount == 5)
        #expect(try t.engine.verify().isClean)
    }

    /// Four processes race for 30 uses of a voucher that blocks quota.
    @Test func processesRacingForTheLastUsesNeverOveruseIt() throws {
        let t = try TestEngine(label: "voucher-processes")
        let org = try t.organization()
        let realNow = Int64(Date().timeIntervalSince1970 * 1_000)
        let start = max(t.clock.now, realNow) + 30 * day
        var event = try t.engine.createEvent(organizationId: org.id, EventDetails(title: "Race", startsAt: start, endsAt: start + hour))
        let tier = try t.engine.createTicketType(eventId: event.id, TicketTypeDetails(name: "GA", priceMinor: 1_000, currency: "EUR", quantity: 100))
        event = try t.engine.publishEvent(event.id)
        _ = try t.engine.createVoucher(eventId: event.id, VoucherDetails(code: "PROC", ticketTypeIds: [tier.id], maxUsages: 30, blockQuota: true))
        let helpers = try (0..<4).map { _ in
            try FlashSale.startHelper(["voucher", t.path, event.id.uuidString, tier.id.uuidString, "proc", "20"])
        }
        var used: Int64 = 0
        for helper in helpers {
            let output = helper.finish()
            #expect(output.status == 0, "\(output.stderr)")
            used += FlashSale.field("used", in: output.stdout) ?? -1000
        }
        #expect(used == 30)
        #expect(try t.engine.voucher(eventId: event.id, code: "PROC")?.usedCount == 30)
        #expect(try t.engine.ticketTypes(eventId: event.id)[0].blocked == 0)
        #expect(try t.engine.verify().isClean)
    }
}
