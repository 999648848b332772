import Foundation
import Synchronization

/// A system under test. Every system does the same logical work (see docs/PERFORMANCE.md), and
/// `runWorkloads` measures each one the same way.
protocol BenchSystem: AnyObject, Sendable {
    /// The system's name in figures.
    static var name: String { get }
    /// Makes a file in `directory` with a 10-tier event and `size` tickets sold in orders of 4.
    static func prepare(size: Int, directory: String) throws -> PreparedFile
    /// Opens the prepared file with commits as durable as `mode`.
    init(_ prepared: PreparedFile, mode: Mode) throws
    /// The modes it runs: durable and async, and any of its own.
    static var modes: [Mode] { get }

    /// A hold on 3 tiers.
    func hold3() throws
    /// A hold on 3 tiers, then its confirm into an order of 3 tickets.
    func holdConfirm() throws
    /// Availability of the 10-tier event.
    func availability() throws
    /// Checks in the next unscanned sold ticket; a rejected scan is an error.
    func checkIn() throws

    /// A new event with one tier of 1,000 tickets on sale.
    func newFlashSale() throws -> FlashSale
    /// Holds and confirms 1 to 4 tickets; false once the tier is sold out.
    func buy(_ sale: FlashSale) throws -> Bool
    /// Tickets sold of the flash-sale tier.
    func sold(_ sale: FlashSale) throws -> Int64
}

extension BenchSystem {
    static var modes: [Mode] { [.durable, .async] }
}

/// A data file with a 10-tier event and tickets already sold, shared by the modes.
struct PreparedFile: Sendable {
    var path: String
    var organizationId: UUID
    var eventId: UUID
    var tierIds: [UUID]
    var scans: ScanQueue
}

struct FlashSale: Sendable {
    var eventId: UUID
    var tierId: UUID
}

/// The codes of sold tickets, each handed out once to be scanned.
final class ScanQueue: Sendable {
    private let codes: [String]
    private let next = Atomic(0)

    init(_ codes: [String]) { self.codes = codes.shuffled() }

    func take() throws -> String {
        let i = next.add(1, ordering: .relaxed).oldValue
        guard i < codes.count else { throw BenchError.failed("out of valid tickets to scan (\(codes.count))") }
        return codes[i]
    }
}
