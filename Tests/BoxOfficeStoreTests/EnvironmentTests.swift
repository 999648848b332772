import CLMDB
import Foundation
import StoreTestSupport
import Synchronization
import Testing

@testable import BoxOfficeStore

@Suite struct EnvironmentTests {
    @Test func oneEnvironmentPerFileWhateverThePath() throws {
        let t = try TemporaryStore()
        let link = temporaryStorePath("link")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: t.path)
        defer { try? FileManager.default.removeItem(atPath: link) }
        let again = try Store(path: t.path, schema: SampleSchema.v1)
        let viaLink = try Store(path: link, schema: SampleSchema.v1)
        #expect(again.environment === t.store.environment)
        #expect(viaLink.environment === t.store.environment)
        // Writes through one are seen through the others.
        try viaLink.write { txn in try viaLink.table(SampleSchema.counters).insert(Counter(name: "c", value: 1), in: txn) }
        #expect(try t.store.read { txn in try t.counters.get("c", in: txn)?.value } == 1)
    }

    @Test func sharingRequiresCompatibleOptions() throws {
        let t = try TemporaryStore()
        #expect(throws: StoreError.incompatibleOptions(path: t.path, reason: "it is open with durability durable, not async")) {
            try Store(path: t.path, schema: SampleSchema.v1, options: StoreOptions(durability: .async))
        }
        // A read-only store may share a writable environment; it still refuses writes.
        let reader = try Store(path: t.path, schema: SampleSchema.v1, options: StoreOptions(readOnly: true))
        #expect(throws: StoreError.readOnly(path: t.path)) { try reader.write { _ in } }

        let path = temporaryStorePath()
        _ = try Store(path: path, schema: SampleSchema.v1)  // create, then close
        let readOnly = try Store(path: path, schema: SampleSchema.v1, options: StoreOptions(readOnly: true))
        #expect(throws: StoreError.self) { try Store(path: path, schema: SampleSchema.v1) }
        _ = readOnly
    }

    @Test func theFileClosesWithItsLastStore() throws {
        let path = temporaryStorePath()
        weak var first: Environment?
        do {
            let a = try Store(path: path, schema: SampleSchema.v1)
            let b = try Store(path: path, schema: SampleSchema.v1)
            first = a.environment
            _ = b
        }
        #expect(first == nil)
        let reopened = try Store(path: path, schema: SampleSchema.v1, options: StoreOptions(durability: .async))
        #expect(reopened.options.durability == .async)
    }

    @Test func badPathsGiveTypedErrors() throws {
        let dir = temporaryStorePath("bad")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }

        let file = dir + "/plain-file"
        _ = FileManager.default.createFile(atPath: file, contents: Data("hello".utf8))
        #expect(throws: StoreError.notADirectory(path: file)) { try Store(path: file, schema: SampleSchema.v1) }

        let garbage = dir + "/garbage"
        try FileManager.default.createDirectory(atPath: garbage, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: garbage + "/data.mdb", contents: Data(repeating: 0x41, count: 8192))
        for readOnly in [false, true] {
            #expect(throws: StoreError.notAStore(path: garbage, reason: "data.mdb is not an LMDB data file")) {
                try Store(path: garbage, schema: SampleSchema.v1, options: StoreOptions(readOnly: readOnly))
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: garbage + "/data.mdb")) == Data(repeating: 0x41, count: 8192))

        let empty = dir + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        #expect(throws: StoreError.notAStore(path: empty, reason: "it holds no data.mdb")) {
            try Store(path: empty, schema: SampleSchema.v1, options: StoreOptions(readOnly: true))
        }
        #expect(throws: StoreError.doesNotExist(path: dir + "/missing")) {
            try Store(path: dir + "/missing", schema: SampleSchema.v1, options: StoreOptions(readOnly: true))
        }
        // mustExist refuses what readOnly refuses, and creates nothing; an existing store opens.
        #expect(throws: StoreError.doesNotExist(path: dir + "/missing")) {
            try Store(path: dir + "/missing", schema: SampleSchema.v1, options: StoreOptions(mustExist: true))
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/missing"))
        #expect(throws: StoreError.notAStore(path: empty, reason: "it holds no data.mdb")) {
            try Store(path: empty, schema: SampleSchema.v1, options: StoreOptions(mustExist: true))
        }
        FileManager.default.createFile(atPath: empty + "/data.mdb", contents: Data())
        #expect(throws: StoreError.notAStore(path: empty, reason: "its data.mdb is empty")) {
            try Store(path: empty, schema: SampleSchema.v1, options: StoreOptions(mustExist: true))
        }
        // Without mustExist too: an empty data file is not a new store to start in its place
        // (it was cut short), unless another process fills it meanwhile.
        #expect(throws: StoreError.notAStore(path: empty, reason: "its data.mdb is empty: cut short, or a store whose creation never finished (remove its files to start afresh)")) {
            try Store(path: empty, schema: SampleSchema.v1)
        }
        try FileManager.default.removeItem(atPath: empty + "/data.mdb")

        // A plain LMDB environment that BoxOffice did not write has no catalog.
        let foreign = dir + "/foreign"
        try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: true)
        var env: OpaquePointer?
        mdb_env_create(&env)
        #expect(mdb_env_open(env, foreign, 0, 0o600) == 0)
        mdb_env_close(env)
        #expect(throws: StoreError.notAStore(path: foreign, reason: "it has no BoxOffice catalog")) {
            try Store(path: foreign, schema: SampleSchema.v1, options: StoreOptions(readOnly: true))
        }
        // An empty environment may become a store; one of its own (DamagedFileTests) may not.
        _ = try Store(path: foreign, schema: SampleSchema.v1)

        // Not writable even for root: sysfs refuses new files.
        for path in ["/sys/boxoffice-test", "/sys/kernel"] {
            #expect {
                try Store(path: path, schema: SampleSchema.v1)
            } throws: { error in
                guard case StoreError.notWritable(let p, _) = error else { return false }
                return p == path
            }
        }
    }

    @Test func badOptionsAreRejectedBeforeAnythingIsCreated() throws {
        let path = temporaryStorePath("options")
        let bad: [(StoreOptions, String)] = [
            (StoreOptions(initialMapSize: 0), "initialMapSize must be positive, not 0"),
            (StoreOptions(initialMapSize: 1 << 30, maxMapSize: 1 << 20), "maxMapSize (1048576) is below initialMapSize (1073741824)"),
            (StoreOptions(maxReaders: 0), "maxReaders must be in 1...65536, not 0"),
            (StoreOptions(maxTables: -1), "maxTables must be in 1...32000, not -1"),
            (StoreOptions(fileMode: 0o4777), "fileMode must be permission bits (0...0o777), not 4777"),
            (StoreOptions(fileMode: 0), "fileMode must let the owner read and write (0o600 at least), not 0o0"),
            (StoreOptions(maxRecordSize: 0), "maxRecordSize must be positive, not 0"),
        ]
        for (options, reason) in bad {
            #expect(throws: StoreError.invalidArgument(reason)) { try Store(path: path, schema: SampleSchema.v1, options: options) }
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func filesAreCreatedPrivate() throws {
        let t = try TemporaryStore()
        let attributes = try FileManager.default.attributesOfItem(atPath: t.path + "/data.mdb")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func writesTwentyTimesTheInitialMapSize() throws {
        let initial = 1 << 20
        let t = try TemporaryStore(options: StoreOptions(initialMapSize: initial))
        let blobs = try t.blobs
        let payload = [UInt8](repeating: 0xAB, count: 64 << 10)
        // Readers on other threads keep transactions coming while the map grows under them.
        let store = t.store!
        let stop = Atomic(false)
        let readers = (0..<3).map { _ in
            Thread.detachNewThreadWithResult {
                var reads = 0
                while !stop.load(ordering: .relaxed) {
                    _ = try? store.read { txn in try blobs.count(in: txn) }
                    reads += 1
                }
                return reads
            }
        }
        var written = 0
        while written < 20 * initial {
            try t.store.write { txn in
                for _ in 0..<4 { try blobs.insert(Blob(id: ids.next(), payload: payload), in: txn) }
            }
            written += 4 * payload.count
        }
        stop.store(true, ordering: .relaxed)
        #expect(readers.allSatisfy { $0.wait() > 0 })
        let stats = try t.store.stats()
        #expect(stats.mapSize >= 20 * initial)
        #expect(stats.tables.first { $0.name == "blobs" }?.entries == 20 * initial / payload.count)
        #expect(try t.store.checkIntegrity() == [])
    }

    @Test func theMapStopsAtItsLimit() throws {
        let t = try TemporaryStore(options: StoreOptions(initialMapSize: 1 << 20, maxMapSize: 2 << 20))
        let blobs = try t.blobs
        let payload = [UInt8](repeating: 1, count: 256 << 10)
        var stored = 0
        #expect(throws: StoreError.mapSizeLimit(path: t.path, limit: 2 << 20)) {
            for _ in 0..<16 {
                try t.store.write { txn in try blobs.insert(Blob(id: ids.next(), payload: payload), in: txn) }
                stored += 1
            }
        }
        #expect(stored > 0)
        #expect(try t.store.read { txn in try blobs.count(in: txn) } == stored)
    }

    @Test func injectedMapFullGrowsAndRetries() throws {
        let t = try TemporaryStore()
        let before = try t.store.stats().mapSize
        var runs = 0
        t.store.environment.faults.arm(.put, code: MDB_MAP_FULL)
        try t.store.write { txn in
            runs += 1
            try t.counters.insert(Counter(name: "once", value: 1), in: txn)
        }
        #expect(runs == 2)
        #expect(try t.store.stats().mapSize == 2 * before)
        #expect(try t.store.read { txn in try t.counters.count(in: txn) } == 1)
    }

    @Test func aFailedCommitWritesNothing() throws {
        let t = try TemporaryStore()
        t.store.environment.faults.arm(.commit, code: EIO)
        #expect(throws: StoreError.self) {
            try t.store.write { txn in try t.counters.insert(Counter(name: "c", value: 1), in: txn) }
        }
        #expect(try t.store.read { txn in try t.counters.count(in: txn) } == 0)
    }

    @Test func aFullDiskIsToldApartFromAFailingOne() throws {
        let t = try TemporaryStore()
        t.store.environment.faults.arm(.commit, code: ENOSPC)
        #expect {
            try t.store.write { txn in try t.counters.insert(Counter(name: "c", value: 1), in: txn) }
        } throws: { error in
            guard case StoreError.diskFull(let path, let operation) = error else { return false }
            return path == t.path && operation.contains("mdb_txn_commit") && "\(error)".contains("nothing was written")
        }
        t.store.environment.faults.arm(.commit, code: EIO)  // this disk has room: a plain I/O error
        #expect {
            try t.store.write { txn in try t.counters.insert(Counter(name: "c", value: 1), in: txn) }
        } throws: { error in
            guard case StoreError.lmdb(let failure) = error else { return false }
            return failure.code.rawValue == EIO
        }
        try t.store.write { txn in try t.counters.insert(Counter(name: "c", value: 1), in: txn) }  // room again
        #expect(try t.store.read { txn in try t.counters.count(in: txn) } == 1)
    }

    /// After MDB_PANIC (LMDB's answer to a failed meta-page write) the environment is reopened
    /// with the same database handles, and writing and reading go on.
    @Test func aPanickedEnvironmentIsReopened() throws {
        let t = try TemporaryStore()
        let counters = try t.counters, people = try t.people
        try t.store.write { txn in
            try counters.insert(Counter(name: "before", value: 1), in: txn)
            try people.insert(person(1), in: txn)
        }
        _ = try t.store.read { txn in try counters.count(in: txn) }  // an idle reader of the old environment
        t.store.environment.faults.arm(.beginWrite, code: MDB_PANIC)
        try t.store.write { txn in try counters.insert(Counter(name: "after", value: 2), in: txn) }
        #expect(t.store.environment.generation == 1)
        t.store.environment.faults.arm(.beginRead, code: MDB_PANIC)
        #expect(try t.store.read { txn in try counters.count(in: txn) } == 2)
        #expect(t.store.environment.generation == 2)
        #expect(try t.store.read { txn in try people.count(in: txn) } == 1)
        #expect(try t.store.checkIntegrity() == [])
    }

    @Test func transactionsDoNotNest() throws {
        let t = try TemporaryStore()
        #expect(throws: StoreError.nestedTransaction) { try t.store.read { _ in try t.store.read { _ in } } }
        #expect(throws: StoreError.nestedTransaction) { try t.store.write { _ in try t.store.write { _ in } } }
        #expect(throws: StoreError.nestedTransaction) { try t.store.read { _ in try t.store.write { _ in } } }
        try t.store.write { _ in }  // the thread is usable again
    }

    @Test func threadsShareOneStore() throws {
        let t = try TemporaryStore(options: StoreOptions(durability: .async))
        let counters = try t.counters
        try t.store.write { txn in try counters.insert(Counter(name: "n", value: 0), in: txn) }
        let store = t.store!
        let writers = (0..<8).map { _ in
            Thread.detachNewThreadWithResult {
                for _ in 0..<100 {
                    try! store.write { txn in
                        var c = try counters.get("n", in: txn)!
                        c.value += 1
                        try counters.update(c, in: txn)
                    }
                }
                return 0
            }
        }
        let readers = (0..<4).map { _ in
            Thread.detachNewThreadWithResult {
                var last: Int64 = 0
                var monotonic = true
                for _ in 0..<300 {
                    let now = try! store.read { txn in try counters.get("n", in: txn)!.value }
                    monotonic = monotonic && now >= last
                    last = now
                }
                return monotonic ? 1 : 0
            }
        }
        writers.forEach { _ = $0.wait() }
        #expect(readers.allSatisfy { $0.wait() == 1 })
        let final = try t.store.read { txn in try counters.get("n", in: txn) }
        #expect(final?.value == 800)
        #expect(final?.version == 801)
    }

    @Test func hotBackupIsCompactAndConsistent() throws {
        let t = try TemporaryStore(options: StoreOptions(durability: .async))
        let people = try t.people
        try t.store.write { txn in for n in 0..<300 { try people.insert(person(n), in: txn) } }
        try t.store.write { txn in for p in try people.scan(limit: 250, in: txn).items { try people.delete(p.id, in: txn) } }
        let store = t.store!
        let writer = Thread.detachNewThreadWithResult {
            for n in 1000..<1100 { try! store.write { txn in try people.insert(person(n), in: txn) } }
            return 0
        }
        let destination = temporaryStorePath("backup")
        defer { try? FileManager.default.removeItem(atPath: destination) }
        try t.store.backup(to: destination)
        _ = writer.wait()
        let copy = try Store(path: destination, schema: SampleSchema.v1, options: StoreOptions(readOnly: true))
        #expect(try copy.checkIntegrity() == [])
        let count = try copy.read { txn in try copy.table(SampleSchema.people).count(in: txn) }
        #expect((50...150).contains(count))
        #expect(try copy.stats().fileSize <= (try t.store.stats().fileSize))
        #expect(throws: StoreError.self) { try t.store.backup(to: destination) }  // never overwrites
    }

    @Test func statsCountTablesAndIndexes() throws {
        let t = try TemporaryStore()
        try t.store.write { txn in
            try t.people.insert(person(1, nickname: "x"), in: txn)
            try t.people.insert(person(2), in: txn)
        }
        let stats = try t.store.stats()
        #expect(stats.pageSize == 4096)
        #expect(stats.mapUsed > 0 && stats.mapUsed <= stats.mapSize)
        #expect(stats.schemaVersion == 1 && stats.formatVersion == 1 && stats.durability == .durable)
        let people = try #require(stats.tables.first { $0.name == "people" })
        #expect(people.entries == 2)
        #expect(people.indexes.map(\.entries) == [2, 2, 2, 1])
        #expect(people.indexes.map(\.name) == ["email", "place", "age_desc", "nickname"])
    }

    @Test(arguments: Durability.allCases)
    func everyDurabilityModeCommits(mode: Durability) throws {
        let t = try TemporaryStore(options: StoreOptions(durability: mode))
        try t.store.write { txn in try t.counters.insert(Counter(name: "d", value: 1), in: txn) }
        try t.store.sync()
        let path = t.path
        t.store = nil
        let reopened = try Store(path: path, schema: SampleSchema.v1)
        #expect(try reopened.read { txn in try reopened.table(SampleSchema.counters).count(in: txn) } == 1)
    }

    @Test func mdbStatReadsTheFile() throws {
        let t = try TemporaryStore()
        try t.store.write { txn in try t.people.insert(person(1), in: txn) }
        let output = try runProcess("/usr/bin/mdb_stat", ["-a", t.path])
        #expect(output.status == 0)
        for name in ["__catalog", "t.people", "i.people.email", "i.people.place"] {
            #expect(output.stdout.contains("Status of \(name)"))
        }
    }
}

extension Thread {
    /// Runs `body` on a new thread; `wait()` joins it and returns its result.
    static func detachNewThreadWithResult<T: Sendable>(_ body: @escaping @Sendable () -> T) -> Joinable<T> {
        let joinable = Joinable<T>()
        Thread.detachNewThread { joinable.finish(body()) }
        return joinable
    }
}

final class Joinable<T: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: T?

    func finish(_ value: T) {
        condition.lock()
        result = value
        condition.broadcast()
        condition.unlock()
    }

    func wait() -> T {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return result!
    }
}

struct ProcessOutput {
    var status: Int32
    var stdout: String
    var stderr: String
}

func runProcess(_ executable: String, _ arguments: [String]) throws -> ProcessOutput {
    let run = try runProgram(executable, arguments)
    return ProcessOutput(status: run.status, stdout: run.stdout, stderr: run.stderr)
}
