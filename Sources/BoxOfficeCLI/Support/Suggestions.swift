/// Closest names to a mistyped one, for "did you mean" hints (commands, event titles). Written
/// here because no listed package offers an edit distance; names are short, so the quadratic
/// Levenshtein distance costs nothing.
enum Suggestions {
    /// The candidates within a few edits of `text` (case-insensitive), closest first.
    static func closest(to text: String, in candidates: [String], limit: Int = 3) -> [String] {
        let typed = Array(text.lowercased())
        let allowed = max(1, min(3, typed.count / 3))
        return candidates
            .map { (name: $0, distance: distance(typed, Array($0.lowercased()))) }
            .filter { $0.distance <= allowed }
            .sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }
            .prefix(limit).map(\.name)
    }

    /// "did you mean 'events'?" or "" when nothing is close.
    static func hint(for text: String, in candidates: [String]) -> String {
        let names = closest(to: text, in: candidates)
        guard !names.isEmpty else { return "" }
        return "; did you mean " + names.map { "'\($0)'" }.joined(separator: " or ") + "?"
    }

    private static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
