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

/// Checks every page of the file (from the file, before LMDB reads it), the storage and every
/// ticketing invariant, in one snapshot. A damaged page is reported as a "damagedPage" storage
/// problem, and then nothing more is checked. `*out_clean` (may be NULL) is 1 when nothing is
/// wrong; `*out_json` (may be NULL) receives {"storage":[...], "invariants":[...]}. Returns BO_OK
/// (even when problems are found), BO_MISUSE or a storage status.
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

/// The file's reader slots across processes, as a JSON array of {"pid", "thread", "transaction"
/// (the snapshot read, or "-" for an idle transaction kept for reuse), "isLive" (false: the
/// process is gone and the slot is stale)} in `*out_json` (may be NULL). Returns BO_OK, BO_MISUSE
/// or a storage status.
@c(bo_readers_list)
public func boReadersList(_ engine: UnsafeMutablePointer<bo_engine>?, _ out_json: OutString?, _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        let readers = try open(engine).readers()
        try jsonOut(readers, out_json)
    }
}

/// Frees the reader slots of processes that died inside a read (a worker killed with SIGKILL),
/// now rather than at the next write, which does it every 100 ms or 256 writes. A stale slot pins
/// old pages, so the file grows until it is freed. `*out_cleared` (may be NULL) receives how many
/// were freed. Returns BO_OK, BO_MISUSE or a storage status.
@c(bo_readers_clear_stale)
public func boReadersClearStale(_ engine: UnsafeMutablePointer<bo_engine>?, _ out_cleared: UnsafeMutablePointer<Int32>?,
                                _ out_error: OutError?) -> bo_status {
    withStatus(out_error) {
        let cleared = try open(engine).clearStaleReaders()
        out_cleared?.pointee = Int32(clamping: cleared)
    }
}
