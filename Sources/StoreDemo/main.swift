// Fills demo.boxoffice/ with sample ticket sales from several threads, then reads them back
// through the indexes and checks the file. Usage: StoreDemo [PATH] [SALES]
import BoxOfficeStore
import Foundation

/// One sale of some tickets of a tier: the sample record.
struct Sale: Record {
    var id: UUID
    var event: String
    var tier: String
    var quantity: Int
    var amountMinor: Int64
    var kiosk: Int
    var soldAt: Int64
    var version: UInt64 = 0
    var primaryKey: UUID { id }

    init(id: UUID, event: String, tier: String, quantity: Int, amountMinor: Int64, kiosk: Int, soldAt: Int64) {
        self.id = id
        self.event = event
        self.tier = tier
        self.quantity = quantity
        self.amountMinor = amountMinor
        self.kiosk = kiosk
        self.soldAt = soldAt
    }

    func encode(to w: inout RecordWriter) {
        w.write(1, id); w.write(2, event); w.write(3, tier); w.write(4, quantity)
        w.write(5, amountMinor); w.write(6, kiosk); w.write(7, soldAt)
    }

    init(from r: RecordReader) throws {
        id = try r.required(1, "id"); event = try r(2) ?? ""; tier = try r(3) ?? ""; quantity = try r(4) ?? 0
        amountMinor = try r(5) ?? 0; kiosk = try r(6) ?? 0; soldAt = try r(7) ?? 0
    }
}

let sales = TableDefinition<Sale>("sales", indexes: [
    .nonUnique("event_tier") { Key($0.event, $0.tier) },
    .nonUnique("biggest") { Key(Descending($0.amountMinor)) },
])
let schema = Schema(version: 1, tables: [sales])

let events = [("Jazz Night", [("Standing", 2_500), ("Seated", 4_900), ("VIP", 12_000)]),
              ("Indie Fest", [("Day pass", 3_900), ("Weekend", 8_900)]),
              ("Chamber Choir", [("Nave", 1_800), ("Gallery", 2_600)])]

let arguments = CommandLine.arguments
let path = arguments.count > 1 ? arguments[1] : "demo.boxoffice"
let total = arguments.count > 2 ? Int(arguments[2]) ?? 20_000 : 20_000

do {
    let store = try Store(path: path, schema: schema)
    let table = try store.table(sales)
    let ids = UUIDv7Generator()
    let start = Date()

    // Four kiosks sell at once, 50 sales per transaction.
    let kiosks = 4
    let group = DispatchGroup()
    for kiosk in 0..<kiosks {
        group.enter()
        Thread.detachNewThread {
            defer { group.leave() }
            var rng = SystemRandomNumberGenerator()
            do {
                for _ in 0..<(total / kiosks / 50) {
                    try store.write { txn in
                        for _ in 0..<50 {
                            let (event, tiers) = events.randomElement(using: &rng)!
                            let (tier, price) = tiers.randomElement(using: &rng)!
                            let quantity = Int.random(in: 1...4, using: &rng)
                            try table.insert(Sale(id: ids.next(), event: event, tier: tier, quantity: quantity,
                                                  amountMinor: Int64(price * quantity), kiosk: kiosk,
                                                  soldAt: WallClock.system.now()), in: txn)
                        }
                    }
                }
            } catch {
                FileHandle.standardError.write(Data("kiosk \(kiosk): \(error)\n".utf8))
            }
        }
    }
    group.wait()
    let seconds = Date().timeIntervalSince(start)

    func money(_ minor: Int64) -> String { String(format: "%.2f", Double(minor) / 100) }
    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
    func padLeft(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }

    try store.read { txn in
        print("\(pad("event", 16))\(pad("tier", 11))\(padLeft("sales", 8))\(padLeft("tickets", 9))\(padLeft("revenue", 13))")
        for (event, tiers) in events {
            for (tier, _) in tiers {
                let rows = try table.scan(index: "event_tier", .prefix(Key(event, tier)), in: txn).items
                print("\(pad(event, 16))\(pad(tier, 11))\(padLeft(String(rows.count), 8))"
                      + "\(padLeft(String(rows.reduce(0) { $0 + $1.quantity }), 9))"
                      + "\(padLeft(money(rows.reduce(0) { $0 + $1.amountMinor }), 13))")
            }
        }
        let biggest = try table.scan(index: "biggest", limit: 1, in: txn).items[0]
        print("\nlargest sale: \(biggest.quantity) × \(biggest.tier) for \(biggest.event), \(money(biggest.amountMinor)) at kiosk \(biggest.kiosk)")
        print("sales in file: \(try table.count(in: txn))")
    }
    let stats = try store.stats()
    let problems = try store.checkIntegrity()
    print(String(format: "wrote %d sales from %d threads in %.2f s (durable commits of 50)", total / kiosks / 50 * 50 * kiosks, kiosks, seconds))
    print("file \(path)/data.mdb: \(stats.fileSize / 1024) KiB, map \(stats.mapSize >> 20) MiB, page \(stats.pageSize) B")
    print("integrity check: \(problems.isEmpty ? "clean" : "\(problems.count) problems")")
    problems.prefix(10).forEach { print("  \($0)") }
    exit(problems.isEmpty ? 0 : 1)
} catch {
    FileHandle.standardError.write(Data("demo: \(error)\n".utf8))
    exit(2)
}
