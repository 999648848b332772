import BoxOffice
import BoxOfficeStore
import CBoxOfficeTypes
import FoundationEssentials
import Glibc

/// What a C call reports: a status, a message, and what it is about (nil: nothing more).
struct Failure: Error {
    var status: bo_status
    var message: String
    var details: ErrorDetails?

    static func misuse(_ what: String) -> Failure { Failure(status: BO_MISUSE, message: what) }
    static func invalid(_ what: String) -> Failure { Failure(status: BO_INVALID_ARGUMENT, message: what) }
    /// A lookup's answer when there is nothing: BO_NOT_FOUND is an answer, not a failure. It names
    /// what was looked for by the last key given (an order's id, else its number), as a failed
    /// operation's NOT_FOUND does, details included.
    static func notFound(_ entity: String, lookedUpBy keys: Any?...) -> BoxOfficeError {
        let key = keys.last { $0 != nil }.flatMap { $0 }
        let text = (key as? UUID).map { $0.lowercasedString } ?? key.map { "\($0)" } ?? ""
        return BoxOfficeError.notFound(entity: entity, id: text)
    }
}

/// An error object handed to C: the caller frees it with bo_error_free().
// Immutable after init; the message buffer is only read until deinit frees it.
final class ErrorObject: @unchecked Sendable {
    let status: bo_status
    /// NUL-terminated UTF-8, owned by this object.
    let message: UnsafeMutablePointer<CChar>
    /// The ErrorDetails JSON object, NUL-terminated UTF-8, owned by this object.
    let details: UnsafeMutablePointer<CChar>

    init(_ failure: Failure) {
        status = failure.status
        message = strdup(failure.message)
        // Written as JSON only here: a caller that passes no error object never pays for it.
        let json = failure.details.flatMap { try? JSONCoding.encoder.encode($0) }.map { String(decoding: $0, as: UTF8.self) }
        details = strdup(json ?? "{}")
    }

    deinit {
        free(message)
        free(details)
    }

    static let handles = HandleTable<ErrorObject>(kind: 0xE7)
}

/// The one conversion point from Swift errors to C: runs `body`, and turns whatever it throws
/// into a status, an optional error object in `out` and the thread's last message. Nothing
/// thrown crosses the boundary. The call runs inside the ``ForkGate``, so a `fork()` on another
/// thread waits for it to return.
func withStatus(_ out: UnsafeMutablePointer<UnsafeMutablePointer<bo_error>?>?, _ body: () throws -> Void) -> bo_status {
    ForkGate.shared.whileInside { convertingErrors(out, body) }
}

private func convertingErrors(_ out: UnsafeMutablePointer<UnsafeMutablePointer<bo_error>?>?, _ body: () throws -> Void) -> bo_status {
    out?.pointee = nil
    do {
        try body()
        LastError.set(nil)
        return BO_OK
    } catch {
        let failure = failure(from: error)
        LastError.set(failure.message)
        if let out {
            out.pointee = UnsafeMutablePointer(ErrorObject.handles.insert(ErrorObject(failure)))
        }
        return failure.status
    }
}

private func failure(from error: any Error) -> Failure {
    if let failure = error as? Failure { return failure }
    let domain = error as? BoxOfficeError ?? BoxOfficeError.storage(.storageFailure, String(describing: error))
    return Failure(status: bo_status(UInt32(domain.code.rawValue)), message: domain.description, details: domain.details)
}

/// The calling thread's last error message, for C callers that do not pass an error object.
enum LastError {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { free($0) }
        return key
    }()

    static func set(_ message: String?) {
        let old = pthread_getspecific(key)
        if old == nil && message == nil { return }
        free(old)
        pthread_setspecific(key, message.map { UnsafeRawPointer(strdup($0)) } ?? nil)
    }

    static var current: UnsafePointer<CChar>? { pthread_getspecific(key).map { UnsafePointer($0.assumingMemoryBound(to: CChar.self)) } }
}
