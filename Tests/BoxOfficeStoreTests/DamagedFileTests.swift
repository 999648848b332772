import CLMDB
import Foundation
import Glibc
import StoreTestSupport
import Testing

@testable import BoxOfficeStore

/// Untrusted files: damaged, cut short or someone else's, they are refused with a typed error or
/// reported by the integrity check. Never a crash (a crash fails the whole test run), and never a
/// write into them.
@Suite struct DamagedFileTests {
    /// A store with some rows in every table, closed, as the bytes of its data.mdb.
    static let pristine: [UInt8] = {
        let path = temporaryStorePath("pristine")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try! Store(path: path, schema: SampleSchema.v1, options: StoreOptions(durability: .async))
        let people = try! store.table(SampleSchema.people)
        let counters = try! store.table(SampleSchema.counters)
        let blobs = try! store.table(SampleSchema.blobs)
        try! store.write { txn in
            for n in 0..<400 { try people.insert(person(n, nickname: n % 3 == 0 ? "nick\(n)" : nil), in: txn) }
            for n in 0..<50 { try counters.insert(Counter(name: "c\(n)", value: Int64(n)), in: txn) }
            try blobs.insert(Blob(id: ids.next(), payload: [UInt8](repeating: 9, count: 20_000)), in: txn)  // overflow pages
        }
        try! store.sync()
        return Array(try! Data(contentsOf: URL(fileURLWithPath: path + "/data.mdb")))
    }()

    /// A directory holding `bytes` as its data.mdb; removed when the test ends.
    final class DamagedCopy {
        let path = temporaryStorePath("damaged")
        init(_ bytes: [UInt8]) throws {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: path + "/data.mdb"))
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        var bytes: [UInt8] { Array((try? Data(contentsOf: URL(fileURLWithPath: path + "/data.mdb"))) ?? Data()) }
    }

    func expectDamaged(_ bytes: [UInt8], _ phrase: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let copy = try DamagedCopy(bytes)
        for readOnly in [true, false] {
            #expect(sourceLocation: sourceLocation) {
                try Store(path: copy.path, schema: SampleSchema.v1, options: StoreOptions(readOnly: readOnly))
            } throws: { error in
                guard case StoreError.damaged(let path, let reason) = error else { return false }
                return path == copy.path && reason.contains(phrase) && "\(error)".contains("restore it from a backup")
            }
        }
        #expect(copy.bytes == bytes, "the damaged file was written to", sourceLocation: sourceLocation)
    }

    @Test func aFileCutShortIsRefused() throws {
        let page = 4096
        try expectDamaged(Array(Self.pristine.prefix(2 * page)), "cut short")
        try expectDamaged(Array(Self.pristine.prefix(Self.pristine.count / 2)), "cut short")
        try expectDamaged(Array(Self.pristine.prefix(Self.pristine.count - page)), "cut short")
        try expectDamaged(Array(Self.pristine.prefix(page + 100)), "ends before its second meta page")
    }

    @Test func aDamagedMetaPageIsRefused() throws {
        var zeroed = Self.pristine
        for i in 32..<152 { zeroed[i] = 0 }  // the first meta page's sizes, roots, last page and txnid
        try expectDamaged(zeroed, "first meta page is damaged")

        var odd = Self.pristine
        withUnsafeBytes(of: UInt32(1000)) { for (i, b) in $0.enumerated() { odd[40 + i] = b } }  // page size 1000
        try expectDamaged(odd, "page size 1000")

        var big = Self.pristine
        for offset in [40, 4096 + 40] { withUnsafeBytes(of: UInt32(8192)) { for (i, b) in $0.enumerated() { big[offset + i] = b } } }
        try expectDamaged(big, "second meta page is damaged")

        var root = Self.pristine
        for offset in [128, 4096 + 128] { withUnsafeBytes(of: UInt64(1 << 40)) { for (i, b) in $0.enumerated() { root[offset + i] = b } } }
        try expectDamaged(root, "main database root")
    }

    /// After a failed commit LMDB writes the older meta page back with new roots and an old
    /// transaction id; it never uses that page, so neither may the check refuse the file for it.
    @Test func theOlderMetaPageMayHoldRootsLMDBNeverUses() throws {
        var bytes = Self.pristine
        let older = txnid(bytes, 0) < txnid(bytes, 4096) ? 0 : 4096
        withUnsafeBytes(of: UInt64(1 << 30)) { for (i, b) in $0.enumerated() { bytes[older + 80 + i] = b } }  // free root
        let copy = try DamagedCopy(bytes)
        let store = try Store(path: copy.path, schema: SampleSchema.v1, options: StoreOptions(readOnly: true))
        #expect(try store.checkIntegrity() == [])
        #expect(try store.read { txn in try store.table(SampleSchema.people).count(in: txn) } == 400)
    }

    @Test func aMetaPageFromAnotherFileIsCaught() throws {
        // Another store's newest meta page, pasted over this one's: its roots point at pages that
        // hold something else here.
        let other = try TemporaryStore(options: StoreOptions(durability: .async))
        try other.store.write { txn in for n in 0..<3_000 { try other.people.insert(person(n), in: txn) } }
        for _ in 0..<5 { try other.store.write { txn in try other.counters.upsert(Counter(name: "x", value: 1), in: txn) } }
        try other.store.sync()
        let foreign = Array(try Data(contentsOf: URL(fileURLWithPath: other.path + "/data.mdb")))
        var spliced = Self.pristine
        let newest = [0, 4096].max { txnid(foreign, $0) < txnid(foreign, $1) }!
        for i in 0..<4096 { spliced[i] = foreign[newest + i] }
        spliced[0] = 0  // it is page 0 here
        spliced.replaceSubrange(0..<8, with: [UInt8](repeating: 0, count: 8))
        let copy = try DamagedCopy(spliced)
        do {
            let store = try Store(path: copy.path, schema: SampleSchema.v1, options: StoreOptions(readOnly: true))
            let problems = try store.checkIntegrity()
            #expect(problems.contains { $0.kind == .damagedPage }, "\(problems.prefix(3))")
        } catch let error as StoreError {
            switch error {
            case .damaged, .corruptRecord, .tableNotInCatalog, .notAStore: break
            default: Issue.record("unexpected \(error)")
            }
        }
    }

    func txnid(_ bytes: [UInt8], _ offset: Int) -> UInt64 {
        bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + 144, as: UInt64.self) }
    }

    @Test func anotherProgramsLMDBFileIsNeverWrittenTo() throws {
        let path = temporaryStorePath("foreign")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        var env: OpaquePointer?
        mdb_env_create(&env)
        mdb_env_set_maxdbs(env, 4)
        #expect(mdb_env_open(env, path, 0, 0o600) == 0)
        var txn: OpaquePointer?
        mdb_txn_begin(env, nil, 0, &txn)
        var dbi = MDB_dbi()
        mdb_dbi_open(txn, "their_accounts", UInt32(MDB_CREATE), &dbi)
        var key = Array("alice".utf8), value = Array("42".utf8)
        key.withUnsafeMutableBytes { k in
            value.withUnsafeMutableBytes { v in
                var mk = MDB_val(mv_size: k.count, mv_data: k.baseAddress), mv = MDB_val(mv_size: v.count, mv_data: v.baseAddress)
                _ = mdb_put(txn, dbi, &mk, &mv, 0)
            }
        }
        #expect(mdb_txn_commit(txn) == 0)
        mdb_env_close(env)
        let before = try Data(contentsOf: URL(fileURLWithPath: path + "/data.mdb"))

        for readOnly in [false, true] {
            #expect {
                try Store(path: path, schema: SampleSchema.v1, options: StoreOptions(readOnly: readOnly))
            } throws: { error in
                guard case StoreError.notAStore(_, let reason) = error else { return false }
                return reason.contains("other data") && reason.contains("'their_accounts'")
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path + "/data.mdb")) == before)
    }

    @Test func aTransactionIdOutOfAnyRangeIsDamageNotATrap() throws {
        var bytes = Self.pristine
        let newer = txnid(bytes, 0) > txnid(bytes, 4096) ? 0 : 4096
        for i in 148..<152 { bytes[newer + i] = 0xFF }
        try expectDamaged(bytes, "transaction id")
    }

    @Test func aDataFileThatIsNotAFileIsRefusedWithoutBlocking() throws {
        for kind in ["fifo", "directory"] {
            let path = temporaryStorePath(kind)
            defer { try? FileManager.default.removeItem(atPath: path) }
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            if kind == "fifo" { #expect(mkfifo(path + "/data.mdb", 0o600) == 0) } else {
                try FileManager.default.createDirectory(atPath: path + "/data.mdb", withIntermediateDirectories: true)
            }
            for readOnly in [true, false] {
                #expect(throws: StoreError.notAStore(path: path, reason: "its data.mdb is not a regular file"), "\(kind)") {
                    try Store(path: path, schema: SampleSchema.v1, options: StoreOptions(readOnly: readOnly))
                }
            }
        }
    }

    /// A sparse file may claim 2^30 pages while holding a few; checking it must not allocate
    /// for every page it claims.
    @Test func aSparseFileClaimingAHugeLastPageIsCheckedInLittleMemory() throws {
        var bytes = Self.pristine
        let lastPage: UInt64 = 1 << 30
        for meta in [0, 4096] {
            withUnsafeBytes(of: lastPage) { for (i, b) in $0.enumerated() { bytes[meta + 136 + i] = b } }
            withUnsafeBytes(of: (lastPage + 1) * 4096) { for (i, b) in $0.enumerated() { bytes[meta + 32 + i] = b } }  // map size
        }
        let copy = try DamagedCopy(bytes)
        let file = try FileHandle(forUpdating: URL(fileURLWithPath: copy.path + "/data.mdb"))
        try file.truncate(atOffset: (lastPage + 1) * 4096)
        try file.close()
        do {
            let store = try Store(path: copy.path, schema: SampleSchema.v1, options: StoreOptions(readOnly: true))
            _ = try store.checkIntegrity()
        } catch is StoreError {}  // refused or reported; what matters is no crash and no huge allocation
    }

    @Test func otherProgramsFilesWithValuesOrAFakeCatalogAreNotStores() throws {
        for shape in ["plain values", "fake catalog"] {
            let path = temporaryStorePath("foreign")
            defer { try? FileManager.default.removeItem(atPath: path) }
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            var env: OpaquePointer?
            mdb_env_create(&env)
            mdb_env_set_maxdbs(env, 4)
            #expect(mdb_env_open(env, path, 0, 0o600) == 0)
            var txn: OpaquePointer?
            mdb_txn_begin(env, nil, 0, &txn)
            var dbi = MDB_dbi()
            mdb_dbi_open(txn, shape == "plain values" ? nil : "__catalog", shape == "plain values" ? 0 : UInt32(MDB_CREATE), &dbi)
            var key = Array("alice".utf8), value = Array("42".utf8)
            key.withUnsafeMutableBytes { k in
                value.withUnsafeMutableBytes { v in
                    var mk = MDB_val(mv_size: k.count, mv_data: k.baseAddress), mv = MDB_val(mv_size: v.count, mv_data: v.baseAddress)
                    _ = mdb_put(txn, dbi, &mk, &mv, 0)
                }
            }
            #expect(mdb_txn_commit(txn) == 0)
            mdb_env_close(env)
            let before = try Data(contentsOf: URL(fileURLWithPath: path + "/data.mdb"))
            for readOnly in [true, false] {
                #expect(performing: {
                    try Store(path: path, schema: SampleSchema.v1, options: StoreOptions(readOnly: readOnly))
                }, throws: { error in
                    guard case StoreError.notAStore = error else { return false }
                    return true
                })
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: path + "/data.mdb")) == before, "\(shape)")
        }
    }

    /// Pages damaged while a process keeps the file open: backup and the integrity check read
    /// every page from the file before LMDB does, and refuse or report, never crash.
    @Test func backupAndCheckOfAFileDamagedWhileOpenRefuseInsteadOfCrashing() throws {
        let t = try TemporaryStore(options: StoreOptions(durability: .async))
        try t.store.write { txn in for n in 0..<2_000 { try t.people.insert(person(n), in: txn) } }
        try t.store.sync()
        let fd = open(t.path + "/data.mdb", O_WRONLY)
        let size = lseek(fd, 0, SEEK_END)
        let garbage = [UInt8](repeating: 0xA5, count: 4096)
        for page in stride(from: 4, to: Int(size) / 4096 - 1, by: 7) {
            _ = garbage.withUnsafeBytes { pwrite(fd, $0.baseAddress, 4096, off_t(page * 4096)) }
        }
        close(fd)
        #expect(try t.store.checkIntegrity().contains { $0.kind == .damagedPage })
        let backup = temporaryStorePath("backup-of-damaged")
        defer { try? FileManager.default.removeItem(atPath: backup) }
        #expect(performing: { try t.store.backup(to: backup) }, throws: { error in
            guard case StoreError.damaged = error else { return false }
            return true
        })
        #expect(!FileManager.default.fileExists(atPath: backup + "/data.mdb"))
    }

    @Test func aDamagedReaderTableIsReportedNotWalked() throws {
        let t = try TemporaryStore()
        let fd = open(t.path + "/lock.mdb", O_RDWR)
        defer { close(fd) }
        var saved: UInt32 = 0
        _ = pread(fd, &saved, 4, 56)  // mti_numreaders
        var garbage: UInt32 = 0x7FFF_FFFF
        _ = pwrite(fd, &garbage, 4, 56)
        #expect(performing: { try t.store.readers() }, throws: { error in
            guard case StoreError.lockFileDamaged(_, let detail) = error else { return false }
            return detail.contains("reader slots")
        })
        _ = pwrite(fd, &saved, 4, 56)
        #expect(try t.store.readers().count >= 0)
    }

    /// Random bytes changed in random pages: every open and check ends in a typed error or a
    /// report, never a crash. Seeds are fixed, so a failure replays.
    @Test(arguments: 0..<4)
    func flippedBytesAreReportedNotCrashedOn(batch: Int) throws {
        let pages = Self.pristine.count / 4096
        var detected = 0, refused = 0, unnoticed = 0
        for seed in (batch * 50)..<(batch * 50 + 50) {
            var rng = SplitMix64(seed: UInt64(seed))
            var bytes = Self.pristine
            let page = Int.random(in: 2..<pages, using: &rng)
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                let offset = page * 4096 + (Bool.random(using: &rng) ? Int.random(in: 0..<64, using: &rng) : Int.random(in: 0..<4096, using: &rng))
                bytes[offset] ^= UInt8.random(in: 1...255, using: &rng)
            }
            let copy = try DamagedCopy(bytes)
            do {
                let store = try Store(path: copy.path, schema: SampleSchema.v1, options: StoreOptions(readOnly: true))
                let problems = try store.checkIntegrity()
                if problems.isEmpty { unnoticed += 1 } else { detected += 1 }
            } catch is StoreError {
                refused += 1
            }
            #expect(copy.bytes == bytes)
        }
        // Most changes land in used bytes of a page; a few hit free space and change nothing read.
        #expect(detected + refused > 25, "detected \(detected), refused \(refused), unnoticed \(unnoticed)")
    }
}
