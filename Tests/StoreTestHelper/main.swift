// A second process for the multi-process tests. Usage: StoreTestHelper COMMAND PATH [ARGS]
import BoxOfficeStore
import Foundation
import StoreTestSupport
import Synchronization

func run() throws {
    let args = CommandLine.arguments
    guard args.count >= 3 else {
        FileHandle.standardError.write(Data("usage: StoreTestHelper grow|hold-reader|read-busy|read-idle|increment|write-async|write-fixture PATH [N [N]]\n".utf8))
        exit(2)
    }
    let path = args[2]
    let n = args.count > 3 ? Int(args[3]) ?? 0 : 0
    switch args[1] {
    case "grow":
        // Writes N blobs of 64 KiB, growing the map far past its initial size.
        let store = try Store(path: path, schema: SampleSchema.v1, options: StoreOptions(initialMapSize: 1 << 20))
        let blobs = try store.table(SampleSchema.blobs)
        let ids = UUIDv7Generator()
        for _ in 0..<n {
            try store.write { txn in try blobs.insert(Blob(id: ids.next(), payload: [UInt8](repeating: 7, count: 64 << 10)), in: txn) }
        }
        print(try store.stats().mapSize)
    case "hold-reader":
        // Opens a read transaction and waits to be killed, leaving a stale reader slot. N, if
        // given, is maxReaders.
        let store = try Store(path: path, schema: SampleSchema.v1, options: StoreOptions(maxReaders: n > 0 ? n : 126))
        try store.read { _ in
            print("ready")
            fflush(nil)
            while true { sleep(60) }
        }
    case "read-busy":
        // Reads in a loop from one thread, without pause, until killed; says "ready" after the
        // first read. N, if given, is maxReaders.
        let store = try Store(path: path, schema: SampleSchema.v1, options: StoreOptions(maxReaders: n > 0 ? n : 126))
        let counters = try store.table(SampleSchema.counters)
        _ = try store.read { txn in try counters.count(in: txn) }
        print("ready")
        fflush(nil)
        while true { _ = try store.read { txn in try counters.count(in: txn) } }
    case "read-idle":
        // Reads from N threads at once (500 reads each), says "ready", then idles until killed.
        // The second number, if given, is maxReaders.
        let maxReaders = args.count > 4 ? Int(args[4]) ?? 126 : 126
        let store = try Store(path: path, schema: SampleSchema.v1, options: StoreOptions(maxReaders: maxReaders))
        let counters = try store.table(SampleSchema.counters)
        let failures = Mutex(0)
        let threads = (0..<max(1, n)).map { _ in
            Thread {
                for _ in 0..<500 {
                    do { _ = try store.read { txn in try counters.count(in: txn) } } catch {
                        failures.withLock { $0 += 1 }
                        FileHandle.standardError.write(Data("read failed: \(error)\n".utf8))
                    }
                }
            }
        }
        threads.forEach { $0.start() }
        while threads.contains(where: { !$0.isFinished }) { usleep(1_000) }
        print(failures.withLock { $0 } == 0 ? "ready" : "failed")
        fflush(nil)
        while true { sleep(60) }
    case "increment":
        // N read-modify-write transactions on one counter.
        let store = try Store(path: path, schema: SampleSchema.v1)
        let counters = try store.table(SampleSchema.counters)
        for _ in 0..<n {
            try store.write { txn in
                var counter = try counters.get("shared", in: txn) ?? Counter(name: "shared", value: 0)
                counter.value += 1
                try counters.upsert(counter, in: txn)
            }
        }
    case "write-async":
        // Writes for N milliseconds in async mode, as fast as it can: pages are freed and reused
        // at every commit, which is what an opener's page checks must tell from damage.
        let store = try Store(path: path, schema: SampleSchema.v1, options: StoreOptions(durability: .async))
        let people = try store.table(SampleSchema.people)
        let ids = UUIDv7Generator()
        print("ready")
        fflush(nil)
        let end = Date().addingTimeInterval(Double(n) / 1000)
        var written = 0
        while Date() < end {
            try store.write { txn in
                for i in 0..<20 { try people.insert(Person(id: ids.next(), email: "w\(getpid())-\(written)-\(i)@example.org", name: "W", country: "FR", city: "Paris", age: 30, nickname: nil), in: txn) }
                if let old = try people.scan(limit: 10, in: txn).items.first { try people.delete(old.id, in: txn) }
            }
            written += 1
        }
    case "write-fixture":
        // The committed fixture under Tests/BoxOfficeStoreTests/Fixtures was written by this.
        let store = try Store(path: path, schema: SampleSchema.v1)
        let people = try store.table(SampleSchema.people)
        let counters = try store.table(SampleSchema.counters)
        try store.write { txn in
            for person in SampleSchema.fixturePeople() { try people.insert(person, in: txn) }
            try counters.insert(Counter(name: "fixture", value: 1), in: txn)
        }
    default:
        FileHandle.standardError.write(Data("unknown command \(args[1])\n".utf8))
        exit(2)
    }
}

do { try run() } catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
