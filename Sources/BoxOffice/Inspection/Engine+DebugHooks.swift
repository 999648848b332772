#if DEBUG
import BoxOfficeStore
import FoundationEssentials

// Debug-only ways to damage a file on purpose, so tests can prove that verify finds it.
extension Engine {
    /// Sets a tier's counters directly, without the holds or tickets that should justify them.
    package func debugSetCounters(ticketTypeId: UUID, held: Int64? = nil, sold: Int64? = nil) throws {
        try restore { txn in
            guard var tier = try tables.ticketTypes.get(ticketTypeId, in: txn) else {
                throw BoxOfficeError.notFound(entity: "ticket type", id: ticketTypeId.lowercasedString)
            }
            tier.held = held ?? tier.held
            tier.sold = sold ?? tier.sold
            try tables.ticketTypes.update(tier, in: txn)
        }
    }

    /// Deletes a ticket's entry from the tickets' code index, leaving the ticket.
    package func debugDropCodeIndexEntry(ticketId: UUID) throws {
        try restore { txn in try store.debugDeleteIndexEntry(table: "tickets", index: "code", primaryKey: Key(ticketId), in: txn) }
    }
}
#endif
