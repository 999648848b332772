import BoxOffice
import Foundation
import Testing

@Suite struct OrganizationTests {
    @Test func createValidateAndUpdate() throws {
        let t = try TestEngine()
        let org = try t.organization(bps: 250, fixed: 50)
        #expect(org.version == 1 && org.createdAt == ManualClock.start)
        #expect(try t.engine.organization(slug: "acme") == org)
        #expect(throws: BoxOfficeError.duplicate(entity: "organization", field: "slug", value: "acme")) { try t.organization() }
        let bad: [(OrganizationDetails, String)] = [
            (OrganizationDetails(name: "", slug: "x", email: "a@b.org", currency: "EUR"), "name must not be empty"),
            (OrganizationDetails(name: "X", slug: "Bad Slug", email: "a@b.org", currency: "EUR"), "slug 'Bad Slug' must be 1 to 64 of a-z, 0-9 and '-'"),
            (OrganizationDetails(name: "X", slug: "x", email: "nope", currency: "EUR"), "email 'nope' is not an email address like name@example.org (ASCII letters, digits and .!#$%&'*+/=?^_`{|}~- before the @)"),
            (OrganizationDetails(name: "X", slug: "x", email: "a@b.org", currency: "euro"), "currency 'euro' is not an ISO 4217 currency with a minor unit, like EUR or JPY"),
            (OrganizationDetails(name: "X", slug: "x", email: "a@b.org", currency: "EUR", timeZone: "Mars/Olympus"), "timeZone 'Mars/Olympus' is not an IANA zone like Europe/Paris"),
            (OrganizationDetails(name: "X", slug: "x", email: "a@b.org", currency: "EUR", serviceFeeBasisPoints: -1), "serviceFeeBasisPoints must be 0...100000, not -1"),
        ]
        for (details, reason) in bad {
            #expect(throws: BoxOfficeError.invalidArgument(reason)) { try t.engine.createOrganization(details) }
        }
        // Time zones are checked against the system's tz database: zones and their links are
        // names; its folders, its other files and paths out of it are not.
        for (index, zone) in ["UTC", "Europe/Paris", "America/Argentina/Buenos_Aires", "US/Eastern"].enumerated() {
            let details = OrganizationDetails(name: "Z", slug: "z\(index)", email: "a@b.org", currency: "EUR", timeZone: zone)
            #expect(try t.engine.createOrganization(details).details.timeZone == zone)
        }
        for zone in ["", "Europe", "zone.tab", "../../../etc/passwd", "Europe/../UTC", "/UTC", "Europe/Paris/", "Europe//Paris"] {
            let details = OrganizationDetails(name: "Z", slug: "z", email: "a@b.org", currency: "EUR", timeZone: zone)
            #expect(throws: BoxOfficeError.invalidArgument("timeZone '\(zone)' is not an IANA zone like Europe/Paris")) {
                try t.engine.createOrganization(details)
            }
        }
        var details = org.details
        details.name = "Acme Live Music"
        let updated = try t.engine.updateOrganization(org.id, details, expectedVersion: 1)
        #expect(updated.details.name == "Acme Live Music" && updated.version == 2)
        #expect(throws: BoxOfficeError.versionConflict(entity: "organization", id: org.id.uuidString.lowercased(), expected: 1, current: 2)) {
            try t.engine.updateOrganization(org.id, details, expectedVersion: 1)
        }
        details.currency = "USD"
        #expect(throws: BoxOfficeError.invalidArgument("an organization's currency cannot change (EUR)")) {
            try t.engine.updateOrganization(org.id, details)
        }
    }

    @Test func usersHaveRolesAndHashedPins() throws {
        let t = try TestEngine()
        let org = try t.organization()
        let admin = try t.user(org, .admin)
        let operatorUser = try t.engine.createUser(organizationId: org.id, UserDetails(name: "Door", email: "Door@Acme.test", role: .operator),
                                                   pin: "4821", actor: .user(admin.id))
        #expect(operatorUser.pinHash?.hasPrefix("$argon2id$") == true)
        #expect(operatorUser.pinHash?.contains("4821") == false)
        #expect(try t.engine.verifyPin(userId: operatorUser.id, pin: "4821"))
        #expect(try !t.engine.verifyPin(userId: operatorUser.id, pin: "0000"))
        // Email is unique per organization, case-insensitively.
        #expect(throws: BoxOfficeError.self) {
            try t.engine.createUser(organizationId: org.id, UserDetails(name: "Dup", email: "door@acme.test", role: .support))
        }
        // An operator cannot create users; the attempt is logged.
        #expect(throws: BoxOfficeError.permissionDenied(actor: "user:\(operatorUser.id.uuidString.lowercased())", action: "create user",
                                                        reason: "role operator is below admin")) {
            try t.engine.createUser(organizationId: org.id, UserDetails(name: "X", email: "x@acme.test", role: .owner),
                                    actor: .user(operatorUser.id))
        }
        #expect(try t.engine.auditFeed().last?.action == "permission.denied")
        try t.engine.setPin(userId: operatorUser.id, pin: nil, actor: .user(operatorUser.id))
        #expect(try !t.engine.verifyPin(userId: operatorUser.id, pin: "4821"))
        #expect(throws: BoxOfficeError.invalidArgument("a PIN is 4 to 128 bytes without NUL")) {
            try t.engine.setPin(userId: operatorUser.id, pin: "12")
        }
        #expect(try t.engine.users(organizationId: org.id).count == 2)
    }

    @Test func customersAreUniquePerOrganization() throws {
        let t = try TestEngine()
        let acme = try t.organization()
        let other = try t.organization(slug: "other")
        let ann = try t.engine.createCustomer(organizationId: acme.id, CustomerDetails(email: "ann@example.org", firstName: "Ann", lastName: "Lee"))
        _ = try t.engine.createCustomer(organizationId: other.id, CustomerDetails(email: "ann@example.org"))
        #expect(throws: BoxOfficeError.self) { try t.engine.createCustomer(organizationId: acme.id, CustomerDetails(email: "ANN@example.org")) }
        #expect(try t.engine.customer(organizationId: acme.id, email: "Ann@Example.org") == ann)
        #expect(throws: BoxOfficeError.notFound(entity: "organization", id: "00000000-0000-0000-0000-000000000000")) {
            try t.engine.createCustomer(organizationId: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)), CustomerDetails(email: "a@b.org"))
        }
    }

    /// Email addresses are ASCII dot-atoms at a dotted domain: no control, invisible or
    /// direction-changing character, no empty label; case is kept, and lookups ignore it.
    @Test func emailAddressesAreCheckedAsPeopleTypeThem() throws {
        let t = try TestEngine()
        let org = try t.organization()
        for bad in ["a\nb@x.org", "a\t@x.org", "a\u{07}@x\u{1B}.org", "a@.", "a@x", "a@x..org", "a@-x.org", "a@x-.org", ".a@x.org", "a.@x.org",
                    "a..b@x.org", "jose\u{301}@x.org", "a\u{200B}@x.org", "a\u{202E}gro.x@y.org", "a b@x.org", "a@b@x.org",
                    String(repeating: "a", count: 65) + "@x.org"] {
            #expect(throws: BoxOfficeError.self, "\(bad.debugDescription)") { try t.engine.createCustomer(organizationId: org.id, CustomerDetails(email: bad)) }
        }
        for good in ["ada@example.org", "Ada.Lovelace+tickets@Example.ORG", "o'neil@xn--bcher-kva.example", "x_y-z!#$%&*/=?^`{|}~@a-b.co"] {
            #expect(try t.engine.createCustomer(organizationId: org.id, CustomerDetails(email: good)).details.email == good)
        }
    }
}
