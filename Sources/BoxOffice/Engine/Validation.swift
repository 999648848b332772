import FoundationEssentials

/// Checks of caller input; each failure is an `invalidArgument` naming the field.
package enum Validate {
    static func fail(_ reason: String) -> BoxOfficeError { .invalidArgument(reason) }

    /// A caller's text as an error message shows it: quoted, and cut to `max` characters, so a
    /// 4 MiB value is not echoed back whole.
    package static func quoted(_ value: String, max: Int = 64) -> String {
        // Hidden characters escaped: a NUL would end the message in C, a newline split a log line,
        // a right-to-left override disguise what follows.
        let shown = visible(String(value.prefix(max)))
        return value.count <= max ? "'\(shown)'" : "'\(shown)…' (\(value.utf8.count) bytes)"
    }

    /// `text` with its hidden characters (``isHidden(_:)``) written as Swift escapes (`\u{1B}`):
    /// for messages, which may quote what a file holds.
    package static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isHidden) else { return text }
        return text.unicodeScalars.map { isHidden($0) ? $0.escaped(asASCII: true) : String($0) }.joined()
    }

    /// Whether `scalar` is a control or invisible formatting character (an escape, a carriage
    /// return, a zero-width space, a right-to-left override, a line separator): what messages and
    /// the CLI write escaped.
    package static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        let category = scalar.properties.generalCategory
        return category == .control || category == .format || category == .lineSeparator || category == .paragraphSeparator
    }

    /// Text a person can read as it is: not blank, and nothing hidden in it (names in a seating plan).
    static func isVisible(_ text: String) -> Bool {
        !text.allSatisfy(\.isWhitespace) && !text.unicodeScalars.contains(where: isHidden)
    }

    static func text(_ value: String, _ field: String, max: Int = 200, allowEmpty: Bool = false) throws {
        if !allowEmpty && value.allSatisfy(\.isWhitespace) { throw fail("\(field) must not be empty") }
        if value.utf8.count > max { throw fail("\(field) is longer than \(max) bytes") }
        if value.utf8.contains(0) { throw fail("\(field) contains a NUL character") }
    }

    /// An email address as people type it: the dot-atom form of RFC 5322 §3.4.1 (local part
    /// up to 64 bytes) at a domain of letters, digits and hyphens (RFC 1035 §2.3.1) with at least
    /// two labels, as Django's EmailValidator (pretix's) accepts. Written here because Foundation
    /// has none. ASCII only (an internationalized domain in its xn-- form): so no control,
    /// invisible or direction-changing character reaches a recipient, a terminal or a log, and two
    /// spellings of one address cannot differ only by Unicode normalization.
    static func email(_ value: String, _ field: String) throws {
        try text(value, field, max: 254)
        let invalid = fail("\(field) \(quoted(value)) is not an email address like name@example.org (ASCII letters, digits and .!#$%&'*+/=?^_`{|}~- before the @)")
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, value.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else { throw invalid }
        let local = parts[0].utf8, domain = parts[1]
        let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~".utf8)
        let atoms = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        guard (1...64).contains(local.count), atoms.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(atext.contains) }) else { throw invalid }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        let ldh = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-".utf8)
        guard labels.count >= 2, labels.allSatisfy({ label in
            (1...63).contains(label.utf8.count) && label.utf8.allSatisfy(ldh.contains) && label.first != "-" && label.last != "-"
        }) else { throw invalid }
    }

    static func slug(_ value: String, _ field: String) throws {
        let ok = !value.isEmpty && value.utf8.count <= 64
            && value.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
        if !ok { throw fail("\(field) \(quoted(value)) must be 1 to 64 of a-z, 0-9 and '-'") }
    }

    static func currency(_ value: String, _ field: String) throws {
        if Currency.minorUnits(value) == nil {
            throw fail("\(field) \(quoted(value)) is not an ISO 4217 currency with a minor unit, like EUR or JPY")
        }
    }

    static func timeZone(_ value: String, _ field: String) throws {
        if !TimeZoneDatabase.contains(value) { throw fail("\(field) \(quoted(value)) is not an IANA zone like Europe/Paris") }
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

    /// The latest time a caller may give: 9999-12-31T23:59:59.999Z, as ISO 8601 allows without
    /// extensions. Adding a TTL or a week to it cannot overflow Int64.
    static let latestTime: Int64 = 253_402_300_799_999

    /// A time for a message: ISO 8601 in UTC ("2030-01-01T01:00:00Z"), as the CLI shows times.
    static func iso(_ millis: Int64) -> String {
        Date(timeIntervalSince1970: Double(millis) / 1000).formatted(.iso8601)
    }

    static func time(_ value: Int64, _ field: String) throws {
        if !(0...latestTime).contains(value) {
            throw fail("\(field) must be a time from 1970 to 9999 (0 to \(latestTime) ms since 1970-01-01T00:00:00Z), not \(value)")
        }
    }

    static func window(_ start: Int64?, _ end: Int64?, _ field: String) throws {
        if let start, let end, end <= start { throw fail("\(field) must end after it starts") }
    }

    static func range(_ value: Int64, _ field: String, _ allowed: ClosedRange<Int64>) throws {
        if !allowed.contains(value) { throw fail("\(field) must be \(allowed.lowerBound)...\(allowed.upperBound), not \(value)") }
    }

    static func count<T>(_ values: [T], _ field: String, max: Int) throws {
        if values.count > max { throw fail("\(field) has \(values.count) entries; at most \(max) are allowed") }
    }

    // Each field's own checks are declared in api/model.toml (checkFields()); these add the rules
    // between fields.

    static func organization(_ d: OrganizationDetails) throws {
        try d.checkFields()
        // BCP 47's shape (RFC 5646: subtags of 1 to 8 letters or digits, by hyphens); the tag itself is the host's to choose.
        let subtags = d.locale.split(separator: "-", omittingEmptySubsequences: false)
        if !subtags.allSatisfy({ (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } })
            || !(subtags.first?.allSatisfy(\.isLetter) ?? false) {
            throw fail("locale \(quoted(d.locale)) is not a BCP 47 language tag like \"en\" or \"fr-FR\"")
        }
        if Set(d.mutedNotifications).count != d.mutedNotifications.count { throw fail("mutedNotifications lists a kind twice") }
        for kind in d.mutedNotifications where OutboxMessage.Kind(rawValue: kind) == nil {
            throw fail("mutedNotifications: \(quoted(kind)) is not a notification kind; kinds: "
                       + OutboxMessage.Kind.allCases.map(\.rawValue).joined(separator: ", "))
        }
    }

    static func user(_ d: UserDetails) throws { try d.checkFields() }

    static func customer(_ d: CustomerDetails) throws { try d.checkFields() }

    static func event(_ d: EventDetails) throws {
        try d.checkFields()
        if d.endsAt <= d.startsAt { throw fail("the event must end after it starts") }
        try window(d.salesStartAt, d.salesEndAt, "the sales window")
    }

    static func ticketType(_ d: TicketTypeDetails, currency: String) throws {
        try d.checkFields()
        if d.currency != currency { throw fail("currency: the tier's \(quoted(d.currency)) is not the organization's \(currency)") }
        if d.maxPerOrder < d.minPerOrder {
            throw fail("per-order limits must satisfy 1 ≤ min (\(d.minPerOrder)) ≤ max (\(d.maxPerOrder))")
        }
        try window(d.salesStartAt, d.salesEndAt, "the tier's sales window")
    }
}

extension Validate {
    static func taxRule(_ d: TaxRuleDetails) throws { try d.checkFields() }

    /// Checks a voucher's details after ``Voucher/normalized(_:)``.
    static func voucher(_ d: VoucherDetails) throws {
        try d.checkFields()
        if d.priceMode == .percentOff && d.value > 10_000 {
            throw fail("value: percent_off takes basis points 0...10000 (100 %), not \(d.value)")
        }
        if d.priceMode == .none && d.value != 0 { throw fail("value must be 0 with priceMode none, not \(d.value)") }
        try window(d.validFrom, d.validUntil, "the voucher's validity (validFrom to validUntil)")
        if Set(d.ticketTypeIds).count != d.ticketTypeIds.count { throw fail("ticketTypeIds lists a tier twice") }
        if d.blockQuota && d.ticketTypeIds.count != 1 {
            throw fail("blockQuota needs exactly one tier in ticketTypeIds, not \(d.ticketTypeIds.count): the reserve is kept in that tier")
        }
    }
}
