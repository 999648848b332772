import BoxOfficeStore
import CBoxOfficeTypes
import Glibc

/// Returns the status an error object carries, or BO_MISUSE for NULL or a freed error.
@c(bo_error_code)
public func boErrorCode(_ error: UnsafePointer<bo_error>?) -> bo_status {
    ForkGate.shared.whileInside { ErrorObject.handles.get(OpaquePointer(error))?.status ?? BO_MISUSE }
}

/// Returns an error object's message: UTF-8, owned by the error object, valid until
/// bo_error_free(). For NULL or a freed error, a static message saying so.
@c(bo_error_message)
public func boErrorMessage(_ error: UnsafePointer<bo_error>?) -> UnsafePointer<CChar> {
    if let object = ForkGate.shared.whileInside({ ErrorObject.handles.get(OpaquePointer(error)) }) { return UnsafePointer(object.message) }
    let text: StaticString = "not a live bo_error"
    return UnsafeRawPointer(text.utf8Start).assumingMemoryBound(to: CChar.self)
}

/// What the failure is about: an ErrorDetails JSON object owned by the error object, or NULL for
/// NULL or a freed error.
@c(bo_error_details)
public func boErrorDetails(_ error: UnsafePointer<bo_error>?) -> UnsafePointer<CChar>? {
    ForkGate.shared.whileInside { ErrorObject.handles.get(OpaquePointer(error)) }.map { UnsafePointer($0.details) }
}

/// Frees an error object. Accepts NULL; freeing twice is harmless.
@c(bo_error_free)
public func boErrorFree(_ error: UnsafeMutablePointer<bo_error>?) {
    ForkGate.shared.whileInside { _ = ErrorObject.handles.remove(OpaquePointer(error)) }
}

/// Returns the message of the last failed call on this thread, or NULL if the last call
/// succeeded. Owned by the library; valid until this thread's next call. Go callers, whose
/// goroutines move between threads, should pass an error object instead.
@c(bo_last_error_message)
public func boLastErrorMessage() -> UnsafePointer<CChar>? { LastError.current }

/// Frees memory the library returned (strings, JSON). Accepts NULL.
@c(bo_free)
public func boFree(_ pointer: UnsafeMutableRawPointer?) { free(pointer) }
