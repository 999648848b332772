import BoxOfficeStore
import FoundationEssentials

extension Engine {
    /// Creates an organization. Its currency is fixed from then on: every tier is priced in it.
    public func createOrganization(_ details: OrganizationDetails, actor: Actor = .system) throws -> Organization {
        try Validate.organization(details)
        return try mutate(actor) { m in
            try m.authorizeHost("create organization")
            let org = try m.t.organizations.insert(Organization(id: m.ids.next(), now: m.now, details: details), in: m.txn)
            try m.audit("organization.create", Organization.self, org.id, "slug=\(details.slug) currency=\(details.currency)")
            return org
        }
    }

    /// Replaces an organization's details (admin or above). The currency cannot change.
    public func updateOrganization(_ id: UUID, _ details: OrganizationDetails, expectedVersion: UInt64? = nil,
                                   actor: Actor = .system) throws -> Organization {
        try Validate.organization(details)
        return try mutate(actor) { m in
            try m.replaceDetails(m.t.organizations, id, details, expectedVersion: expectedVersion,
                                 action: "organization.update", summary: "slug=\(details.slug)") { org, context in
                try context.authorize("update organization", minimum: .admin, in: id)
                guard details.currency == org.details.currency else {
                    throw BoxOfficeError.invalidArgument("an organization's currency cannot change (\(org.details.currency))")
                }
            }
        }
    }

    public func organization(_ id: UUID) throws -> Organization? { try query { try tables.organizations.get(id, in: $0) } }

    public func organization(slug: String) throws -> Organization? {
        try query { try tables.organizations.lookup(.slug, Key(slug), in: $0) }
    }

    // MARK: Users

    /// Adds a member of staff (admin or above). `pin`, if given, is stored only as a salted hash.
    public func createUser(organizationId: UUID, _ details: UserDetails, pin: String? = nil, actor: Actor = .system) throws -> User {
        try Validate.user(details)
        let hash = try pin.map { try Self.hashPin($0) }
        return try mutate(actor) { m in
            _ = try m.organization(organizationId)
            let mine = try m.authorize("create user", minimum: .admin, in: organizationId)
            try Self.checkRank(mine, grants: details.role, actor: actor, action: "create user")
            let user = try m.t.users.insert(User(id: m.ids.next(), now: m.now, organizationId: organizationId,
                                                 details: details, pinHash: hash), in: m.txn)
            try m.audit("user.create", User.self, user.id, "role=\(details.role.rawValue)")
            return user
        }
    }

    /// Replaces a user's details (admin or above).
    public func updateUser(_ id: UUID, _ details: UserDetails, expectedVersion: UInt64? = nil, actor: Actor = .system) throws -> User {
        try Validate.user(details)
        return try mutate(actor) { m in
            try m.replaceDetails(m.t.users, id, details, expectedVersion: expectedVersion, action: "user.update",
                                 summary: "role=\(details.role.rawValue) status=\(details.status.rawValue)") { user, context in
                let mine = try context.authorize("update user", minimum: .admin, in: user.organizationId)
                try Self.checkRank(mine, grants: max(details.role, user.details.role), actor: actor, action: "update user")
            }
        }
    }

    /// Sets or clears a user's PIN: the user themself, or an admin.
    public func setPin(userId: UUID, pin: String?, actor: Actor = .system) throws {
        let hash = try pin.map { try Self.hashPin($0) }
        try mutate(actor) { m in
            var user = try m.load(m.t.users, userId)
            if actor == .user(userId) {
                try m.authorize("set PIN", minimum: .analyst, in: user.organizationId)  // an active user, any role
            } else {
                let mine = try m.authorize("set PIN", minimum: .admin, in: user.organizationId)
                try Self.checkRank(mine, grants: user.details.role, actor: actor, action: "set PIN")
            }
            user.pinHash = hash
            user.updatedAt = m.now
            try m.t.users.update(user, in: m.txn)
            try m.audit("user.pin", User.self, userId, hash == nil ? "cleared" : "set")
        }
    }

    /// True when `pin` matches the user's stored hash; false when no PIN is set or the user is inactive.
    public func verifyPin(userId: UUID, pin: String) throws -> Bool {
        guard let user = try query({ try tables.users.get(userId, in: $0) }), user.details.status == .active,
              let hash = user.pinHash else { return false }
        return PinHash.verify(pin, against: hash)
    }

    /// Staff may not grant, or change someone of, a role above their own.
    static func checkRank(_ mine: User.Role, grants role: User.Role, actor: Actor, action: String) throws {
        guard mine >= role else {
            throw BoxOfficeError.permissionDenied(actor: actor.description, action: action,
                                                  reason: "role \(mine.rawValue) may not manage role \(role.rawValue)")
        }
    }

    public func user(_ id: UUID) throws -> User? { try query { try tables.users.get(id, in: $0) } }

    public func users(organizationId: UUID) throws -> [User] {
        try query { try tables.users.scan(index: .orgEmail, .prefix(Key(organizationId)), in: $0).items }
    }

    private static func hashPin(_ pin: String) throws -> String {
        guard (4...128).contains(pin.utf8.count), !pin.utf8.contains(0) else {
            throw BoxOfficeError.invalidArgument("a PIN is 4 to 128 bytes without NUL")
        }
        return try PinHash.make(pin)
    }

    // MARK: Customers

    /// Adds a customer (support or above).
    public func createCustomer(organizationId: UUID, _ details: CustomerDetails, actor: Actor = .system) throws -> Customer {
        try Validate.customer(details)
        return try mutate(actor) { m in
            _ = try m.organization(organizationId)
            try m.authorize("create customer", minimum: .support, in: organizationId)
            let customer = try m.t.customers.insert(Customer(id: m.ids.next(), now: m.now, organizationId: organizationId,
                                                             details: details), in: m.txn)
            try m.audit("customer.create", Customer.self, customer.id, "consent=\(details.marketingConsent)")
            return customer
        }
    }

    /// Replaces a customer's details (support or above).
    public func updateCustomer(_ id: UUID, _ details: CustomerDetails, expectedVersion: UInt64? = nil,
                               actor: Actor = .system) throws -> Customer {
        try Validate.customer(details)
        return try mutate(actor) { m in
            try m.replaceDetails(m.t.customers, id, details, expectedVersion: expectedVersion,
                                 action: "customer.update", summary: "consent=\(details.marketingConsent)") { customer, context in
                try context.authorize("update customer", minimum: .support, in: customer.organizationId)
            }
        }
    }

    public func customer(_ id: UUID) throws -> Customer? { try query { try tables.customers.get(id, in: $0) } }

    public func customer(organizationId: UUID, email: String) throws -> Customer? {
        try query { try tables.customers.lookup(.orgEmail, Key(organizationId, email.lowercased()), in: $0) }
    }
}
