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
        #expect(throws: BoxOfficeError.invalidArgument("now_ms must be positive (UTC milliseconds), not -5")) {
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
