import Foundation

/// Checks of caller input; each failure is an `invalidArgument` naming the field.
enum Validate {
    static func fail(_ reason: String) -> BoxOfficeError { .invalidArgument(reason) }

    static func text(_ value: String, _ field: String, max: Int = 200, allowEmpty: Bool = false) throws {
        if !allowEmpty && value.trimmingCharacters(in: .whitespaces).isEmpty { throw fail("\(field) must not be empty") }
        if value.utf8.count > max { throw fail("\(field) is longer than \(max) bytes") }
        if value.utf8.contains(0) { throw fail("\(field) contains a NUL character") }
    }

    static func email(_ value: String, _ field: String = "email") throws {
        try text(value, field, max: 254)
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        if parts.count != 2 || parts[0].isEmpty || parts[1].isEmpty || value.contains(" ") {
            throw fail("\(field) '\(value)' is not an email address")
        }
    }

    static func slug(_ value: String) throws {
        let ok = !value.isEmpty && value.utf8.count <= 64
            && value.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
        if !ok { throw fail("slug '\(value)' must be 1 to 64 of a-z, 0-9 and '-'") }
    }

    static func currency(_ value: String) throws {
        if value.utf8.count != 3 || !value.utf8.allSatisfy({ (0x41...0x5A).contains($0) }) {
            throw fail("currency '\(value)' is not an ISO 4217 code like EUR")
        }
    }

    static func timeZone(_ value: String) throws {
        if TimeZone(identifier: value) == nil { throw fail("time zone '\(value)' is not an IANA zone like Europe/Paris") }
    }

    static func nonNegative(_ value: Int64, _ field: String) throws {
        if value < 0 { throw fail("\(field) must be ≥ 0, not \(value)") }
    }

    /// Prices, fees and quantities stay far below Int64's range, so no sum of them can overflow.
    static let maxAmount: Int64 = 1_000_000_000_000
    static let maxQuantity: Int64 = 1_000_000_000

    static func amount(_ value: Int64, _ field: String) throws {
        try nonNegative(value, field)
        if value > maxAmount { throw fail("\(field) must be ≤ \(maxAmount) minor units, not \(value)") }
    }

    static func quantity(_ value: Int64, _ field: String) throws {
        try nonNegative(value, field)
        if value > maxQuantity { throw fail("\(field) must be ≤ \(maxQuantity), not \(value)") }
    }

    static func window(_ start: Int64?, _ end: Int64?, _ field: String) throws {
        if let start, let end, end <= start { throw fail("\(field) must end after it starts") }
    }

    static func organization(_ d: OrganizationDetails) throws {
        try text(d.name, "name")
        try slug(d.slug)
        try email(d.email)
        try currency(d.currency)
        try timeZone(d.timeZone)
        try nonNegative(d.serviceFeeBasisPoints, "serviceFeeBasisPoints")
        if d.serviceFeeBasisPoints > 100_000 { throw fail("serviceFeeBasisPoints above 100000 (1000%) is not a fee") }
        try amount(d.fixedFeeMinor, "fixedFeeMinor")
    }

    static func user(_ d: UserDetails) throws {
        try text(d.name, "name")
        try email(d.email)
    }

    static func customer(_ d: CustomerDetails) throws {
        try email(d.email)
        try text(d.firstName, "firstName", allowEmpty: true)
        try text(d.lastName, "lastName", allowEmpty: true)
        if let phone = d.phone { try text(phone, "phone", max: 40) }
    }

    static func event(_ d: EventDetails) throws {
        try text(d.title, "title")
        try text(d.description, "description", max: 20_000, allowEmpty: true)
        try text(d.category, "category", allowEmpty: true)
        if d.tags.count > 50 { throw fail("an event has at most 50 tags") }
        for tag in d.tags { try text(tag, "tag", max: 64) }
        if d.endsAt <= d.startsAt { throw fail("the event must end after it starts") }
        try timeZone(d.timeZone)
        for (value, field) in [(d.venueName, "venueName"), (d.address, "address"), (d.city, "city"), (d.country, "country")] {
            try text(value, field, allowEmpty: true)
        }
        try window(d.salesStartAt, d.salesEndAt, "the sales window")
        if let capacity = d.capacity { try quantity(capacity, "capacity") }
    }

    static func ticketType(_ d: TicketTypeDetails, currency: String) throws {
        try text(d.name, "name")
        try text(d.description, "description", max: 5_000, allowEmpty: true)
        try amount(d.priceMinor, "price")
        if d.currency != currency { throw fail("tier currency \(d.currency) is not the organization's \(currency)") }
        try quantity(d.quantity, "quantity")
        if d.minPerOrder < 1 || d.maxPerOrder < d.minPerOrder || d.maxPerOrder > 1_000_000 {
            throw fail("per-order limits must satisfy 1 ≤ min (\(d.minPerOrder)) ≤ max (\(d.maxPerOrder))")
        }
        try window(d.salesStartAt, d.salesEndAt, "the tier's sales window")
    }
}
