/// Carries a CommandFailure out of an engine transaction. The engine turns whatever a
/// transaction's closure throws into a BoxOfficeError; a command that wants its own message
/// (a line number, a file it could not write) records it here first and rethrows it outside.
final class Captured {
    var failure: CommandFailure?

    /// Runs one step inside a transaction, recording its failure.
    func run<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            let failure = CommandFailure(error)
            self.failure = failure
            throw failure
        }
    }

    /// Runs a whole transaction: a failure recorded inside wins over the engine's error.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        failure = nil
        do { return try body() } catch {
            throw failure ?? CommandFailure(error)
        }
    }
}
