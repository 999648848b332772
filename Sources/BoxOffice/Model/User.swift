import FoundationEssentials

extension User.Role: Comparable {
    /// Higher ranks may do everything lower ones may: owner, admin, manager, support, operator,
    /// analyst (read-only, so below the operator who scans tickets).
    public var rank: Int {
        switch self {
        case .owner: 60
        case .admin: 50
        case .manager: 40
        case .support: 30
        case .`operator`: 20
        case .analyst: 10
        }
    }

    public static func < (a: User.Role, b: User.Role) -> Bool { a.rank < b.rank }
}

extension User {
    init(id: UUID, now: Int64, organizationId: UUID, details: UserDetails, pinHash: String?) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.organizationId = organizationId
        self.details = details
        self.pinHash = pinHash
    }
}
