extension EventSeating.SeatState {
    /// Its character in a ``SeatRow``'s states, one per seat, so a dump reads like a seat map.
    var character: UInt8 {
        switch self {
        case .free: UInt8(ascii: ".")
        case .held: UInt8(ascii: "h")
        case .sold: UInt8(ascii: "s")
        case .blocked: UInt8(ascii: "b")
        case .house: UInt8(ascii: "r")
        }
    }

    init?(character: UInt8) {
        switch character {
        case UInt8(ascii: "."): self = .free
        case UInt8(ascii: "h"): self = .held
        case UInt8(ascii: "s"): self = .sold
        case UInt8(ascii: "b"): self = .blocked
        case UInt8(ascii: "r"): self = .house
        default: return nil
        }
    }
}

/// A row's longest run of adjacent free seats, as ``EventSeating/rowRuns`` keeps it: one
/// character from '0' (none) to 'z' (74 or more), readable in a dump.
enum RowRun {
    static let cap = 74

    static func character(_ run: Int) -> UInt8 { UInt8(ascii: "0") + UInt8(min(run, cap)) }
    static func value(_ character: UInt8) -> Int { Int(character &- UInt8(ascii: "0")) }

    /// The longest run of free seats in `states`.
    static func longest(_ states: [UInt8]) -> Int {
        var best = 0, run = 0
        for state in states {
            run = state == UInt8(ascii: ".") ? run + 1 : 0
            best = max(best, run)
        }
        return best
    }
}
