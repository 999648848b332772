import BoxOffice
import CBoxOfficeTypes

/// The change feed: up to `limit` (1 to 10000) audit entries after sequence `after`, oldest first,
/// as a JSON array in `*out_json`. Sequences start at 1 and have no gaps. Returns BO_OK,
/// BO_INVALID_ARGUMENT or BO_MISUSE.
@c(bo_audit_feed)
public func boAuditFeed(_ engine: UnsafeMutablePointer<bo_engine>?, _ after: UInt64, _ limit: Int32, _ out_json: OutString?,
                        _ out_error: OutError?) -> bo_status {
    withStatus(out_error) { try jsonOut(try open(engine).auditFeed(after: after, limit: Int(limit)), out_json) }
}

/// Checks the storage and every ticketing invariant in one snapshot. `*out_clean` (may be NULL)
/// is 1 when nothing is wrong; `*out_json` (may be NULL) receives {"storage":[...],
/// "invariants":[...]}. Returns BO_OK (even when problems are found), BO_MISUSE or a storage status.
@c(bo_verify)
public func boVerify(_ engine: UnsafeMutablePointer<bo_engine>?, _ out_clean: UnsafeMutablePointer<Int32>?, _ out_json: OutString?,
                     _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        let report = try open(engine).verify()
        out_clean?.pointee = report.isClean ? 1 : 0
        try jsonOut(report, out_json)
    }
}

/// Writes a compacted hot copy of the data file into the new directory `destination_path`,
/// while other threads and processes go on writing. Returns BO_OK, BO_BAD_PATH (not a directory,
/// or it already holds a store), BO_INVALID_ARGUMENT, BO_MISUSE or a storage status.
@c(bo_backup)
public func boBackup(_ engine: UnsafeMutablePointer<bo_engine>?, _ destination_path: UnsafePointer<CChar>?,
                     _ out_error: OutError?) -> bo_status {
    withStatus(out_error) { try open(engine).backup(to: try string(destination_path, "destination_path")) }
}
