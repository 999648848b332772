import BoxOfficeStore
import FoundationEssentials

/// The context of one write: its transaction, tables, time and actor, and the audit log.
struct Mutation {
    private(set) var txn: WriteTransaction
    let t: Tables
    let now: Int64
    let actor: Actor
    let ids: UUIDv7Generator
    let options: EngineOptions
    /// The engine's checked seating plans.
    let seatMaps: SeatMapCache
    private var nextSequence: UInt64?
    /// Events whose stock freed up while entries wait: offered to their waitlists before commit.
    var freedEvents: Set<UUID> = []

    init(txn: WriteTransaction, tables: Tables, now: Int64, actor: Actor, ids: UUIDv7Generator, options: EngineOptions, seatMaps: SeatMapCache) {
        self.txn = txn
        self.seatMaps = seatMaps
        t = tables
        self.now = now
        self.actor = actor
        self.ids = ids
        self.options = options
    }

    /// Appends an audit entry with the next sequence number (gapless: writers are serialized,
    /// and the entry commits or aborts with the change it records).
    mutating func audit<E: Entity>(_ action: String, _ entity: E.Type, _ entityId: UUID?, _ summary: String, by: Actor? = nil) throws {
        let sequence: UInt64
        if let next = nextSequence {
            sequence = next
        } else {
            sequence = (try t.audit.lastPrimaryKey(in: txn) ?? 0) + 1
        }
        nextSequence = sequence + 1
        try t.audit.insert(AuditEntry(sequence: sequence, at: now, actor: (by ?? actor).description, action: action,
                                      entityType: E.auditType, entityId: entityId, summary: summary), in: txn)
    }

    /// Runs `work` in a nested transaction and gives its refusal (a domain error, not storage)
    /// instead of throwing it, with `work`'s writes undone and this write's kept: for an operation
    /// whose sweep or offers must commit even when the buyer is refused (``Engine/createHold``).
    /// The caller returns the refusal from the write and throws it after the commit.
    mutating func attempt<T>(_ work: (inout Mutation) throws -> T) throws -> Result<T, BoxOfficeError> {
        var child = self
        do {
            let value = try txn.nested { nested in
                child = Mutation(self, txn: nested)
                return try work(&child)
            }
            nextSequence = child.nextSequence
            freedEvents = child.freedEvents
            return .success(value)
        } catch let refusal as BoxOfficeError {
            if case .storage = refusal { throw refusal }
            return .failure(refusal)
        }
    }

    /// This write's context on another transaction (a nested one).
    private init(_ other: Mutation, txn: WriteTransaction) {
        self = other
        self.txn = txn
    }

    // MARK: Loading

    func load<R: Entity>(_ table: Table<R>, _ id: R.PrimaryKey) throws -> R {
        guard let record = try table.get(id, in: txn) else { throw BoxOfficeError.notFound(R.self, id: "\(id)".lowercased()) }
        return record
    }

    func event(_ id: UUID) throws -> Event {
        let event = try load(t.events, id)
        guard event.deletedAt == nil else { throw BoxOfficeError.notFound(Event.self, id: id.lowercasedString) }
        return event
    }

    func organization(_ id: UUID) throws -> Organization { try load(t.organizations, id) }

    /// Checks the acting user against a minimum role in `organizationId` (nil: the user's own)
    /// and returns its role. The system may do anything and ranks as owner.
    @discardableResult
    func authorize(_ action: String, minimum: User.Role, in organizationId: UUID?) throws -> User.Role {
        guard case .user(let userId) = actor else { return .owner }
        guard let user = try t.users.get(userId, in: txn) else {
            throw BoxOfficeError.permissionDenied(actor: actor.description, action: action, reason: "unknown user")
        }
        guard user.organizationId == organizationId ?? user.organizationId else {
            throw BoxOfficeError.permissionDenied(actor: actor.description, action: action, reason: "user belongs to another organization")
        }
        guard user.details.status == .active else {
            throw BoxOfficeError.permissionDenied(actor: actor.description, action: action, reason: "user is inactive")
        }
        guard user.details.role >= minimum else {
            throw BoxOfficeError.permissionDenied(actor: actor.description, action: action,
                                                  reason: "role \(user.details.role.rawValue) is below \(minimum.rawValue)")
        }
        return user.details.role
    }

    /// Loads a record, lets `check` (given the record and this context) refuse it, replaces its details and saves it as a new
    /// version (optionally only if it still has `expectedVersion`), then audits `action`.
    mutating func replaceDetails<R: EditableRecord & Entity>(
        _ table: Table<R>, _ id: UUID, _ details: R.Details, expectedVersion: UInt64?,
        action: String, summary: String, check: (R, Mutation) throws -> Void
    ) throws -> R where R.PrimaryKey == UUID {
        var record = try load(table, id)
        try check(record, self)
        record.details = details
        record.updatedAt = now
        record = try table.update(record, expectedVersion: expectedVersion, in: txn)
        try audit(action, R.self, id, summary)
        return record
    }

    /// Refuses every actor but the system: for what spans organizations (creating one, the
    /// delivery worker's claims of every organization's messages).
    func authorizeHost(_ action: String) throws {
        guard actor == .system else {
            throw BoxOfficeError.permissionDenied(actor: actor.description, action: action, reason: "only the host (no actor) may do this")
        }
    }

    /// Throws `versionConflict` unless the caller's `expected` version is the record's.
    func check<R: Record & Entity>(_ expected: UInt64?, _ current: R) throws where R.PrimaryKey == UUID {
        if let expected, expected != current.version {
            throw BoxOfficeError.versionConflict(entity: R.entityName, id: current.primaryKey.lowercasedString,
                                                 expected: expected, current: current.version)
        }
    }

    // MARK: Idempotency

    /// The earlier result for `key` in `organization`, if it was used for the same `operation`
    /// and `request` within the window. The same key with another request is an
    /// `invalidArgument`. Keys are per organization, as payment providers scope them per account:
    /// one organization's keys neither collide with nor reveal another's.
    func remembered(_ key: String?, in organization: UUID, _ operation: String, _ request: @autoclosure () -> String) throws -> UUID? {
        guard let key else { return nil }
        guard !key.isEmpty, key.utf8.count <= 200 else {
            throw BoxOfficeError.invalidArgument("idempotency key must be 1 to 200 bytes")
        }
        guard let record = try t.idempotency.get(Self.scoped(key, organization), in: txn), record.expiresAt > now else { return nil }
        guard record.operation == operation, record.request == request() else {
            throw BoxOfficeError.invalidArgument("idempotency key '\(key)' was already used for another request (\(record.operation))")
        }
        return record.resultId
    }

    func remember(_ key: String?, in organization: UUID, _ operation: String, _ request: @autoclosure () -> String, _ resultId: UUID) throws {
        guard let key else { return }
        try t.idempotency.upsert(IdempotencyRecord(key: Self.scoped(key, organization), operation: operation, request: request(), resultId: resultId,
                                                   createdAt: now, expiresAt: now + options.idempotencyWindowMillis), in: txn)
    }

    /// The stored key: the organization's id, then the caller's key.
    static func scoped(_ key: String, _ organization: UUID) -> String { organization.lowercasedString + "/" + key }
}
