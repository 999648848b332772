import BoxOffice
import CBoxOfficeTypes

// Organizations, staff and customers. Details are JSON objects with the fields of
// OrganizationDetails, UserDetails and CustomerDetails (docs/C_API.md); results are the
// entity as JSON, in memory the caller frees with bo_free().

/// Creates an organization from `details_json` ({"name","slug","email","currency", optional
/// "timeZone","serviceFeeBasisPoints","fixedFeeMinor","transfersAllowed"}).
/// `actor` must be NULL (the system). On success `*out_json` (if not NULL) receives the
/// organization. Returns BO_OK, BO_INVALID_ARGUMENT, BO_DUPLICATE (slug), BO_PERMISSION_DENIED,
/// BO_MISUSE or a storage status.
@c(bo_organization_create)
public func boOrganizationCreate(_ engine: UnsafeMutablePointer<bo_engine>?, _ details_json: UnsafePointer<CChar>?,
                                 _ actor_id: UnsafePointer<bo_uuid>?, _ out_json: OutString?, _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        let engine = try open(engine)
        try jsonOut(try engine.createOrganization(try jsonIn(details_json, "details_json"), actor: actor(actor_id)), out_json)
    }
}

/// Replaces an organization's details (admin or above; the currency cannot change).
/// `expected_version` 0 means any version. Returns BO_OK, BO_NOT_FOUND, BO_INVALID_ARGUMENT,
/// BO_VERSION_CONFLICT, BO_DUPLICATE, BO_PERMISSION_DENIED, BO_MISUSE or a storage status.
@c(bo_organization_update)
public func boOrganizationUpdate(_ engine: UnsafeMutablePointer<bo_engine>?, _ id: UnsafePointer<bo_uuid>?,
                                 _ details_json: UnsafePointer<CChar>?, _ expected_version: UInt64,
                                 _ actor_id: UnsafePointer<bo_uuid>?, _ out_json: OutString?, _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        let engine = try open(engine)
        try jsonOut(try engine.updateOrganization(try uuid(id, "id"), try jsonIn(details_json, "details_json"),
                                                  expectedVersion: expected(expected_version), actor: actor(actor_id)), out_json)
    }
}

/// Looks up an organization by id, or by `slug` when `id` is NULL. Returns BO_OK with
/// `*out_json`, BO_NOT_FOUND, BO_INVALID_ARGUMENT or BO_MISUSE.
@c(bo_organization_get)
public func boOrganizationGet(_ engine: UnsafeMutablePointer<bo_engine>?, _ id: UnsafePointer<bo_uuid>?, _ slug: UnsafePointer<CChar>?,
                              _ out_json: OutString?, _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        let engine = try open(engine)
        let org = try id != nil ? engine.organization(try uuid(id, "id")) : engine.organization(slug: try string(slug, "slug"))
        try found(org, out_json, "organization")
    }
}

/// Adds a member of staff to an organization (admin or above, not above the actor's own role).
/// `details_json`: {"name","email","role": owner|admin|manager|support|analyst|operator,
/// optional "status": active|inactive}. `pin` may be NULL; it is stored only as a salted
/// Argon2id hash. Returns BO_OK, BO_NOT_FOUND (organization), BO_INVALID_ARGUMENT,
/// BO_DUPLICATE (email), BO_PERMISSION_DENIED, BO_MISUSE or a storage status.
@c(bo_user_create)
public func boUserCreate(_ engine: UnsafeMutablePointer<bo_engine>?, _ organization_id: UnsafePointer<bo_uuid>?,
                         _ details_json: UnsafePointer<CChar>?, _ pin: UnsafePointer<CChar>?,
                         _ actor_id: UnsafePointer<bo_uuid>?, _ out_json: OutString?, _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        let engine = try open(engine)
        try jsonOut(try engine.createUser(organizationId: try uuid(organization_id, "organization_id"),
                                          try jsonIn(details_json, "details_json"), pin: try optionalString(pin, "pin"),
                                          actor: actor(actor_id)), out_json)
    }
}

/// Replaces a user's details (admin or above). Statuses as bo_organization_update().
@c(bo_user_update)
public func boUserUpdate(_ engine: UnsafeMutablePointer<bo_engine>?, _ id: UnsafePointer<bo_uuid>?, _ details_json: UnsafePointer<CChar>?,
                         _ expected_version: UInt64, _ actor_id: UnsafePointer<bo_uuid>?, _ out_json: OutString?,
                         _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        let engine = try open(engine)
        try jsonOut(try engine.updateUser(try uuid(id, "id"), try jsonIn(details_json, "details_json"),
                                          expectedVersion: expected(expected_version), actor: actor(actor_id)), out_json)
    }
}

/// Looks up a user. Returns BO_OK with `*out_json`, BO_NOT_FOUND, BO_INVALID_ARGUMENT or BO_MISUSE.
@c(bo_user_get)
public func boUserGet(_ engine: UnsafeMutablePointer<bo_engine>?, _ id: UnsafePointer<bo_uuid>?, _ out_json: OutString?,
                      _ out_error: OutError?) -> bo_status {
    withStatus(out_error) { try found(try open(engine).user(try uuid(id, "id")), out_json, "user") }
}

/// Sets (or with NULL clears) a user's PIN: the user themself, or an admin. Returns BO_OK,
/// BO_NOT_FOUND, BO_INVALID_ARGUMENT (a PIN is 4 to 128 bytes), BO_PERMISSION_DENIED or BO_MISUSE.
@c(bo_user_set_pin)
public func boUserSetPin(_ engine: UnsafeMutablePointer<bo_engine>?, _ user_id: UnsafePointer<bo_uuid>?, _ pin: UnsafePointer<CChar>?,
                         _ actor_id: UnsafePointer<bo_uuid>?, _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        try open(engine).setPin(userId: try uuid(user_id, "user_id"), pin: try optionalString(pin, "pin"), actor: actor(actor_id))
    }
}

/// Sets `*out_ok` to 1 when `pin` is the active user's PIN, else 0. Returns BO_OK,
/// BO_INVALID_ARGUMENT or BO_MISUSE.
@c(bo_user_verify_pin)
public func boUserVerifyPin(_ engine: UnsafeMutablePointer<bo_engine>?, _ user_id: UnsafePointer<bo_uuid>?, _ pin: UnsafePointer<CChar>?,
                            _ out_ok: UnsafeMutablePointer<Int32>?, _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        let ok = try open(engine).verifyPin(userId: try uuid(user_id, "user_id"), pin: try string(pin, "pin"))
        try store(ok ? 1 : 0, out_ok, "out_ok")
    }
}

/// Adds a customer (support or above). `details_json`: {"email", optional "firstName",
/// "lastName","phone","marketingConsent"}. Returns BO_OK, BO_NOT_FOUND (organization),
/// BO_INVALID_ARGUMENT, BO_DUPLICATE (email), BO_PERMISSION_DENIED, BO_MISUSE or a storage status.
@c(bo_customer_create)
public func boCustomerCreate(_ engine: UnsafeMutablePointer<bo_engine>?, _ organization_id: UnsafePointer<bo_uuid>?,
                             _ details_json: UnsafePointer<CChar>?, _ actor_id: UnsafePointer<bo_uuid>?, _ out_json: OutString?,
                             _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        let engine = try open(engine)
        try jsonOut(try engine.createCustomer(organizationId: try uuid(organization_id, "organization_id"),
                                              try jsonIn(details_json, "details_json"), actor: actor(actor_id)), out_json)
    }
}

/// Replaces a customer's details (support or above). Statuses as bo_organization_update().
@c(bo_customer_update)
public func boCustomerUpdate(_ engine: UnsafeMutablePointer<bo_engine>?, _ id: UnsafePointer<bo_uuid>?,
                             _ details_json: UnsafePointer<CChar>?, _ expected_version: UInt64,
                             _ actor_id: UnsafePointer<bo_uuid>?, _ out_json: OutString?, _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        let engine = try open(engine)
        try jsonOut(try engine.updateCustomer(try uuid(id, "id"), try jsonIn(details_json, "details_json"),
                                              expectedVersion: expected(expected_version), actor: actor(actor_id)), out_json)
    }
}

/// Looks up a customer. Returns BO_OK with `*out_json`, BO_NOT_FOUND, BO_INVALID_ARGUMENT or BO_MISUSE.
@c(bo_customer_get)
public func boCustomerGet(_ engine: UnsafeMutablePointer<bo_engine>?, _ id: UnsafePointer<bo_uuid>?, _ out_json: OutString?,
                          _ out_error: OutError?) -> bo_status {
    withStatus(out_error) { try found(try open(engine).customer(try uuid(id, "id")), out_json, "customer") }
}
