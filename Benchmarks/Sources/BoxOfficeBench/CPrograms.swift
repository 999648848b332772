import Foundation

/// Runs one of the C programs in Benchmarks/c (the raw-LMDB floor, the C-ABI driver, PostgreSQL): it does the
/// same matrix as `runWorkloads` and prints one figure per line as JSON. It always runs the flash
/// sale; without `flashSale` those figures are dropped (they are the same at every size).
func runCProgram(_ executable: String, directory: String, size: Int, seconds: Double, clients: [Int], workloads: Set<String>?,
                 flashSale: Bool) throws -> [Figure] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = ["--dir", directory, "--size", "\(size)", "--seconds", "\(seconds)",
                         "--clients", clients.map(String.init).joined(separator: ",")]
        + (workloads.map { ["--workloads", $0.sorted().joined(separator: ",")] } ?? [])
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw BenchError.failed("\(executable) exited with status \(process.terminationStatus)")
    }
    let decoder = JSONDecoder()
    return try String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
        do { return try decoder.decode(Figure.self, from: Data(line.utf8)) } catch {
            throw BenchError.failed("\(executable) printed a line that is not a figure: \(line)")
        }
    }.filter { flashSale || $0.workload != "flash_sale" }
}
