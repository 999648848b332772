import FoundationEssentials

extension BoxOfficeError {
    /// What the failure is about, for programs to act on (the C library's bo_error_details()):
    /// the associated values of the case, by name; empty for the cases whose only value is text.
    public var details: ErrorDetails {
        var d = ErrorDetails()
        switch self {
        case .soldOut(let tier, let name, let remaining):
            (d.ticketTypeId, d.name, d.remaining) = (tier, name, remaining)
        case .limitExceeded(let tier, let name, let requested, let min, let max):
            (d.ticketTypeId, d.name, d.requested, d.min, d.max) = (tier, name, requested, min, max)
        case .notFound(let entity, let id):
            (d.entity, d.id) = (entity, id)
        case .invalidState(let entity, let id, let state, let action):
            (d.entity, d.id, d.state, d.action) = (entity, id, state, action)
        case .versionConflict(let entity, let id, let expected, let current):
            (d.entity, d.id, d.expected, d.current) = (entity, id, expected, current)
        case .duplicate(let entity, let field, let value):
            (d.entity, d.field, d.value) = (entity, field, value)
        case .permissionDenied(let actor, let action, _):
            (d.actor, d.action) = (actor, action)
        case .holdExpired(let hold):
            d.holdId = hold
        case .transferNotAllowed(let organization):
            d.organizationId = organization
        case .voucherRejected(let code, let reason, let remaining):
            (d.code, d.reason, d.remaining) = (code, reason.rawValue, remaining)
        case .seatUnavailable(let seat, let state):
            (d.seat, d.state) = (seat, state)
        case .invalidArgument, .notOnSale, .storage:
            break
        }
        return d
    }
}
