import BoxOffice
import CBoxOfficeTypes

// Events and their tiers (ticket types). Details are JSON objects with the fields of
// EventDetails and TicketTypeDetails (docs/C_API.md); times are UTC milliseconds.

/// Creates a draft event (manager or above). `details_json`: {"title","startsAt","endsAt",
/// optional "description","category","tags","timeZone","venueName","address","city","country",
/// "visibility","salesStartAt","salesEndAt","capacity"}. Returns BO_OK, BO_NOT_FOUND
/// (organization), BO_INVALID_ARGUMENT, BO_PERMISSION_DENIED, BO_MISUSE or a storage status.
@c(bo_event_create)
public func boEventCreate(_ engine: UnsafeMutablePointer<bo_engine>?, _ organization_id: UnsafePointer<bo_uuid>?,
                          _ details_json: UnsafePointer<CChar>?, _ actor_id: UnsafePointer<bo_uuid>?, _ out_json: OutString?,
                          _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        let engine = try open(engine)
        try jsonOut(try engine.createEvent(organizationId: try uuid(organization_id, "organization_id"),
                                           try jsonIn(details_json, "details_json"), actor: actor(actor_id)), out_json)
    }
}

/// Replaces an event's details (manager or above); the capacity cannot drop below what is held
/// and sold. `expected_version` 0 means any. Returns BO_OK, BO_NOT_FOUND, BO_INVALID_ARGUMENT,
/// BO_VERSION_CONFLICT, BO_PERMISSION_DENIED, BO_MISUSE or a storage status.
@c(bo_event_update)
public func boEventUpdate(_ engine: UnsafeMutablePointer<bo_engine>?, _ id: UnsafePointer<bo_uuid>?, _ details_json: UnsafePointer<CChar>?,
                          _ expected_version: UInt64, _ actor_id: UnsafePointer<bo_uuid>?, _ out_json: OutString?,
                          _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        let engine = try open(engine)
        try jsonOut(try engine.updateEvent(try uuid(id, "id"), try jsonIn(details_json, "details_json"),
                                           expectedVersion: expected(expected_version), actor: actor(actor_id)), out_json)
    }
}

/// Opens a draft event for sale (manager or above); it needs a tier. Returns BO_OK,
/// BO_NOT_FOUND, BO_INVALID_ARGUMENT (no tier), BO_INVALID_STATE, BO_PERMISSION_DENIED or BO_MISUSE.
@c(bo_event_publish)
public func boEventPublish(_ engine: UnsafeMutablePointer<bo_engine>?, _ id: UnsafePointer<bo_uuid>?, _ actor_id: UnsafePointer<bo_uuid>?,
                           _ out_json: OutString?, _ out_error: OutError?) -> bo_status {
    withStatus(out_error) { try jsonOut(try open(engine).publishEvent(try uuid(id, "id"), actor: actor(actor_id)), out_json) }
}

/// Cancels an event (manager or above): sales stop and its holds are released. Returns BO_OK,
/// BO_NOT_FOUND, BO_INVALID_STATE, BO_PERMISSION_DENIED or BO_MISUSE.
@c(bo_event_cancel)
public func boEventCancel(_ engine: UnsafeMutablePointer<bo_engine>?, _ id: UnsafePointer<bo_uuid>?, _ actor_id: UnsafePointer<bo_uuid>?,
                          _ out_json: OutString?, _ out_error: OutError?) -> bo_status {
    withStatus(out_error) { try jsonOut(try open(engine).cancelEvent(try uuid(id, "id"), actor: actor(actor_id)), out_json) }
}

/// Looks up an event (deleted ones are not found). Returns BO_OK with `*out_json`,
/// BO_NOT_FOUND, BO_INVALID_ARGUMENT or BO_MISUSE.
@c(bo_event_get)
public func boEventGet(_ engine: UnsafeMutablePointer<bo_engine>?, _ id: UnsafePointer<bo_uuid>?, _ out_json: OutString?,
                       _ out_error: OutError?) -> bo_status {
    withStatus(out_error) { try found(try open(engine).event(try uuid(id, "id")), out_json, "event") }
}

/// The organization's events by start time, as a JSON array in `*out_json`. Returns BO_OK,
/// BO_INVALID_ARGUMENT or BO_MISUSE.
@c(bo_events_list)
public func boEventsList(_ engine: UnsafeMutablePointer<bo_engine>?, _ organization_id: UnsafePointer<bo_uuid>?, _ out_json: OutString?,
                         _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        try jsonOut(try open(engine).events(organizationId: try uuid(organization_id, "organization_id")), out_json)
    }
}

/// Adds a tier to an event (manager or above). `details_json`: {"name","priceMinor",
/// "currency","quantity", optional "description","minPerOrder","maxPerOrder","salesStartAt",
/// "salesEndAt","hidden","sortOrder"}. Returns BO_OK, BO_NOT_FOUND, BO_INVALID_ARGUMENT
/// (e.g. another currency than the organization's), BO_INVALID_STATE, BO_PERMISSION_DENIED or BO_MISUSE.
@c(bo_ticket_type_create)
public func boTicketTypeCreate(_ engine: UnsafeMutablePointer<bo_engine>?, _ event_id: UnsafePointer<bo_uuid>?,
                               _ details_json: UnsafePointer<CChar>?, _ actor_id: UnsafePointer<bo_uuid>?, _ out_json: OutString?,
                               _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        let engine = try open(engine)
        try jsonOut(try engine.createTicketType(eventId: try uuid(event_id, "event_id"), try jsonIn(details_json, "details_json"),
                                                actor: actor(actor_id)), out_json)
    }
}

/// Replaces a tier's details (manager or above); its quantity cannot drop below what is sold and
/// held. Statuses as bo_event_update().
@c(bo_ticket_type_update)
public func boTicketTypeUpdate(_ engine: UnsafeMutablePointer<bo_engine>?, _ id: UnsafePointer<bo_uuid>?,
                               _ details_json: UnsafePointer<CChar>?, _ expected_version: UInt64,
                               _ actor_id: UnsafePointer<bo_uuid>?, _ out_json: OutString?, _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        let engine = try open(engine)
        try jsonOut(try engine.updateTicketType(try uuid(id, "id"), try jsonIn(details_json, "details_json"),
                                                expectedVersion: expected(expected_version), actor: actor(actor_id)), out_json)
    }
}

/// The event's tiers in sort order, as a JSON array in `*out_json`. Returns BO_OK,
/// BO_INVALID_ARGUMENT or BO_MISUSE.
@c(bo_ticket_types_list)
public func boTicketTypesList(_ engine: UnsafeMutablePointer<bo_engine>?, _ event_id: UnsafePointer<bo_uuid>?, _ out_json: OutString?,
                              _ out_error: OutError?) -> bo_status {
    withStatus(out_error) { try jsonOut(try open(engine).ticketTypes(eventId: try uuid(event_id, "event_id")), out_json) }
}
