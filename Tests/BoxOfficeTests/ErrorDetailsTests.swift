import BoxOffice
import Foundation
import Testing

/// `details` carries every associated value a program may act on, under ErrorDetails' names,
/// and nothing else: what bo_error_details() and the bindings' error fields show.
@Suite struct ErrorDetailsTests {
    @Test func eachCaseFillsItsFields() throws {
        let tier = UUID()
        let soldOut = BoxOfficeError.soldOut(ticketTypeId: tier, name: "Seated", remaining: 3).details
        #expect(soldOut.ticketTypeId == tier && soldOut.name == "Seated" && soldOut.remaining == 3 && soldOut.requested == nil)
        let limit = BoxOfficeError.limitExceeded(ticketTypeId: tier, name: "VIP", requested: 5, min: 2, max: 4).details
        #expect(limit.requested == 5 && limit.min == 2 && limit.max == 4 && limit.remaining == nil)
        let state = BoxOfficeError.invalidState(entity: "order", id: "o1", state: "refunded", action: "refund").details
        #expect(state.entity == "order" && state.id == "o1" && state.state == "refunded" && state.action == "refund")
        let conflict = BoxOfficeError.versionConflict(entity: "event", id: "e1", expected: 1, current: 2).details
        #expect(conflict.expected == 1 && conflict.current == 2)
        let duplicate = BoxOfficeError.duplicate(entity: "customer", field: "email", value: "a@b").details
        #expect(duplicate.field == "email" && duplicate.value == "a@b")
        #expect(BoxOfficeError.permissionDenied(actor: "u1", action: "refund", reason: "r").details.actor == "u1")
        #expect(BoxOfficeError.holdExpired(holdId: tier).details.holdId == tier)
        #expect(BoxOfficeError.transferNotAllowed(organizationId: tier).details.organizationId == tier)
        // Text-only cases have none: the JSON is an empty object.
        let empty = try JSONCoding.encoder.encode(BoxOfficeError.invalidArgument("x").details)
        #expect(String(decoding: empty, as: UTF8.self) == "{}")
    }

    @Test func aRealRefusalNamesTheTierAndItsLimits() throws {
        let t = try TestEngine()
        let (event, tiers) = try t.event(try t.organization())
        do {
            _ = try t.engine.createHold(eventId: event.id, items: [.init(ticketTypeId: tiers[0].id, quantity: 11)])
            Issue.record("held 11")
        } catch let error as BoxOfficeError {
            let d = error.details
            #expect(d.ticketTypeId == tiers[0].id && d.requested == 11 && d.min == 1 && d.max == 10, "\(error)")
        }
    }

    @Test func aRealDuplicateNamesTheFieldGivenNotTheIndex() throws {
        let t = try TestEngine()
        let org = try t.organization()
        _ = try t.engine.createCustomer(organizationId: org.id, CustomerDetails(email: "Ada@Example.com"))
        #expect(throws: BoxOfficeError.duplicate(entity: "customer", field: "email", value: "ada@example.com")) {
            try t.engine.createCustomer(organizationId: org.id, CustomerDetails(email: "ada@example.COM"))
        }
        #expect("\(BoxOfficeError.duplicate(entity: "user", field: "email", value: "a@b"))" == "a user with email 'a@b' already exists")
    }
}
