import Glibc

/// Where the engine reads the time: UTC milliseconds since the Unix epoch. Inject a fixed or
/// manual clock in tests, so expiry and sales windows are tested without sleeping.
public struct WallClock: Sendable {
    private let read: @Sendable () -> Int64

    public init(_ read: @escaping @Sendable () -> Int64) { self.read = read }

    /// Milliseconds since 1970-01-01T00:00:00Z.
    public func now() -> Int64 { read() }

    /// The system's real-time clock.
    public static let system = WallClock {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
