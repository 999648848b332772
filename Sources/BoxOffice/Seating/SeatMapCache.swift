import BoxOfficeStore
import FoundationEssentials
import Synchronization

/// Checked plans by id, shared by an engine's threads. A plan never changes once stored, so an
/// entry is never stale; a few are kept (a file rarely has more venues than that in use).
final class SeatMapCache: Sendable {
    private let maps = Mutex<[UUID: SeatMap]>([:])
    private static let capacity = 8

    /// The plan's map, built from its stored JSON on first use.
    func map(_ plan: SeatingPlan) throws -> SeatMap {
        if let map = maps.withLock({ $0[plan.id] }) { return map }
        let definition: SeatingPlanDefinition
        do {
            definition = try JSONDecoder().decode(SeatingPlanDefinition.self, from: Data(plan.definition.utf8))
        } catch {
            throw BoxOfficeError.storage(.corrupt, "seating plan \(plan.id.uuidString.lowercased()) holds JSON that does not decode: \(error)")
        }
        let map: SeatMap
        do { map = try SeatMap(definition) } catch {
            throw BoxOfficeError.storage(.corrupt, "seating plan \(plan.id.uuidString.lowercased()) breaks the plan rules: \(error)")
        }
        maps.withLock { maps in
            if maps.count >= Self.capacity { maps.removeAll() }
            maps[plan.id] = map
        }
        return map
    }
}
