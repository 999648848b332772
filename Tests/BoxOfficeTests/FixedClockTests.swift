import BoxOffice
import Foundation
import Testing

/// `setClock(fixedAt:)`: what the C library's bo_clock_set gives hosts that cannot inject a clock.
@Suite struct FixedClockTests {
    @Test func aFixedTimeRulesUntilCleared() throws {
        let t = try TestEngine()
        let opened = t.engine.now()
        try t.engine.setClock(fixedAt: 1_893_456_000_000)
        #expect(t.engine.now() == 1_893_456_000_000)
        let org = try t.organization()
        #expect(org.createdAt == 1_893_456_000_000)
        try t.engine.setClock(fixedAt: nil)
        #expect(t.engine.now() == opened)  // the injected clock again
        #expect(throws: BoxOfficeError.invalidArgument("the clock's time must be 1 to 253402300799999 ms since 1970 (up to year 9999), not -5")) {
            try t.engine.setClock(fixedAt: -5)
        }
    }

    @Test func holdsExpireWhenTheFixedTimePassesThem() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization())
        let hold = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)], ttlMillis: 60_000)
        try t.engine.setClock(fixedAt: hold.expiresAt + 1)
        #expect(try t.engine.expireHolds() == 1)
        #expect(try t.engine.hold(hold.id)?.status == .expired)
    }
}

/// Times a caller gives are 1970 to 9999, so that nothing computed from them overflows (a clock
/// set at Int64.max trapped the process before).
@Suite struct TimeRangeTests {
    @Test func clocksAndEventTimesOutsideTheRangeAreRefused() throws {
        let t = try TestEngine()
        for time in [Int64.max, Int64.max - 100_000, 253_402_300_800_000, -1] {
            #expect(throws: BoxOfficeError.self) { try t.engine.setClock(fixedAt: time) }
        }
        let (event, tiers) = try t.event(try t.organization())
        let hold = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 1)], ttlMillis: 86_400_000)
        // A hold that would end after 9999 is refused, so a sweep can always reach it.
        let last: Int64 = 253_402_300_799_999
        try t.engine.setClock(fixedAt: last - 3_600_000)
        let late = try t.engine.createEvent(organizationId: event.organizationId, EventDetails(title: "Last", startsAt: last - 1_000_000, endsAt: last))
        let lateTier = try t.engine.createTicketType(eventId: late.id, TicketTypeDetails(name: "GA", priceMinor: 100, currency: "EUR", quantity: 5))
        _ = try t.engine.publishEvent(late.id)
        #expect(throws: BoxOfficeError.invalidArgument("ttl: the hold would end after the year 9999; give a shorter ttl")) {
            try t.engine.createHold(eventId: late.id, items: [.init(ticketTypeId: lateTier.id, quantity: 1)], ttlMillis: 7_200_000)
        }
        let lateHold = try t.engine.createHold(eventId: late.id, items: [.init(ticketTypeId: lateTier.id, quantity: 1)], ttlMillis: 600_000)
        #expect(throws: BoxOfficeError.invalidArgument("ttl: the hold would end after the year 9999; give a shorter ttl")) {
            try t.engine.extendHold(lateHold.id, ttlMillis: 7_200_000)
        }
        // At the last millisecond of 9999, the sweeps and lazy expiry that compute with now still work.
        try t.engine.setClock(fixedAt: 253_402_300_799_999)
        #expect(try t.engine.availability(eventId: event.id).tiers[0].held == 0)
        #expect(try t.engine.expireHolds() == 2)  // the day's hold and the last one
        try t.engine.setClock(fixedAt: nil)
        let org = try t.organization(slug: "other")
        for (start, end) in [(Int64.min, Int64.min + 1), (Int64.max - 1, Int64.max), (-5, 10), (253_402_300_799_999, 253_402_300_800_000)] {
            #expect(throws: BoxOfficeError.self) {
                try t.engine.createEvent(organizationId: org.id, EventDetails(title: "Edge", startsAt: start, endsAt: end))
            }
        }
    }
}
