import BoxOfficeStore
import FoundationEssentials

extension Engine {
    /// Adds a tax rule to an organization (manager or above). Tiers name it by `taxRuleId`; see
    /// ``TicketPrice`` for how taxes are computed and rounded.
    public func createTaxRule(organizationId: UUID, _ details: TaxRuleDetails, actor: Actor = .system) throws -> TaxRule {
        try Validate.taxRule(details)
        return try mutate(actor) { m in
            _ = try m.organization(organizationId)
            try m.authorize("create tax rule", minimum: .manager, in: organizationId)
            let rule = try m.t.taxRules.insert(TaxRule(id: m.ids.next(), now: m.now, organizationId: organizationId, details: details), in: m.txn)
            try m.audit("tax_rule.create", TaxRule.self, rule.id, "\(details.name) rate=\(details.rateBasisPoints)bp inclusive=\(details.inclusive)")
            return rule
        }
    }

    /// Replaces a tax rule's details (manager or above). Holds made before keep their tax.
    public func updateTaxRule(_ id: UUID, _ details: TaxRuleDetails, expectedVersion: UInt64? = nil, actor: Actor = .system) throws -> TaxRule {
        try Validate.taxRule(details)
        return try mutate(actor) { m in
            try m.replaceDetails(m.t.taxRules, id, details, expectedVersion: expectedVersion, action: "tax_rule.update",
                                 summary: "\(details.name) rate=\(details.rateBasisPoints)bp inclusive=\(details.inclusive)") { rule, context in
                try context.authorize("update tax rule", minimum: .manager, in: rule.organizationId)
            }
        }
    }

    /// The organization's tax rules, oldest first.
    public func taxRules(organizationId: UUID) throws -> [TaxRule] {
        try query { try tables.taxRules.scan(index: .organization, .prefix(Key(organizationId)), in: $0).items }
    }
}

extension Mutation {
    /// The tax rule a tier names, which must be its organization's.
    func taxRule(_ id: UUID?, of organizationId: UUID) throws -> TaxRule? {
        guard let id else { return nil }
        guard let rule = try t.taxRules.get(id, in: txn), rule.organizationId == organizationId else {
            throw BoxOfficeError.invalidArgument("taxRuleId: no tax rule \(id.lowercasedString) in this organization")
        }
        return rule
    }
}
