import BoxOfficeStore

/// A broken ticketing invariant.
public struct InvariantViolation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The rule, e.g. "tier.held_matches_holds".
    public var rule: String
    public var entityType: String
    public var entityId: String
    public var detail: String

    public var description: String { "\(rule) on \(entityType) \(entityId): \(detail)" }
}

/// What ``Engine/verify()`` found: storage problems (tables against indexes) and broken
/// ticketing invariants. Empty lists mean the file is consistent.
public struct VerificationReport: Sendable, Codable, Equatable {
    public var storage: [IntegrityProblem]
    public var invariants: [InvariantViolation]
    public var isClean: Bool { storage.isEmpty && invariants.isEmpty }

    public init(storage: [IntegrityProblem], invariants: [InvariantViolation]) {
        self.storage = storage
        self.invariants = invariants
    }
}
