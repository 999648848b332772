import BoxOffice
import CBoxOfficeTypes
import Testing

/// The C status codes are the Swift error codes: same names, same values, forever.
@Suite struct StatusCodeTests {
    static let pairs: [(BoxOfficeError.Code, bo_status)] = [
        (.notFound, BO_NOT_FOUND), (.invalidArgument, BO_INVALID_ARGUMENT), (.soldOut, BO_SOLD_OUT),
        (.notOnSale, BO_NOT_ON_SALE), (.holdExpired, BO_HOLD_EXPIRED), (.limitExceeded, BO_LIMIT_EXCEEDED),
        (.versionConflict, BO_VERSION_CONFLICT), (.duplicate, BO_DUPLICATE), (.permissionDenied, BO_PERMISSION_DENIED),
        (.invalidState, BO_INVALID_STATE), (.transferNotAllowed, BO_TRANSFER_NOT_ALLOWED),
        (.voucherRejected, BO_VOUCHER_REJECTED), (.seatUnavailable, BO_SEAT_UNAVAILABLE),
        (.storageFailure, BO_STORAGE_FAILURE), (.readOnly, BO_READ_ONLY), (.corrupt, BO_CORRUPT), (.newerFile, BO_NEWER_FILE),
        (.full, BO_FULL), (.badPath, BO_BAD_PATH), (.busy, BO_BUSY), (.notAStore, BO_NOT_A_STORE),
        (.diskFull, BO_DISK_FULL), (.misuse, BO_MISUSE),
    ]

    @Test func everySwiftCodeHasItsCStatus() {
        #expect(Set(Self.pairs.map(\.0)) == Set(BoxOfficeError.Code.allCases))
        for (code, status) in Self.pairs {
            #expect(UInt32(code.rawValue) == status.rawValue, "\(code)")
        }
        #expect(BO_OK.rawValue == 0)
    }
}
