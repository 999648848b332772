import BoxOfficeStore
import Foundation

/// A member of staff or a kiosk operator. Roles rank, highest first: owner, admin, manager,
/// support, operator, analyst (read-only, so below the operator who scans tickets).
public struct User: Record, Equatable, Codable {
    public enum Role: String, RecordField, Codable, Sendable, CaseIterable, Comparable {
        case owner, admin, manager, support, analyst, `operator`

        /// Higher ranks may do everything lower ones may.
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

        public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
    }

    public enum Status: String, RecordField, Codable, Sendable { case active, inactive }

    public var id: UUID
    public var createdAt: Int64
    public var updatedAt: Int64
    public var version: UInt64 = 0
    public var organizationId: UUID
    public var details: UserDetails
    /// A salted Argon2id hash of the PIN or password (libsodium's `crypto_pwhash_str` format);
    /// the plain value is never stored.
    public var pinHash: String?
    public var primaryKey: UUID { id }

    /// JSON (C, Python, Go, the CLI) never carries the PIN hash; `hasPin` says whether there is one.
    private enum CodingKeys: String, CodingKey { case id, createdAt, updatedAt, version, organizationId, details, hasPin }

    public var hasPin: Bool { pinHash != nil }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(version, forKey: .version)
        try c.encode(organizationId, forKey: .organizationId)
        try c.encode(details, forKey: .details)
        try c.encode(hasPin, forKey: .hasPin)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(UUID.self, forKey: .id)
        createdAt = try c.decode(Int64.self, forKey: .createdAt)
        updatedAt = try c.decode(Int64.self, forKey: .updatedAt)
        version = try c.decode(UInt64.self, forKey: .version)
        organizationId = try c.decode(UUID.self, forKey: .organizationId)
        details = try c.decode(UserDetails.self, forKey: .details)
        pinHash = nil
    }

    public func encode(to w: inout RecordWriter) {
        w.write(1, id); w.write(2, createdAt); w.write(3, updatedAt); w.write(4, organizationId)
        details.encode(to: &w); w.write(20, pinHash)
    }

    public init(from r: RecordReader) throws {
        id = try r.required(1, "id"); createdAt = try r(2) ?? 0; updatedAt = try r(3) ?? 0
        organizationId = try r.required(4, "organizationId")
        details = try UserDetails(from: r); pinHash = try r(20)
    }

    init(id: UUID, now: Int64, organizationId: UUID, details: UserDetails, pinHash: String?) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.organizationId = organizationId
        self.details = details
        self.pinHash = pinHash
    }
}

/// The editable fields of a ``User``.
public struct UserDetails: Equatable, Codable, Sendable {
    public var name: String
    /// Unique within the organization (compared in lowercase).
    public var email: String
    public var role: User.Role
    public var status: User.Status

    public init(name: String, email: String, role: User.Role, status: User.Status = .active) {
        self.name = name
        self.email = email
        self.role = role
        self.status = status
    }

    func encode(to w: inout RecordWriter) { w.write(10, name); w.write(11, email); w.write(12, role); w.write(13, status) }

    init(from r: RecordReader) throws {
        name = try r(10) ?? ""; email = try r(11) ?? ""; role = try r(12) ?? .analyst; status = try r(13) ?? .active
    }
}
