import BoxOfficeStore
import FoundationEssentials

/// Every error of the ticketing engine. ``code`` is stable: the C library returns it as
/// `bo_status`, and the Python and Go bindings map it to their exception and error types.
public enum BoxOfficeError: Error, Sendable, Equatable {
    /// No such entity (`entity` is "event", "hold", "order", …).
    case notFound(entity: String, id: String)
    /// A value is out of range, malformed or inconsistent; `reason` says which.
    case invalidArgument(String)
    /// Not enough left: `remaining` tickets of the tier (or of the event capacity) are free.
    case soldOut(ticketTypeId: UUID, name: String, remaining: Int64)
    /// The event or tier is not selling now: draft, cancelled, hidden, or outside its sales window.
    case notOnSale(String)
    /// The hold expired and its tickets were taken by others, or it was released: refund the payment.
    case holdExpired(holdId: UUID)
    /// A quantity is below the tier's minimum or above its maximum per order.
    case limitExceeded(ticketTypeId: UUID, name: String, requested: Int64, min: Int64, max: Int64)
    /// An update expected a version the record no longer has.
    case versionConflict(entity: String, id: String, expected: UInt64, current: UInt64)
    /// A unique value is taken (`field` is "slug", "email", …).
    case duplicate(entity: String, field: String, value: String)
    /// The actor's role does not allow the action; the attempt is in the audit log.
    case permissionDenied(actor: String, action: String, reason: String)
    /// The entity is in a state that does not allow the action (refunding a refunded order, …).
    case invalidState(entity: String, id: String, state: String, action: String)
    /// The organization does not allow ticket transfers.
    case transferNotAllowed(organizationId: UUID)
    /// A voucher code cannot be used for this hold: `reason` says why; `remaining` is the uses
    /// left when it is used up.
    case voucherRejected(code: String, reason: VoucherRejection, remaining: Int64?)
    /// A named seat is not free: `state` is held, sold, blocked or house.
    case seatUnavailable(seat: String, state: String)
    /// The data file could not be read or written; `code` tells the kind (see ``Code``).
    case storage(Code, String)

    public var code: Code {
        switch self {
        case .notFound: .notFound
        case .invalidArgument: .invalidArgument
        case .soldOut: .soldOut
        case .notOnSale: .notOnSale
        case .holdExpired: .holdExpired
        case .limitExceeded: .limitExceeded
        case .versionConflict: .versionConflict
        case .duplicate: .duplicate
        case .permissionDenied: .permissionDenied
        case .invalidState: .invalidState
        case .transferNotAllowed: .transferNotAllowed
        case .voucherRejected: .voucherRejected
        case .seatUnavailable: .seatUnavailable
        case .storage(let code, _): code
        }
    }
}

extension BoxOfficeError {
    /// Why a voucher code was refused (``BoxOfficeError/voucherRejected(code:reason:remaining:)``).
    public enum VoucherRejection: String, Sendable, Equatable {
        case unknown, notYetValid = "not_yet_valid", expired, usedUp = "used_up", outOfScope = "out_of_scope"

        var text: String {
            switch self {
            case .unknown: "is not a code of this event"
            case .notYetValid: "is not valid yet"
            case .expired: "has expired"
            case .usedUp: "has fewer uses left than the tickets it would apply to"
            case .outOfScope: "is for none of these ticket types"
            }
        }
    }

    /// The one conversion point from storage errors (and anything else thrown inside an
    /// operation) to domain errors.
    init(_ error: any Error) {
        if let error = error as? BoxOfficeError {
            self = error
            return
        }
        guard let store = error as? StoreError else {
            self = .storage(.storageFailure, String(describing: error))
            return
        }
        let text = store.description
        switch store {
        case .duplicateKey(let table, let index, let key):
            // The field the caller gave, not the index ("email", not "org_email"), and its value.
            let field = index.map { BoxOfficeSchema.uniqueFields["\(table).\($0)"] ?? $0 } ?? "id"
            self = .duplicate(entity: Self.entity(table), field: field, value: (try? key.components())?.last?.text ?? key.description)
        case .versionConflict(let table, let key, let expected, let current):
            self = .versionConflict(entity: Self.entity(table), id: key, expected: expected, current: current)
        case .recordNotFound(let table, let key):
            self = .notFound(entity: Self.entity(table), id: key)
        case .invalidArgument(let reason), .invalidCursor(let reason):
            self = .invalidArgument(reason)
        case .keyTooLarge, .recordTooLarge:
            self = .invalidArgument(text)
        case .readOnly:
            self = .storage(.readOnly, text)
        case .corruptRecord, .tableNotInCatalog, .indexNotInCatalog, .migrationFailed, .damaged, .lockFileDamaged:
            self = .storage(.corrupt, text)
        case .newerSchema, .newerFormat:
            self = .storage(.newerFile, text)
        case .mapSizeLimit:
            self = .storage(.full, text)
        case .notADirectory, .notWritable, .doesNotExist:
            self = .storage(.badPath, text)
        case .notAStore:
            self = .storage(.notAStore, text)
        case .diskFull:
            self = .storage(.diskFull, text)
        case .incompatibleOptions:
            self = .storage(.busy, text)
        case .usedAfterFork:
            self = .storage(.misuse, text)
        case .lmdb(let failure) where failure.code == .corrupted || failure.code == .pageNotFound || failure.code == .invalid:
            self = .storage(.corrupt, text)
        case .lmdb, .nestedTransaction, .readersFull:
            self = .storage(.storageFailure, text)
        }
    }

    /// "ticket_types" → "ticket type".
    private static func entity(_ table: String) -> String { BoxOfficeSchema.entityNames[table] ?? table }

    static func notFound<E: Entity>(_ type: E.Type, id: String) -> BoxOfficeError { .notFound(entity: E.entityName, id: id) }

    static func invalidState<E: Entity>(_ type: E.Type, id: String, state: String, action: String) -> BoxOfficeError {
        .invalidState(entity: E.entityName, id: id, state: state, action: action)
    }
}

extension BoxOfficeError: CustomStringConvertible {
    /// The message, with any hidden character of the names and values it quotes escaped: a tier's
    /// name comes from the file, and a message reaches logs and terminals.
    public var description: String { Validate.visible(text) }

    private var text: String {
        switch self {
        case .notFound(let entity, let id): "no \(entity) \(id)"
        case .invalidArgument(let reason): reason  // names the field; the code already says "invalid argument"
        case .soldOut(let id, let name, let remaining):
            "sold out: \(remaining) left of '\(name)' (\(id.lowercasedString))"
        case .notOnSale(let reason): "not on sale: \(reason)"
        case .holdExpired(let id): "hold \(id.lowercasedString) has ended (expired or released) and no longer holds its tickets"
        case .limitExceeded(_, let name, let requested, let min, let max):
            "'\(name)' allows \(min) to \(max) tickets per order, not \(requested)"
        case .versionConflict(let entity, let id, let expected, let current):
            "\(entity) \(id) changed: expected version \(expected), current is \(current)"
        case .duplicate(let entity, let field, let value):
            "\("aeio".contains(entity.first ?? "x") ? "an" : "a") \(entity) with \(field) '\(value)' already exists"
        case .permissionDenied(let actor, let action, let reason): "\(actor) may not \(action): \(reason)"
        case .invalidState(let entity, let id, let state, let action): "cannot \(action) \(entity) \(id): it is \(state)"
        case .transferNotAllowed(let org): "organization \(org.lowercasedString) does not allow ticket transfers"
        case .voucherRejected(let code, let reason, let remaining):
            "voucher \(Validate.quoted(code)) \(reason.text)" + (remaining.map { ": \($0) left" } ?? "")
        case .seatUnavailable(let seat, let state): "seat \(Validate.quoted(seat)) is \(state)"
        case .storage(_, let text): text
        }
    }
}
