import FoundationEssentials

/// Who performs an operation: a user (staff, kiosk operator) or the system itself.
public enum Actor: Sendable, Equatable, Hashable, CustomStringConvertible {
    case system
    case user(UUID)

    public var description: String {
        switch self {
        case .system: "system"
        case .user(let id): "user:\(id.lowercasedString)"
        }
    }

    var userId: UUID? {
        if case .user(let id) = self { return id }
        return nil
    }
}
