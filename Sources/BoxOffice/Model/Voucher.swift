import FoundationEssentials

extension Voucher {
    init(id: UUID, now: Int64, organizationId: UUID, eventId: UUID, details: VoucherDetails) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.organizationId = organizationId
        self.eventId = eventId
        self.details = details
        usedCount = 0
    }

    /// A code as stored and looked up: surrounding whitespace removed, upper case, so "  summer24"
    /// finds "SUMMER24".
    public static func normalized(_ code: String) -> String {
        guard let first = code.firstIndex(where: { !$0.isWhitespace }), let last = code.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return code[first...last].uppercased()
    }

    /// Whether it applies to tickets of `ticketTypeId`.
    func covers(_ ticketTypeId: UUID) -> Bool { details.ticketTypeIds.isEmpty || details.ticketTypeIds.contains(ticketTypeId) }

    /// Whether it keeps a reserve: it blocks quota and its validity has not ended (released).
    public var blocks: Bool { details.blockQuota && reserveReleasedAt == nil }

    /// The change of its tier's `blocked` when `uses` of it return (negative: are taken): none
    /// unless it keeps a reserve.
    func block(_ uses: Int64) -> [UUID: Int64] {
        blocks && uses != 0 ? [details.ticketTypeIds[0]: uses] : [:]
    }

    /// As it reads at `now`: a reserve whose validity ended is released at `validUntil`, before
    /// a sweep writes it.
    func asOf(_ now: Int64) -> Voucher {
        guard blocks, let until = details.validUntil, until <= now else { return self }
        var read = self
        read.reserveReleasedAt = until
        return read
    }

    /// What it keeps reserved in its tier: its unused uses, while it blocks.
    public var reserve: Int64 { blocks ? remainingUses : 0 }
}

extension TaxRule {
    init(id: UUID, now: Int64, organizationId: UUID, details: TaxRuleDetails) {
        self.id = id
        createdAt = now
        updatedAt = now
        self.organizationId = organizationId
        self.details = details
    }
}

extension Voucher: EditableRecord {}
extension TaxRule: EditableRecord {}
