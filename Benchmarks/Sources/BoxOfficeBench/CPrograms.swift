import Foundation
import Synchronization

/// The C program running now, if any: an interrupted run stops it (`Process` starts it in a
/// session of its own, out of reach of the terminal's Ctrl-C).
let runningProgram = Mutex<Process?>(nil)

/// On SIGINT or SIGTERM: stops the running C program, removes `directory` (the data files) and
/// exits, instead of dying with both left behind.
func cleanUpOnInterrupt(_ directory: String) -> [DispatchSourceSignal] {
    [SIGINT, SIGTERM].map { signalNumber in
        signal(signalNumber, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
        source.setEventHandler {
            runningProgram.withLock { $0?.terminate() }
            try? FileManager.default.removeItem(atPath: directory)
            FileHandle.standardError.write(Data("bench: interrupted; removed \(directory)\n".utf8))
            exit(128 + signalNumber)
        }
        source.resume()
        return source
    }
}

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
    runningProgram.withLock { $0 = process }
    defer { runningProgram.withLock { $0 = nil } }
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
