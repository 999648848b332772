import BoxOfficeStore
import FoundationEssentials
import Synchronization

/// Checked plans by id, shared by an engine's threads. A plan never changes once stored, so an
/// entry is never stale; a few are kept (a file rarely has more venues than that in use).
final class SeatMapCache: Sendable {
    private let maps = Mutex<[UUID: SeatMap]>([:])
    private static let capacity = 8

    /// The plan's map, built from its stored rows on first use.
    func map(_ plan: SeatingPlan, _ t: Tables, _ txn: ReadTransaction) throws -> SeatMap {
        if let map = maps.withLock({ $0[plan.id] }) { return map }
        let map: SeatMap
        do { map = try SeatMap(try t.definition(of: plan, txn)) } catch let error as BoxOfficeError {
            if case .storage = error { throw error }
            throw BoxOfficeError.storage(.corrupt, "seating plan \(plan.id.lowercasedString) breaks the plan rules: \(error)")
        }
        maps.withLock { maps in
            if maps.count >= Self.capacity { maps.removeAll() }
            maps[plan.id] = map
        }
        return map
    }
}

extension Tables {
    /// A stored plan as JSON gives it, from its record and its rows.
    func definition(of plan: SeatingPlan, _ txn: ReadTransaction) throws -> SeatingPlanDefinition {
        var sections = plan.sections.map { SeatingPlanDefinition.Section(name: $0, rows: []) }
        var expected: Int64 = 0
        for row in try seatingPlanRows.scan(index: .planRow, .prefix(Key(plan.id)), in: txn).items {
            guard row.index == expected, sections.indices.contains(Int(row.section)) else {
                throw BoxOfficeError.storage(.corrupt, "seating plan \(plan.id.lowercasedString) has row \(row.index) of section \(row.section) out of place")
            }
            sections[Int(row.section)].rows.append(row.row)
            expected += 1
        }
        return SeatingPlanDefinition(name: plan.name, focalPoint: plan.focalPoint, sections: sections)
    }
}
