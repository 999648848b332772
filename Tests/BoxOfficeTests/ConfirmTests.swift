import BoxOffice
import Foundation
import Testing

@Suite struct ConfirmTests {
    @Test func confirmationWritesOrderItemsTicketsAndFees() throws {
        let t = try TestEngine()
        let org = try t.organization(bps: 250, fixed: 99)  // 2.5% + 0.99 per ticket
        let (event, tiers) = try t.event(org, tiers: [.init(name: "Seated", price: 4_990), .init(name: "Standing", price: 2_500)])
        let customer = try t.engine.createCustomer(organizationId: org.id, CustomerDetails(email: "ann@example.org", firstName: "Ann", lastName: "Lee"))
        let hold = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 2), .init(ticketTypeId: tiers[1].id, quantity: 1)],
                                           customerId: customer.id)
        let order = try t.engine.confirmHold(hold.id, paymentReference: "pay_1", idempotencyKey: "checkout-1")
        // 4990 × 2.5% = 124.75 → 125, + 99 = 224 per seat; 2500 × 2.5% = 62.5 → 63 (half up), + 99 = 162.
        #expect(order.subtotalMinor == 2 * 4_990 + 2_500)
        #expect(order.feesMinor == 2 * 224 + 162)
        #expect(order.totalMinor == order.subtotalMinor + order.feesMinor)
        #expect(order.status == .confirmed && order.paymentStatus == .completed && order.paymentReference == "pay_1")
        #expect(order.number.count == 9 && order.number.dropFirst(4).first == "-")
        #expect(try t.engine.order(number: order.number.lowercased()) == order)
        let items = try t.engine.orderItems(orderId: order.id)
        #expect(items.map(\.feePerTicketMinor) == [224, 162])
        let tickets = try t.engine.tickets(orderId: order.id)
        #expect(tickets.count == 3)
        #expect(Set(tickets.map(\.code)).count == 3)
        #expect(tickets.allSatisfy { $0.code.count == 26 && $0.status == .valid && $0.attendeeName == "Ann Lee" })
        #expect(try t.engine.hold(hold.id)?.status == .converted)
        let availability = try t.engine.availability(eventId: event.id)
        #expect(availability.tiers.map(\.sold) == [2, 1])
        #expect(availability.tiers.map(\.held) == [0, 0])
        // The same idempotency key answers with the same order; another key is a double confirm.
        #expect(try t.engine.confirmHold(hold.id, idempotencyKey: "checkout-1") == order)
        #expect(throws: BoxOfficeError.invalidState(entity: "hold", id: hold.id.uuidString.lowercased(), state: "converted", action: "confirm")) {
            try t.engine.confirmHold(hold.id, idempotencyKey: "checkout-2")
        }
        #expect(try t.engine.verify().isClean)
    }

    @Test func anExpiredHoldConfirmsOnlyIfItsTicketsAreStillFree() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization(), tiers: [.init(name: "GA", quantity: 3)])
        let late = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 2)], ttlMillis: minute)
        t.clock.advance(2 * minute)
        let order = try t.engine.confirmHold(late.id)  // expired, but nobody took the tickets
        #expect(order.status == .confirmed)
        #expect(try t.engine.availability(eventId: event.id).tiers[0].sold == 2)

        let tooLate = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)], ttlMillis: minute)
        t.clock.advance(2 * minute)
        _ = try t.order(event, tiers[0], quantity: 1)  // someone else buys the last ticket
        #expect(throws: BoxOfficeError.holdExpired(holdId: tooLate.id)) { try t.engine.confirmHold(tooLate.id) }
        #expect(try t.engine.hold(tooLate.id)?.status == .expired)
        #expect(try t.engine.availability(eventId: event.id).tiers[0].sold == 3)
        #expect(try t.engine.verify().isClean)
    }

    @Test func aReleasedHoldConfirmsOnlyWhileItsStockIsFreeAndUnknownHoldsAreNotFound() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization(), tiers: [.init(name: "GA", quantity: 1)])
        let hold = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)])
        _ = try t.engine.releaseHold(hold.id)
        let other = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)])
        #expect(throws: BoxOfficeError.holdExpired(holdId: hold.id)) { try t.engine.confirmHold(hold.id) }
        _ = try t.engine.releaseHold(other.id)
        // Money taken for a released hold whose ticket is free again: it is taken back.
        #expect(try t.engine.confirmHold(hold.id).status == .confirmed)
        #expect(try t.engine.verify().isClean)
        let unknown = UUID()
        #expect(throws: BoxOfficeError.notFound(entity: "hold", id: unknown.uuidString.lowercased())) { try t.engine.confirmHold(unknown) }
    }

    @Test func feesRoundHalfUpPerTicket() throws {
        #expect(try Fees.perTicket(priceMinor: 2_500, basisPoints: 250, fixedMinor: 0) == 63)  // 62.5
        #expect(try Fees.perTicket(priceMinor: 2_499, basisPoints: 250, fixedMinor: 0) == 62)  // 62.475
        #expect(try Fees.perTicket(priceMinor: 0, basisPoints: 250, fixedMinor: 30) == 30)
        #expect(throws: BoxOfficeError.self) { try Fees.perTicket(priceMinor: .max, basisPoints: 2, fixedMinor: 0) }
    }
}
