import BoxOfficeStore
import Foundation

/// A show, match or session that sells tickets through its tiers (``TicketType``).
public struct Event: Record, Equatable, Codable {
    public enum Status: String, RecordField, Codable, Sendable { case draft, published, cancelled, completed }
    public enum Visibility: String, RecordField, Codable, Sendable { case `public`, `private`, unlisted }

    public var id: UUID
    public var createdAt: Int64
    public var updatedAt: Int64
    public var version: UInt64 = 0
    public var organizationId: UUID
    public var details: EventDetails
    public var status: Status
    /// Tickets held across all tiers (active holds not yet swept), kept with the tiers' counters.
    public var held: Int64
    /// Tickets sold across all tiers (valid or used).
    public var sold: Int64
    /// Set when the event is deleted; deleted events are hidden and sell nothing.
    public var deletedAt: Int64?
    public var primaryKey: UUID { id }

    public func encode(to w: inout RecordWriter) {
        w.write(1, id); w.write(2, createdAt); w.write(3, updatedAt); w.write(4, organizationId)
        details.encode(to: &w)
        w.write(40, status); w.write(41, held); w.write(42, sold); w.write(43, deletedAt)
    }

    public init(from r: RecordReader) throws {
        id = try r.required(1, "id"); createdAt = try r(2) ?? 0; updatedAt = try r(3) ?? 0
        organizationId = try r.required(4, "organizationId"); details = try EventDetails(from: r)
        status = try r(40) ?? .draft; held = try r(41) ?? 0; sold = try r(42) ?? 0; deletedAt = try r(43)
    }

    init(id: UUID, now: Int64, organizationId: UUID, details: EventDetails) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.organizationId = organizationId
        self.details = details
        status = .draft
        held = 0
        sold = 0
    }
}

/// The editable fields of an ``Event``. Times are UTC milliseconds since the epoch.
public struct EventDetails: Equatable, Codable, Sendable {
    public var title: String
    public var description: String
    public var category: String
    public var tags: [String]
    public var startsAt: Int64
    public var endsAt: Int64
    /// IANA zone of the venue, for display.
    public var timeZone: String
    public var venueName: String
    public var address: String
    public var city: String
    public var country: String
    public var visibility: Event.Visibility
    /// Sales open at this time (nil: as soon as the event is published).
    public var salesStartAt: Int64?
    /// Sales close at this time (nil: when the event starts).
    public var salesEndAt: Int64?
    /// A limit shared by all tiers, like a pretix quota (nil: only the tiers' quantities count).
    public var capacity: Int64?

    public init(title: String, description: String = "", category: String = "", tags: [String] = [],
                startsAt: Int64, endsAt: Int64, timeZone: String = "UTC", venueName: String = "", address: String = "",
                city: String = "", country: String = "", visibility: Event.Visibility = .public,
                salesStartAt: Int64? = nil, salesEndAt: Int64? = nil, capacity: Int64? = nil) {
        self.title = title
        self.description = description
        self.category = category
        self.tags = tags
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.timeZone = timeZone
        self.venueName = venueName
        self.address = address
        self.city = city
        self.country = country
        self.visibility = visibility
        self.salesStartAt = salesStartAt
        self.salesEndAt = salesEndAt
        self.capacity = capacity
    }

    func encode(to w: inout RecordWriter) {
        w.write(10, title); w.write(11, description); w.write(12, category); w.write(13, all: tags)
        w.write(14, startsAt); w.write(15, endsAt); w.write(16, timeZone); w.write(17, venueName)
        w.write(18, address); w.write(19, city); w.write(20, country); w.write(21, visibility)
        w.write(22, salesStartAt); w.write(23, salesEndAt); w.write(24, capacity)
    }

    init(from r: RecordReader) throws {
        title = try r(10) ?? ""; description = try r(11) ?? ""; category = try r(12) ?? ""; tags = try r.all(13)
        startsAt = try r(14) ?? 0; endsAt = try r(15) ?? 0; timeZone = try r(16) ?? "UTC"; venueName = try r(17) ?? ""
        address = try r(18) ?? ""; city = try r(19) ?? ""; country = try r(20) ?? ""; visibility = try r(21) ?? .public
        salesStartAt = try r(22); salesEndAt = try r(23); capacity = try r(24)
    }

    /// When sales close: the explicit end, else the start of the event.
    var salesCloseAt: Int64 { salesEndAt ?? startsAt }
}
