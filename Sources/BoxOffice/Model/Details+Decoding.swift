import Foundation

// JSON in (from C, Python, Go or an import): required fields must be there; the others take the
// same defaults as the Swift initialisers, so a caller sends only what it means.

/// A JSON object read by field name: required fields, optional ones, and ones with a default.
private struct Fields {
    struct Name: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    let c: KeyedDecodingContainer<Name>
    init(_ decoder: any Decoder) throws { c = try decoder.container(keyedBy: Name.self) }

    func required<T: Decodable>(_ name: String) throws -> T { try c.decode(T.self, forKey: Name(stringValue: name)) }
    func optional<T: Decodable>(_ name: String) throws -> T? { try c.decodeIfPresent(T.self, forKey: Name(stringValue: name)) }
    func value<T: Decodable>(_ name: String, _ fallback: T) throws -> T { try optional(name) ?? fallback }
}

extension OrganizationDetails {
    public init(from decoder: any Decoder) throws {
        let c = try Fields(decoder)
        self.init(name: try c.required("name") as String, slug: try c.required("slug") as String,
                  email: try c.required("email") as String, currency: try c.required("currency") as String,
                  timeZone: try c.value("timeZone", "UTC"), serviceFeeBasisPoints: try c.value("serviceFeeBasisPoints", 0),
                  fixedFeeMinor: try c.value("fixedFeeMinor", 0), transfersAllowed: try c.value("transfersAllowed", true))
    }
}

extension UserDetails {
    public init(from decoder: any Decoder) throws {
        let c = try Fields(decoder)
        self.init(name: try c.required("name") as String, email: try c.required("email") as String,
                  role: try c.required("role") as User.Role, status: try c.value("status", .active))
    }
}

extension CustomerDetails {
    public init(from decoder: any Decoder) throws {
        let c = try Fields(decoder)
        self.init(email: try c.required("email") as String, firstName: try c.value("firstName", ""),
                  lastName: try c.value("lastName", ""), phone: try c.optional("phone") as String?,
                  marketingConsent: try c.value("marketingConsent", false))
    }
}

extension EventDetails {
    public init(from decoder: any Decoder) throws {
        let c = try Fields(decoder)
        self.init(title: try c.required("title") as String, description: try c.value("description", ""),
                  category: try c.value("category", ""), tags: try c.value("tags", []),
                  startsAt: try c.required("startsAt") as Int64, endsAt: try c.required("endsAt") as Int64,
                  timeZone: try c.value("timeZone", "UTC"), venueName: try c.value("venueName", ""),
                  address: try c.value("address", ""), city: try c.value("city", ""), country: try c.value("country", ""),
                  visibility: try c.value("visibility", .public),
                  salesStartAt: try c.optional("salesStartAt") as Int64?,
                  salesEndAt: try c.optional("salesEndAt") as Int64?,
                  capacity: try c.optional("capacity") as Int64?)
    }
}

extension TicketTypeDetails {
    public init(from decoder: any Decoder) throws {
        let c = try Fields(decoder)
        self.init(name: try c.required("name") as String, description: try c.value("description", ""),
                  priceMinor: try c.required("priceMinor") as Int64, currency: try c.required("currency") as String,
                  quantity: try c.required("quantity") as Int64, minPerOrder: try c.value("minPerOrder", 1),
                  maxPerOrder: try c.value("maxPerOrder", 10),
                  salesStartAt: try c.optional("salesStartAt") as Int64?,
                  salesEndAt: try c.optional("salesEndAt") as Int64?,
                  hidden: try c.value("hidden", false), sortOrder: try c.value("sortOrder", 0))
    }
}
