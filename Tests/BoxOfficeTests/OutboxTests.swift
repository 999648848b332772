import BoxOffice
import BoxOfficeStore
import Foundation
import Testing

/// The notification outbox: messages written with the changes they tell of, and claimed,
/// acknowledged, failed, retried and purged by a delivery worker.
@Suite struct OutboxTests {
    /// An event, a customer and an order of 2 tickets bought for them.
    func sale(_ t: TestEngine, muted: [String] = []) throws -> (Organization, Order) {
        var org = try t.organization()
        if !muted.isEmpty {
            var details = org.details
            details.mutedNotifications = muted
            org = try t.engine.updateOrganization(org.id, details)
        }
        let (event, tiers) = try t.event(org)
        let customer = try t.engine.createCustomer(organizationId: org.id, CustomerDetails(email: "ada@example.org", firstName: "Ada"))
        return (org, try t.order(event, tiers[0], quantity: 2, customer: customer.id))
    }

    func pending(_ t: TestEngine) throws -> [OutboxMessage] { try t.engine.outbox(status: .pending).messages }

    @Test func aConfirmedOrderWritesItsMessageWithTheTicketCodes() throws {
        let t = try TestEngine()
        let (org, order) = try sale(t)
        let messages = try pending(t)
        #expect(messages.map(\.kind) == [.orderConfirmed])
        let message = try #require(messages.first)
        #expect(message.recipient == "ada@example.org" && message.locale == "en" && message.subjectId == order.id && message.organizationId == org.id)
        let payload = try #require(try JSONSerialization.jsonObject(with: Data(message.payload.utf8)) as? [String: Any])
        let codes = try t.engine.tickets(orderId: order.id).map(\.code)
        #expect(payload["orderNumber"] as? String == order.number && payload["totalMinor"] as? Int == Int(order.totalMinor))
        #expect((payload["tickets"] as? [[String: Any]])?.compactMap { $0["code"] as? String }.sorted() == codes.sorted())
        // No customer, no recipient: a kiosk sale writes nothing.
        let (event, tiers) = try t.event(org)
        _ = try t.order(event, tiers[0], quantity: 1)
        #expect(try pending(t).count == 1)
    }

    @Test func refundsTransfersAndFailedPaymentsWriteTheirsAndMutedKindsNothing() throws {
        let t = try TestEngine()
        let (_, order) = try sale(t)
        _ = try t.engine.refundAmount(orderId: order.id, amountMinor: 100, reason: "goodwill", actor: .system)
        let code = try #require(try t.engine.tickets(orderId: order.id).first?.code)
        _ = try t.engine.transferTicket(code: code, toName: "Bob", toEmail: "bob@example.org")
        let kinds = try pending(t).map { "\($0.kind.rawValue):\($0.recipient)" }
        #expect(kinds == ["order_confirmed:ada@example.org", "refund_issued:ada@example.org",
                          "ticket_transferred:ada@example.org", "ticket_transferred:bob@example.org"])
        let toBob = try #require(try pending(t).last)
        let newCode = try #require(try t.engine.tickets(orderId: order.id).first?.code)
        #expect(toBob.payload.contains("\"side\":\"to\"") && toBob.payload.contains(newCode))

        let muted = try TestEngine()
        _ = try sale(muted, muted: ["order_confirmed"])
        #expect(try pending(muted).isEmpty)
        var details = try #require(try muted.engine.organization(slug: "acme")).details
        details.mutedNotifications = ["sms"]
        #expect(throws: BoxOfficeError.self) { try muted.engine.updateOrganization(try muted.engine.organization(slug: "acme")!.id, details) }
        details.mutedNotifications = []
        details.locale = "not a locale"
        #expect(throws: BoxOfficeError.invalidArgument("locale 'not a locale' is not a BCP 47 language tag like \"en\" or \"fr-FR\"")) {
            try muted.engine.updateOrganization(try muted.engine.organization(slug: "acme")!.id, details)
        }
    }

    /// Cancelling an event tells every holder of a valid ticket, in bounded batches: the first
    /// with the cancellation, the rest as the worker claims.
    @Test func anEventCancelledOrRescheduledTellsEveryTicketHolderInBatches() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let (event, tiers) = try t.event(org, tiers: [.init(name: "GA", quantity: 1_000, max: 1_000)])
        let customer = try t.engine.createCustomer(organizationId: org.id, CustomerDetails(email: "fan@example.org"))
        _ = try t.order(event, tiers[0], quantity: 620, customer: customer.id)
        _ = try t.engine.claimOutbox(limit: 10)  // the order's own confirmation
        var details = event.details
        details.startsAt += hour
        details.endsAt += hour
        _ = try t.engine.updateEvent(event.id, details)
        #expect(try t.engine.outbox(status: .pending, limit: 1_000).messages.count == 500)  // the first batch
        let rescheduled = try #require(try t.engine.outbox(status: .pending, limit: 1).messages.first)
        #expect(rescheduled.kind == .eventRescheduled && rescheduled.payload.contains("\"previousStartsAt\":\(event.details.startsAt)"))
        // A ticket sold after the change is not told; a second change before the first is written
        // out does not alter what the first batches tell.
        _ = try t.order(event, tiers[0], quantity: 1, customer: customer.id)
        details.startsAt += hour
        _ = try t.engine.updateEvent(event.id, details)
        var kinds: [OutboxMessage.Kind: Int] = [:]
        var starts: Set<String> = []
        while case let batch = try t.engine.claimOutbox(limit: 100), !batch.isEmpty {
            for message in batch {
                kinds[message.kind, default: 0] += 1
                if message.kind == .eventRescheduled, let range = message.payload.range(of: "\"previousStartsAt\":[0-9]+", options: .regularExpression) {
                    starts.insert(String(message.payload[range]))
                }
            }
            _ = try t.engine.acknowledgeOutbox(batch.map(\.id))
        }
        #expect(kinds == [.eventRescheduled: 620 + 621, .orderConfirmed: 1])  // the claims wrote the rest of both
        #expect(starts.count == 2)  // each fan-out told its own change
        _ = try t.engine.cancelEvent(event.id)
        _ = try t.engine.expireHolds()  // a timer drives fan-outs too
        let cancelled = try t.engine.outbox(status: .pending, limit: 1_000).messages
        #expect(cancelled.count == 621 && cancelled.allSatisfy { $0.kind == .eventCancelled && $0.recipient == "fan@example.org" })
        #expect(Set(cancelled.compactMap(\.subjectId)).count == 621)  // one per ticket
        #expect(try t.engine.verify().isClean)
    }

    @Test func claimLeaseAcknowledgeFailRetryAndPurge() throws {
        let t = try TestEngine()
        _ = try sale(t)
        let org = try #require(try t.engine.organization(slug: "acme"))
        let (event, tiers) = try t.event(org)
        let customer = try t.engine.createCustomer(organizationId: org.id, CustomerDetails(email: "bo@example.org"))
        _ = try t.order(event, tiers[0], quantity: 1, customer: customer.id)
        _ = try t.order(event, tiers[0], quantity: 1, customer: customer.id)

        let batch = try t.engine.claimOutbox(limit: 2, leaseMillis: 60_000)
        #expect(batch.count == 2 && batch.allSatisfy { $0.status == .claimed && $0.attempts == 1 })
        #expect(try t.engine.claimOutbox(limit: 10).count == 1)  // the third; the first two are leased
        #expect(try t.engine.acknowledgeOutbox([batch[0].id]) == 1)
        #expect(try t.engine.acknowledgeOutbox([batch[0].id]) == 0)  // a worker's retry changes nothing
        // The lease of the second runs out unacknowledged: it is claimed again.
        t.clock.advance(61_000)
        let again = try t.engine.claimOutbox(limit: 10)
        #expect(Set(again.map(\.id)).contains(batch[1].id) && again.first { $0.id == batch[1].id }?.attempts == 2)
        // Failed: retried after a backoff, dead after the last attempt.
        let failed = try t.engine.failOutbox(batch[1].id, reason: "smtp 451", maxAttempts: 3)
        #expect(failed.status == .pending && failed.availableAt == t.clock.now + 60_000 && failed.lastError == "smtp 451")
        #expect(try t.engine.claimOutbox(limit: 10).allSatisfy { $0.id != batch[1].id })
        t.clock.advance(60_000)
        #expect(try t.engine.claimOutbox(limit: 10).contains { $0.id == batch[1].id })
        #expect(try t.engine.failOutbox(batch[1].id, reason: "smtp 550", maxAttempts: 3).status == .dead)
        #expect(try t.engine.outbox(status: .dead).messages.map(\.id) == [batch[1].id])
        #expect(try t.engine.acknowledgeOutbox([batch[1].id]) == 0)  // dead: left as it is
        // An operator retries it; or dead-letters another.
        #expect(try t.engine.retryOutbox(batch[1].id).status == .pending)
        let third = try #require(again.first { $0.id != batch[1].id })
        #expect(try t.engine.deadLetterOutbox(third.id, reason: "bounced").status == .dead)
        // Delivered ones are purged after the retention.
        #expect(try t.engine.purgeOutbox(retentionMillis: 3_600_000) == 0)
        t.clock.advance(3_600_001)
        #expect(try t.engine.purgeOutbox(retentionMillis: 3_600_000) == 1)
        #expect(try t.engine.outboxMessage(batch[0].id) == nil)
        #expect(try t.engine.verify().isClean)
    }

    @Test func badArgumentsAndRoles() throws {
        let t = try TestEngine()
        let (org, _) = try sale(t)
        let manager = try t.user(org, .manager)
        for (limit, lease) in [(0, 60_000), (1_001, 60_000), (10, 999), (10, 3_600_001)] as [(Int, Int64)] {
            #expect(throws: BoxOfficeError.self) { try t.engine.claimOutbox(limit: limit, leaseMillis: lease) }
        }
        #expect(throws: BoxOfficeError.self) { try t.engine.claimOutbox(actor: .user(manager.id)) }
        // Claims and acknowledgements span organizations: the host's alone. Retrying and
        // dead-lettering a message is for an admin of its organization.
        let admin = try t.user(org, .admin)
        #expect(throws: BoxOfficeError.self) { try t.engine.claimOutbox(actor: .user(admin.id)) }
        let otherOrganization = try t.organization(slug: "other")
        let stranger = try t.user(otherOrganization, .admin)
        let first = try #require(try pending(t).first)
        #expect(throws: BoxOfficeError.self) { try t.engine.deadLetterOutbox(first.id, reason: "x", actor: .user(stranger.id)) }
        #expect(throws: BoxOfficeError.self) { try t.engine.retryOutbox(first.id, actor: .user(stranger.id)) }
        #expect(try t.engine.retryOutbox(first.id, actor: .user(admin.id)).status == .pending)
        #expect(throws: BoxOfficeError.self) { try t.engine.acknowledgeOutbox([]) }
        #expect(throws: BoxOfficeError.self) { try t.engine.acknowledgeOutbox([UUID()]) }
        let message = try #require(try pending(t).first)
        #expect(throws: BoxOfficeError.invalidArgument("messageIds: a message is listed twice")) {
            try t.engine.acknowledgeOutbox([message.id, message.id])
        }
        #expect(throws: BoxOfficeError.self) { try t.engine.failOutbox(message.id, reason: "x\u{0}y") }
        #expect(throws: BoxOfficeError.self) { try t.engine.purgeOutbox(retentionMillis: 1) }
        #expect(try pending(t).map(\.id) == [message.id] && (try pending(t).first?.attempts) == 0)
        // A message not claimed cannot be acknowledged, and a batch with one writes nothing.
        let claimedOne = try t.engine.claimOutbox(limit: 1)
        let other = try t.engine.createCustomer(organizationId: org.id, CustomerDetails(email: "cy@example.org"))
        let (event, tiers) = try t.event(org)
        _ = try t.order(event, tiers[0], quantity: 1, customer: other.id)
        let unclaimed = try #require(try pending(t).first)
        let refused = #expect(throws: BoxOfficeError.self) { try t.engine.acknowledgeOutbox(claimedOne.map(\.id) + [unclaimed.id]) }
        #expect(refused?.code == .invalidState && "\(refused!)".contains("never claimed"))
        #expect(try t.engine.outboxMessage(claimedOne[0].id)?.status == .claimed && (try t.engine.outboxMessage(unclaimed.id))?.status == .pending)
        // A worker's error text never makes its failure fail: empty reads "no reason given", long is cut.
        #expect(try t.engine.failOutbox(message.id, reason: "").lastError == "no reason given")
        #expect(try t.engine.failOutbox(message.id, reason: String(repeating: "é", count: 600)).lastError?.utf8.count == 1_000)
    }

    /// A delivery worker killed with SIGKILL mid-batch: its claimed messages come back after the
    /// lease, and none is lost.
    @Test func aKilledWorkersMessagesReturnAfterTheLease() throws {
        let t = try TestEngine(label: "outbox-kill")
        let (org, _) = try sale(t)
        let (event, tiers) = try t.event(org)
        let customer = try t.engine.createCustomer(organizationId: org.id, CustomerDetails(email: "cy@example.org"))
        for _ in 0..<4 { _ = try t.order(event, tiers[0], quantity: 1, customer: customer.id) }
        t.engine = nil  // the worker opens the file itself, at this test's time
        let worker = try FlashSale.startHelper(["claim", t.path, "3", String(t.clock.now)])
        var claimed = false
        for _ in 0..<200 where !claimed {  // until the helper says it claimed
            usleep(20_000)
            claimed = (try? Engine(path: t.path).outbox(status: .claimed).messages.count) == 3
        }
        #expect(claimed)
        kill(worker.process.processIdentifier, SIGKILL)
        _ = worker.finish()
        t.engine = try Engine(path: t.path, options: EngineOptions(store: StoreOptions(durability: .async)), clock: t.clock.wallClock)
        #expect(try t.engine.claimOutbox(limit: 10).count == 2)  // the other two; the dead worker's three are leased
        t.clock.advance(1_000)  // its lease ends
        let retaken = try t.engine.claimOutbox(limit: 10)
        #expect(retaken.count == 3 && retaken.allSatisfy { $0.attempts == 2 })
        #expect(try t.engine.acknowledgeOutbox(retaken.map(\.id)) == 3)
        #expect(try t.engine.verify().isClean)
    }
}
