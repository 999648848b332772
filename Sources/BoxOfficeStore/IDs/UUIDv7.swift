import FoundationEssentials
import Synchronization

/// Generates UUIDv7s (RFC 9562): a 48-bit millisecond timestamp, then 74 random bits.
///
/// IDs from one generator strictly increase, even within a millisecond or if the clock steps
/// back (the random part is then incremented, RFC 9562 §6.2 method 2), so inserts append at the
/// end of the B-tree. IDs from different kiosks do not collide: 74 random bits per millisecond.
public final class UUIDv7Generator: Sendable {
    private struct State {
        var milliseconds: UInt64 = 0
        var randA: UInt16 = 0  // 12 bits
        var randB: UInt64 = 0  // 62 bits
    }

    private let clock: WallClock
    private let state = Mutex(State())

    public init(clock: WallClock = .system) { self.clock = clock }

    public func next() -> UUID {
        let now = UInt64(max(0, clock.now()))
        let s = state.withLock { s in
            if now > s.milliseconds {
                var rng = SystemRandomNumberGenerator()
                s = State(milliseconds: now, randA: UInt16.random(in: 0...0xFFF, using: &rng),
                          randB: UInt64.random(in: 0...(1 << 62 - 1), using: &rng))
            } else if s.randB < 1 << 62 - 1 {
                s.randB += 1
            } else if s.randA < 0xFFF {
                s.randB = 0
                s.randA += 1
            } else {
                s = State(milliseconds: s.milliseconds + 1, randA: 0, randB: 0)
            }
            return s
        }
        let t = s.milliseconds
        let b = s.randB
        return UUID(uuid: (
            UInt8(truncatingIfNeeded: t >> 40), UInt8(truncatingIfNeeded: t >> 32), UInt8(truncatingIfNeeded: t >> 24),
            UInt8(truncatingIfNeeded: t >> 16), UInt8(truncatingIfNeeded: t >> 8), UInt8(truncatingIfNeeded: t),
            0x70 | UInt8(s.randA >> 8), UInt8(truncatingIfNeeded: s.randA),
            0x80 | UInt8(truncatingIfNeeded: b >> 56), UInt8(truncatingIfNeeded: b >> 48),
            UInt8(truncatingIfNeeded: b >> 40), UInt8(truncatingIfNeeded: b >> 32), UInt8(truncatingIfNeeded: b >> 24),
            UInt8(truncatingIfNeeded: b >> 16), UInt8(truncatingIfNeeded: b >> 8), UInt8(truncatingIfNeeded: b)))
    }

    /// The millisecond timestamp of a UUIDv7.
    public static func milliseconds(of id: UUID) -> Int64 {
        let u = id.uuid
        return [u.0, u.1, u.2, u.3, u.4, u.5].reduce(0) { $0 << 8 | Int64($1) }
    }
}
