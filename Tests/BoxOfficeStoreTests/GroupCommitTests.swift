import Foundation
import StoreTestSupport
import Synchronization
import Testing

@testable import BoxOfficeStore

@Suite struct GroupCommitTests {
    struct Planted: Error, Equatable { var n: Int }

    @Test func everyCallerGetsItsOwnResultAndFailuresLeaveNoTrace() throws {
        let t = try TemporaryStore(options: StoreOptions(durability: .async))
        let store = t.store!
        let counters = try t.counters
        let results = Mutex<[Int: Result<Int64, Planted>]>([:])
        DispatchQueue.concurrentPerform(iterations: 400) { n in
            let outcome: Result<Int64, Planted>
            do {
                let value = try store.groupWrite { txn -> Int64 in
                    try counters.insert(Counter(name: "c\(n)", value: Int64(n)), in: txn)
                    if n % 7 == 0 { throw Planted(n: n) }  // after writing: the write must vanish
                    return Int64(n) * 10
                }
                outcome = .success(value)
            } catch let planted as Planted {
                outcome = .failure(planted)
            } catch {
                Issue.record("unexpected \(error)")
                return
            }
            results.withLock { $0[n] = outcome }
        }
        let all = results.withLock { $0 }
        #expect(all.count == 400)
        for (n, outcome) in all {
            if n % 7 == 0 { #expect(outcome == .failure(Planted(n: n))) } else { #expect(outcome == .success(Int64(n) * 10)) }
        }
        try store.read { (txn) throws in
            #expect(try counters.count(in: txn) == 400 - (0..<400).filter { $0 % 7 == 0 }.count)
            #expect(try counters.get("c7", in: txn) == nil)
            #expect(try counters.get("c8", in: txn)?.value == 8)
        }
        #expect(try store.checkIntegrity() == [])
    }

    @Test func waitingWritesShareOneCommit() throws {
        let t = try TemporaryStore()  // durable: one fsync per batch
        let store = t.store!
        let counters = try t.counters
        let started = DispatchSemaphore(value: 0)
        let leader = Thread.detachNewThreadWithResult {
            try! store.groupWrite { txn in
                started.signal()
                usleep(100_000)  // the leader's batch is busy; the others queue meanwhile
                try counters.insert(Counter(name: "leader", value: 0), in: txn)
            }
            return 0
        }
        started.wait()
        // Real threads (concurrentPerform runs only as many as there are cores), queued while the
        // leader's batch is busy.
        let writers = (0..<20).map { n in
            Thread.detachNewThreadWithResult {
                (try? store.groupWrite { txn in try counters.insert(Counter(name: "w\(n)", value: Int64(n)), in: txn) }) != nil ? 1 : 0
            }
        }
        #expect(writers.map { $0.wait() }.reduce(0, +) == 20)
        _ = leader.wait()
        let sizes = store.environment.committer.batchSizes.withLock { $0 }
        #expect(sizes.first == 1)
        #expect(sizes.dropFirst().contains { $0 > 1 }, "queued writes were batched: \(sizes)")
        #expect(sizes.reduce(0, +) == 21)
        let stats = try store.stats()
        #expect(stats.groupCommitBatches == sizes.count && stats.groupCommitWrites == 21)
        #expect(try store.read { txn in try counters.count(in: txn) } == 21)
    }

    /// Durable-sales: a commit skips the meta page's sync only when every write in it is undoable
    /// (a hold); in the durable mode, never.
    @Test func durableSalesDefersTheMetaSyncOfUndoableBatchesOnly() throws {
        let t = try TemporaryStore(options: StoreOptions(durability: .durableSales))
        let store = t.store!
        let counters = try t.counters
        let lazy = { store.environment.lazyMetaCommits.withLock { $0 } }
        try store.groupWrite(undoable: true) { txn in try counters.insert(Counter(name: "hold", value: 1), in: txn) }
        #expect(lazy() == 1)
        try store.groupWrite { txn in try counters.insert(Counter(name: "sale", value: 1), in: txn) }
        try store.write { txn in try counters.insert(Counter(name: "refund", value: 1), in: txn) }
        #expect(lazy() == 1)
        try store.write(undoable: true) { txn in try counters.insert(Counter(name: "hold2", value: 1), in: txn) }
        #expect(lazy() == 2)
        // An undoable write batched with one that is not is synced whole.
        let started = DispatchSemaphore(value: 0)
        let leader = Thread.detachNewThreadWithResult {
            try! store.groupWrite(undoable: true) { txn in
                started.signal()
                usleep(100_000)  // the others queue meanwhile, and then commit as one batch
                try counters.insert(Counter(name: "leader", value: 0), in: txn)
            }
            return 0
        }
        started.wait()
        let queued = [true, false].enumerated().map { n, undoable in
            Thread.detachNewThreadWithResult {
                (try? store.groupWrite(undoable: undoable) { txn in try counters.insert(Counter(name: "q\(n)", value: 0), in: txn) }) != nil ? 1 : 0
            }
        }
        #expect(queued.map { $0.wait() }.reduce(0, +) == 2)
        _ = leader.wait()
        let sizes = store.environment.committer.batchSizes.withLock { $0 }
        #expect(sizes.suffix(2) == [1, 2], "the two queued writes shared a batch: \(sizes)")
        #expect(lazy() == 3, "the leader's lone hold was lazy, the mixed batch was not")
        #expect(try store.read { txn in try counters.count(in: txn) } == 7)
        #expect(try store.checkIntegrity() == [])

        let durable = try TemporaryStore()
        try durable.store!.groupWrite(undoable: true) { txn in try durable.counters.insert(Counter(name: "hold", value: 1), in: txn) }
        #expect(durable.store!.environment.lazyMetaCommits.withLock { $0 } == 0)
    }

    @Test func aBatchThatFillsTheMapGrowsItAndRunsAgain() throws {
        let t = try TemporaryStore(options: StoreOptions(initialMapSize: 1 << 20, durability: .async))
        let store = t.store!
        let blobs = try t.blobs
        let payload = [UInt8](repeating: 3, count: 96 << 10)
        DispatchQueue.concurrentPerform(iterations: 40) { _ in
            _ = try! store.groupWrite { txn in try blobs.insert(Blob(id: ids.next(), payload: payload), in: txn) }
        }
        #expect(try store.read { txn in try blobs.count(in: txn) } == 40)
        #expect(try store.stats().mapSize > 1 << 20)
        #expect(try store.checkIntegrity() == [])
    }

    @Test func misuseIsRefused() throws {
        let t = try TemporaryStore()
        #expect(throws: StoreError.nestedTransaction) { try t.store.read { _ in try t.store.groupWrite { _ in } } }
        let readOnly = try Store(path: t.path, schema: SampleSchema.v1, options: StoreOptions(readOnly: true))
        #expect(throws: StoreError.readOnly(path: t.path)) { try readOnly.groupWrite { _ in } }
    }
}
