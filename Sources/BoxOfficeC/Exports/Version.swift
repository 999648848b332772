import CBoxOfficeTypes

/// Returns BOXOFFICE_VERSION_NUMBER of the library actually loaded
/// (MAJOR * 1000000 + MINOR * 1000 + PATCH). Compare it with the header's macro to detect a
/// library older than the header a program was built with.
@c(bo_version_number)
public func boVersionNumber() -> Int32 { Int32(BOXOFFICE_VERSION_NUMBER) }

/// Returns the name of a status, e.g. "BO_SOLD_OUT", as a static string (never freed), or
/// "BO_UNKNOWN" for a value this library does not know.
@c(bo_status_name)
public func boStatusName(_ status: bo_status) -> UnsafePointer<CChar> {
    let name: StaticString = switch status {
    case BO_OK: "BO_OK"
    case BO_NOT_FOUND: "BO_NOT_FOUND"
    case BO_INVALID_ARGUMENT: "BO_INVALID_ARGUMENT"
    case BO_SOLD_OUT: "BO_SOLD_OUT"
    case BO_NOT_ON_SALE: "BO_NOT_ON_SALE"
    case BO_HOLD_EXPIRED: "BO_HOLD_EXPIRED"
    case BO_LIMIT_EXCEEDED: "BO_LIMIT_EXCEEDED"
    case BO_VERSION_CONFLICT: "BO_VERSION_CONFLICT"
    case BO_DUPLICATE: "BO_DUPLICATE"
    case BO_PERMISSION_DENIED: "BO_PERMISSION_DENIED"
    case BO_INVALID_STATE: "BO_INVALID_STATE"
    case BO_TRANSFER_NOT_ALLOWED: "BO_TRANSFER_NOT_ALLOWED"
    case BO_STORAGE_FAILURE: "BO_STORAGE_FAILURE"
    case BO_READ_ONLY: "BO_READ_ONLY"
    case BO_CORRUPT: "BO_CORRUPT"
    case BO_NEWER_FILE: "BO_NEWER_FILE"
    case BO_FULL: "BO_FULL"
    case BO_BAD_PATH: "BO_BAD_PATH"
    case BO_BUSY: "BO_BUSY"
    case BO_NOT_A_STORE: "BO_NOT_A_STORE"
    case BO_DISK_FULL: "BO_DISK_FULL"
    case BO_MISUSE: "BO_MISUSE"
    default: "BO_UNKNOWN"
    }
    return UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)
}
