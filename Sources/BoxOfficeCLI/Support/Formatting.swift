import BoxOffice
import Foundation

/// An aligned text table: a header row and rows, columns padded to their widest cell; a column
/// whose cells are all numbers (counts, "21/42", money such as "25.00 EUR") is right-aligned.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []

    /// A row; a newline in stored text (a title) is shown as `\n`, so it cannot split the row.
    mutating func add(_ row: [String]) { rows.append(row.map { $0.replacingOccurrences(of: "\n", with: "\\n") }) }

    func render() -> String {
        let columns = header.indices
        let widths = columns.map { i in ([header] + rows).map { $0.indices.contains(i) ? $0[i].count : 0 }.max() ?? 0 }
        let numeric = columns.map { i in
            rows.allSatisfy { !$0.indices.contains(i) || $0[i].isEmpty || Self.isNumber($0[i]) } && rows.contains { $0.indices.contains(i) && !$0[i].isEmpty }
        }
        func format(_ row: [String]) -> String {
            var line = ""
            for i in columns {
                let cell = row.indices.contains(i) ? row[i] : ""
                let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
                line += (i == 0 ? "" : "  ") + (numeric[i] ? pad + cell : cell + pad)
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
        return ([format(header)] + rows.map(format)).joined(separator: "\n")
    }

    /// "42", "-1.5", "21/42", "25.00 EUR": what reads best aligned on the right.
    static func isNumber(_ cell: String) -> Bool {
        let words = cell.split(separator: " ")
        let amount = words.count == 2 && words[1].count == 3 && words[1].allSatisfy(\.isUppercase) ? words[0] : Substring(cell)
        return amount.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { Double($0) != nil }
    }
}

/// One JSON value per command output (`--json`), keys sorted, so machine output is stable.
func json<T: Encodable>(_ value: T) throws -> String {
    String(decoding: try JSONCoding.encoder.encode(value), as: UTF8.self)
}

/// A path as a shell reads it back in a printed command: as it is when plain, else in single
/// quotes (a quote inside written '\''), and after `./` when it starts with '-'.
func shellQuoted(_ path: String) -> String {
    let safe = path.allSatisfy { $0.isLetter || $0.isNumber || "/._-+=:,@".contains($0) }
    let text = path.hasPrefix("-") ? "./" + path : path
    return safe ? text : "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
}

/// An amount in its currency's minor units (ISO 4217: "25.00 EUR", "1500 JPY").
func money(_ minor: Int64, _ currency: String) -> String { Currency.format(minor, currency) }

func time(_ millis: Int64) -> String {
    let formatter = ISO8601DateFormatter()
    return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
}

func bytes(_ count: Int) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"]
    var value = Double(count)
    var unit = 0
    while value >= 1024 && unit < units.count - 1 {
        value /= 1024
        unit += 1
    }
    return unit == 0 ? "\(count) B" : String(format: "%.1f %@", value, units[unit])
}

/// A progress bar on the terminal (counts and rate), nothing when output is redirected.
final class Progress {
    private let label: String
    private let total: Int?
    private let start = Date()
    private var done = 0
    private var lastDraw = Date.distantPast
    private let enabled = Output.current.isTerminal

    init(_ label: String, total: Int?) {
        self.label = label
        self.total = total
    }

    func advance(_ count: Int = 1) {
        done += count
        guard enabled, Date().timeIntervalSince(lastDraw) > 0.1 else { return }
        draw()
    }

    func finish() {
        guard enabled else { return }
        draw()
        Output.current.writeError("\n")
    }

    private func draw() {
        lastDraw = Date()
        let rate = Double(done) / max(0.001, Date().timeIntervalSince(start))
        var text = "\r\(label) \(done)"
        if let total, total > 0 {
            let filled = min(30, done * 30 / total)
            text = "\r\(label) [" + String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled) + "] \(done)/\(total)"
        }
        Output.current.writeError(text + String(format: "  %.0f/s", rate))
    }
}
