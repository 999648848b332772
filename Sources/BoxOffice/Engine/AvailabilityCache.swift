import FoundationEssentials

/// Availability answers, reused while they are exact: the snapshot they were computed from is
/// still the newest (no commit since, from any thread or process), and the clock has not moved
/// out of the interval in which nothing time-dependent changes (a hold expiring, a sales window
/// opening or closing).
///
/// One cache lives with each pooled LMDB reader (``ReadTransaction/readerCache(_:)``), so only
/// the thread holding that reader touches it: a lookup takes no lock, and readers on many threads
/// never wait on each other. An answer depends only on the file and the time, so engines on one
/// file in a process share it.
final class AvailabilityCache {
    private struct Entry {
        var availability: Availability
        var snapshot: Int
        /// The answer holds for `from <= now < until`.
        var from: Int64
        var until: Int64
    }

    /// Enough for every event a kiosk or a shop shows at once; past it the cache starts over.
    static let capacity = 1_024
    private var entries: [UUID: Entry] = [:]

    func get(_ eventId: UUID, snapshot: Int, now: Int64) -> Availability? {
        guard let entry = entries[eventId], entry.snapshot == snapshot, entry.from <= now, now < entry.until else { return nil }
        return entry.availability
    }

    func put(_ availability: Availability, snapshot: Int, from: Int64, until: Int64) {
        guard from < until else { return }
        if entries.count >= Self.capacity, entries[availability.eventId] == nil { entries.removeAll(keepingCapacity: true) }
        entries[availability.eventId] = Entry(availability: availability, snapshot: snapshot, from: from, until: until)
    }
}
