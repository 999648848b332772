import BoxOfficeStore
import Foundation

/// A tenant: the business that sells tickets, with its money settings.
public struct Organization: Record, Equatable, Codable {
    public var id: UUID
    public var createdAt: Int64
    public var updatedAt: Int64
    public var version: UInt64 = 0
    public var details: OrganizationDetails
    public var primaryKey: UUID { id }

    public func encode(to w: inout RecordWriter) {
        w.write(1, id); w.write(2, createdAt); w.write(3, updatedAt)
        details.encode(to: &w)
    }

    public init(from r: RecordReader) throws {
        id = try r.required(1, "id"); createdAt = try r(2) ?? 0; updatedAt = try r(3) ?? 0
        details = try OrganizationDetails(from: r)
    }

    init(id: UUID, now: Int64, details: OrganizationDetails) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.details = details
    }
}

/// The editable fields of an ``Organization``.
public struct OrganizationDetails: Equatable, Codable, Sendable {
    public var name: String
    /// Unique across the file: lowercase letters, digits and dashes.
    public var slug: String
    public var email: String
    /// ISO 4217 code, e.g. "EUR"; every tier of the organization is priced in it.
    public var currency: String
    /// IANA zone name, e.g. "Europe/Paris", kept for display.
    public var timeZone: String
    /// Service fee per ticket, in basis points of its price (250 = 2.5%).
    public var serviceFeeBasisPoints: Int64
    /// Fixed fee per ticket, in minor units.
    public var fixedFeeMinor: Int64
    public var transfersAllowed: Bool

    public init(name: String, slug: String, email: String, currency: String, timeZone: String = "UTC",
                serviceFeeBasisPoints: Int64 = 0, fixedFeeMinor: Int64 = 0, transfersAllowed: Bool = true) {
        self.name = name
        self.slug = slug
        self.email = email
        self.currency = currency
        self.timeZone = timeZone
        self.serviceFeeBasisPoints = serviceFeeBasisPoints
        self.fixedFeeMinor = fixedFeeMinor
        self.transfersAllowed = transfersAllowed
    }

    func encode(to w: inout RecordWriter) {
        w.write(10, name); w.write(11, slug); w.write(12, email); w.write(13, currency); w.write(14, timeZone)
        w.write(15, serviceFeeBasisPoints); w.write(16, fixedFeeMinor); w.write(17, transfersAllowed)
    }

    init(from r: RecordReader) throws {
        name = try r(10) ?? ""; slug = try r.required(11, "slug"); email = try r(12) ?? ""
        currency = try r(13) ?? ""; timeZone = try r(14) ?? "UTC"
        serviceFeeBasisPoints = try r(15) ?? 0; fixedFeeMinor = try r(16) ?? 0; transfersAllowed = try r(17) ?? true
    }
}
