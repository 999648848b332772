import BoxOfficeStore
import Foundation

/// Someone who buys tickets.
public struct Customer: Record, Equatable, Codable {
    public var id: UUID
    public var createdAt: Int64
    public var updatedAt: Int64
    public var version: UInt64 = 0
    public var organizationId: UUID
    public var details: CustomerDetails
    public var primaryKey: UUID { id }

    public func encode(to w: inout RecordWriter) {
        w.write(1, id); w.write(2, createdAt); w.write(3, updatedAt); w.write(4, organizationId)
        details.encode(to: &w)
    }

    public init(from r: RecordReader) throws {
        id = try r.required(1, "id"); createdAt = try r(2) ?? 0; updatedAt = try r(3) ?? 0
        organizationId = try r.required(4, "organizationId"); details = try CustomerDetails(from: r)
    }

    init(id: UUID, now: Int64, organizationId: UUID, details: CustomerDetails) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.organizationId = organizationId
        self.details = details
    }
}

/// The editable fields of a ``Customer``.
public struct CustomerDetails: Equatable, Codable, Sendable {
    /// Unique within the organization (compared in lowercase).
    public var email: String
    public var firstName: String
    public var lastName: String
    public var phone: String?
    public var marketingConsent: Bool

    public init(email: String, firstName: String = "", lastName: String = "", phone: String? = nil,
                marketingConsent: Bool = false) {
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.phone = phone
        self.marketingConsent = marketingConsent
    }

    func encode(to w: inout RecordWriter) {
        w.write(10, email); w.write(11, firstName); w.write(12, lastName); w.write(13, phone); w.write(14, marketingConsent)
    }

    init(from r: RecordReader) throws {
        email = try r(10) ?? ""; firstName = try r(11) ?? ""; lastName = try r(12) ?? ""; phone = try r(13)
        marketingConsent = try r(14) ?? false
    }
}
