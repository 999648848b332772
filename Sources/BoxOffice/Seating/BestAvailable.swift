/// Best-available seat finding (docs/SEATING.md), over a plan's map, the rows' free-run summary
/// and the states of the rows it reads. Deterministic: ties go to the row earlier in the plan,
/// then the seat further left.
///
/// 1. N adjacent seats in one row, preferring placements that leave no single free seat alone
///    between taken ones (an orphan), nearest the focal point (least total rank).
/// 2. Else, up to `maxRows` adjacent rows of one section, the seats split evenly between them.
/// 3. Else, for requests that only name a tier (`scatter`), the best free seats wherever they are,
///    and at last accessible and companion seats too.
///
/// Accessible and companion seats go only to requests for accessible seats (as seats.io keeps
/// them out of best-available), except in that last resort.
///
/// Rows are visited best first and skipped by their summary when their longest free run is too
/// short, so the work follows the rows that could hold the seats, not the seats sold.
struct BestAvailable {
    struct Request {
        var quantity: Int
        /// Bit `c` allows category `c` of the map.
        var categories: UInt64
        /// Only accessible seats; otherwise accessible and companion seats are left out.
        var accessible: Bool
        var maxRows: Int
        var scatter: Bool
        /// Any seat of the categories, accessible and companion seats included: scatter's last resort.
        var anySeat = false
    }

    /// A placement's seats in one row: where it starts, its total rank, and whether it leaves an orphan.
    private struct Window {
        var row: Int
        var start: Int
        var count: Int
        var score: Double
        var orphan: Bool

        func beats(_ other: Window?) -> Bool {
            guard let other else { return true }
            if !BestAvailable.same(score, other.score) { return score < other.score }
            return (row, start) < (other.row, other.start)
        }
    }

    /// Whether two total ranks tie. Sums of the same ranks in another order (a sliding window's
    /// running sum) differ in their last bits; mirror-image placements must tie, so that the
    /// earlier one wins (rule 4).
    /// The bound is a sum's rounding error (about N × 2⁻⁵² of it), far below what a seat's distance
    /// to the next changes a rank by, even far from the focal point.
    static func same(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(1, abs(a), abs(b)) }

    let map: SeatMap
    /// Per row, ``RowRun`` characters.
    let runs: [UInt8]
    let states: (Int) throws -> [UInt8]

    /// The seats chosen, by index in the map, or nil if none fit.
    func choose(_ request: Request) throws -> [Int]? {
        let n = request.quantity
        if let window = try bestSingleRow(request, count: n) { return seats(window) }
        if min(request.maxRows, n) >= 2 {
            for rows in 2...min(request.maxRows, n) {
                if let split = try bestSplit(request, rows: rows) { return split.flatMap(seats) }
            }
        }
        guard request.scatter else { return nil }
        // The best regular seats; then, as few as are missing, of the accessible and companion ones.
        let regular = try scattered(request, count: n, excluding: [])
        guard regular.count < n else { return regular.sorted() }
        var anySeat = request
        anySeat.anySeat = true
        let more = try scattered(anySeat, count: n - regular.count, excluding: Set(regular))
        return regular.count + more.count == n ? (regular + more).sorted() : nil
    }

    private func seats(_ w: Window) -> [Int] { Array(map.rows[w.row].seats.lowerBound + w.start ..< map.rows[w.row].seats.lowerBound + w.start + w.count) }

    private func mayHold(_ row: Int, _ request: Request, _ count: Int) -> Bool {
        map.rows[row].categoryMask & request.categories != 0 && RowRun.value(runs[row]) >= min(count, RowRun.cap)
    }

    /// Whether `seat` may be chosen for `request` (free or not).
    func eligible(_ seat: Int, _ request: Request) -> Bool {
        let s = map.seats[seat]
        guard request.categories & (1 << UInt64(s.category)) != 0 else { return false }
        return request.accessible ? s.accessible : request.anySeat || !(s.accessible || s.companion)
    }

    /// The best single-row placement of `count` seats: one without an orphan if any row has one.
    private func bestSingleRow(_ request: Request, count: Int) throws -> Window? {
        var clean: Window?, orphaned: Window?
        for row in map.rowsByRank where mayHold(row, request, count) {
            // No placement in this row or any later one (they rank worse) can beat a clean one found.
            if let clean, map.rows[row].bestRank * Double(count) > clean.score, !Self.same(map.rows[row].bestRank * Double(count), clean.score) { break }
            let (c, o) = try bestWindows(in: row, request, count: count)
            if let c, c.beats(clean) { clean = c }
            if let o, o.beats(orphaned) { orphaned = o }
        }
        return clean ?? orphaned
    }

    /// The best clean and best orphaning windows of `count` eligible free seats in `row`.
    private func bestWindows(in row: Int, _ request: Request, count: Int) throws -> (clean: Window?, orphaned: Window?) {
        let states = try self.states(row)
        let base = map.rows[row].seats.lowerBound
        var clean: Window?, orphaned: Window?
        var i = 0
        while i < states.count {
            guard states[i] == UInt8(ascii: ".") else { i += 1; continue }
            var end = i  // the free run [i, end)
            while end < states.count && states[end] == UInt8(ascii: ".") { end += 1 }
            if end - i >= count {
                var sum = 0.0, eligibleInWindow = 0
                for s in i..<end {
                    sum += map.seats[base + s].rank
                    if eligible(base + s, request) { eligibleInWindow += 1 }
                    if s - i >= count {
                        sum -= map.seats[base + s - count].rank
                        if eligible(base + s - count, request) { eligibleInWindow -= 1 }
                    }
                    let start = s - count + 1
                    guard start >= i, eligibleInWindow == count else { continue }
                    let window = Window(row: row, start: start, count: count, score: sum,
                                        orphan: start - i == 1 || end - (start + count) == 1)
                    if window.orphan { if window.beats(orphaned) { orphaned = window } } else if window.beats(clean) { clean = window }
                }
            }
            i = end
        }
        return (clean, orphaned)
    }

    /// The best placement across `rows` adjacent rows of one section, split as evenly as can be
    /// (the front rows take the extra seats); all rows clean if that can be had.
    private func bestSplit(_ request: Request, rows k: Int) throws -> [Window]? {
        let n = request.quantity
        let sizes = (0..<k).map { n / k + ($0 < n % k ? 1 : 0) }
        var best: (windows: [Window], score: Double, orphan: Bool)?
        var first = 0
        while first + k <= map.rows.count {
            defer { first += 1 }
            let rows = Array(first..<first + k)
            guard map.rows[rows.last!].section == map.rows[first].section,
                  zip(rows, sizes).allSatisfy({ mayHold($0, request, $1) }) else { continue }
            var windows: [Window] = []
            for (row, size) in zip(rows, sizes) {
                let (c, o) = try bestWindows(in: row, request, count: size)
                guard let w = c ?? o else { break }
                windows.append(w)
            }
            guard windows.count == k else { continue }
            let score = windows.reduce(0) { $0 + $1.score }
            let orphan = windows.contains(where: \.orphan)
            let better: Bool
            if let best {
                if orphan != best.orphan { better = !orphan } else if !Self.same(score, best.score) { better = score < best.score } else { better = false }
            } else {
                better = true  // windows come front row first: on a tie the earlier stays
            }
            if better { best = (windows, score, orphan) }
        }
        return best?.windows
    }

    /// Up to `count` of the best eligible free seats wherever they are, but `excluding`: rows are
    /// visited best first, until no row left has a seat better than the worst chosen.
    private func scattered(_ request: Request, count: Int, excluding: Set<Int>) throws -> [Int] {
        var chosen: [Int] = []
        func precedes(_ a: Int, _ b: Int) -> Bool { (map.seats[a].rank, a) < (map.seats[b].rank, b) }
        var worst: Int?  // the count-th best so far, once `count` are chosen
        for row in map.rowsByRank where map.rows[row].categoryMask & request.categories != 0 && runs[row] != UInt8(ascii: "0") {
            if let worst, map.rows[row].bestRank > map.seats[worst].rank { break }
            let states = try self.states(row)
            let base = map.rows[row].seats.lowerBound
            for i in states.indices where states[i] == UInt8(ascii: ".") && eligible(base + i, request) && !excluding.contains(base + i) {
                chosen.append(base + i)
            }
            // Keep the best `count`, sorting only when enough came in (not per seat).
            if chosen.count >= count && (worst == nil || chosen.count >= 2 * count) {
                chosen.sort(by: precedes)
                chosen.removeLast(chosen.count - count)
                worst = chosen.last
            }
        }
        chosen.sort(by: precedes)
        return Array(chosen.prefix(count))
    }
}
