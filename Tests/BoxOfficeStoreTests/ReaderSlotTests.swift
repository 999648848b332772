import CLMDB
import Foundation
import Glibc
import StoreTestSupport
import Testing

@testable import BoxOfficeStore

/// Reader slots are shared by every process on a file: idle processes give theirs back, a full
/// table is waited out, and slots of killed readers are reclaimed by a process that stays open.
@Suite struct ReaderSlotTests {
    /// This process's reader slots in the lock file.
    func ownSlots(_ store: Store) throws -> [ReaderSlot] { try store.readers().filter { $0.pid == getpid() } }

    /// Polls `condition` every 20 ms for up to `seconds`; a liveness bound, not a speed claim.
    func eventually(within seconds: Double = 5, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(20_000)
        }
        return try condition()
    }

    /// Reads from `threads` threads at once, `reads` each.
    func readConcurrently(_ store: Store, threads: Int, reads: Int = 200) throws {
        let counters = try store.table(SampleSchema.counters)
        let failures = Locked(0)
        let running = (0..<threads).map { _ in
            Thread {
                for _ in 0..<reads {
                    do { _ = try store.read { txn in try counters.count(in: txn) } } catch { failures.update { $0 += 1 } }
                }
            }
        }
        running.forEach { $0.start() }
        while running.contains(where: { !$0.isFinished }) { usleep(1_000) }
        #expect(failures.value == 0)
    }

    @Test func idleReadersGiveTheirSlotsBack() throws {
        let t = try TemporaryStore()
        try readConcurrently(t.store, threads: 8)
        #expect(try ownSlots(t.store).count <= t.store.environment.maxReaders / 8)
        #expect(try eventually { try ownSlots(t.store).isEmpty })
        try readConcurrently(t.store, threads: 2)  // and reading again works
        #expect(try eventually { try ownSlots(t.store).isEmpty })
    }

    @Test func aProcessKeepsAtMostAnEighthOfTheSlotsIdle() throws {
        let t = try TemporaryStore(options: StoreOptions(maxReaders: 16))
        try readConcurrently(t.store, threads: 8)
        #expect(try ownSlots(t.store).count <= 2)
        let small = try TemporaryStore(options: StoreOptions(maxReaders: 7), label: "small")
        try readConcurrently(small.store, threads: 4)
        #expect(try ownSlots(small.store).isEmpty)  // under 8 slots nothing is kept idle
    }

    @Test func aFullReaderTableIsRetriedAfterFreeingSlots() throws {
        let t = try TemporaryStore()
        t.store.environment.faults.arm(.beginRead, code: MDB_READERS_FULL, times: 3)
        #expect(try t.store.read { txn in try t.counters.count(in: txn) } == 0)
    }

    @Test func readersFullForLongSaysWhatToDo() throws {
        let t = try TemporaryStore()
        t.store.environment.faults.arm(.beginRead, code: MDB_READERS_FULL, times: 1_000)
        #expect {
            try t.store.read { _ in }
        } throws: { error in
            guard case StoreError.readersFull(let path, let maxReaders, _, _) = error else { return false }
            let text = "\(error)"
            return path == t.path && maxReaders == 126 && text.contains("max_readers") && text.contains("boxoffice readers")
        }
        t.store.environment.faults.disarmAll()
        #expect(try t.store.read { txn in try t.counters.count(in: txn) } == 0)  // the next one works
    }

    @Test func anIdleProcessLeavesItsOnlySlotToAnother() throws {
        let path = temporaryStorePath("one-reader")
        defer { try? FileManager.default.removeItem(atPath: path) }
        // The helper creates the file, so its maxReaders of 1 sizes the lock file for everyone
        // (LMDB never shrinks a lock file: a larger one sets the slots even for a first opener).
        let idle = try startHelper("read-idle", path, "1", "1")
        defer { kill9(idle) }
        let store = try Store(path: path, schema: SampleSchema.v1)
        #expect(store.environment.maxReaders == 1)
        #expect(try store.read { txn in try store.table(SampleSchema.counters).count(in: txn) } == 0)
    }

    @Test func aTableFullOfLiveReadersFailsAfterWaitingAndSaysWhy() throws {
        let path = temporaryStorePath("busy-reader")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let busy = try startHelper("hold-reader", path, "1")
        let store = try Store(path: path, schema: SampleSchema.v1)
        #expect(throws: StoreError.readersFull(path: path, maxReaders: 1, reading: 1, idle: 0)) { try store.read { _ in } }
        kill9(busy)  // its slot is now stale, and the next read clears it
        #expect(try store.read { txn in try store.table(SampleSchema.counters).count(in: txn) } == 0)
    }

    /// Processes that read without pause keep their pooled transactions busy; when that fills the
    /// table, their reapers see it and stop pooling, so one more process still gets to read.
    @Test func busyProcessesMakeRoomWhenTheTableFills() throws {
        let path = temporaryStorePath("busy")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let busy = try (0..<8).map { i in
            i == 0 ? try startHelper("read-busy", path, "8") : try startHelper("read-busy", path)
        }
        defer { busy.forEach(kill9) }
        let store = try Store(path: path, schema: SampleSchema.v1)
        #expect(store.environment.maxReaders == 8)
        for _ in 0..<20 { #expect(try store.read { txn in try store.table(SampleSchema.counters).count(in: txn) } == 0) }
    }

    @Test func sixteenIdleProcessesOfEightThreadsLeaveRoomForMore() throws {
        let path = temporaryStorePath("sixteen")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try Store(path: path, schema: SampleSchema.v1)
        let workers = try (0..<16).map { _ in try startHelper("read-idle", path, "8") }
        defer { workers.forEach(kill9) }
        try readConcurrently(store, threads: 8)
        #expect(try eventually { try store.readers().count <= 8 })  // idle workers hold no slot
    }

    @Test func slotsOfKilledReadersAreReclaimedByAProcessThatStaysOpen() throws {
        let t = try TemporaryStore()
        let counters = try t.counters
        func write(_ n: Int) throws {
            for i in 0..<n {
                try t.store.write { txn in try counters.upsert(Counter(name: "c\(i % 4)", value: Int64(i)), in: txn) }
            }
        }
        try write(100)
        // Readers pin the current snapshot and die holding it; this process keeps the file open.
        for reader in try (0..<4).map({ _ in try startReader(t.path) }) { kill9(reader) }
        #expect(try t.store.readers().filter { !$0.isLive }.count == 4)
        try write(500)
        let used = try t.store.stats().mapUsed
        try write(500)
        // Pinned pages would add pages on every write; reclaimed ones are reused.
        let growth = try t.store.stats().mapUsed - used
        #expect(growth <= 16 * 4096, "the file grew by \(growth) bytes")
        #expect(try t.store.readers().filter { !$0.isLive }.isEmpty)
    }
}

/// A value shared by test threads.
final class Locked<Value>: @unchecked Sendable {
    private var stored: Value
    private let lock = NSLock()
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func update(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}
