import BoxOffice
import BoxOfficeStore
import CBoxOfficeTypes
import FoundationEssentials

/// Open engines, by handle.
let engines = HandleTable<Engine>(kind: 0xB0)

/// The engine behind a handle, or BO_MISUSE for NULL, a closed or a wrong-kind handle.
func open(_ handle: UnsafeMutablePointer<bo_engine>?) throws -> Engine {
    guard let engine = engines.get(OpaquePointer(handle)) else { throw Failure.misuse("engine handle is NULL or closed") }
    return engine
}

/// Fills `options` with the defaults: durable commits, read-write, mode 0600, a 16 MiB map
/// growing to 1 TiB, 126 readers, 24 h idempotency window and maximum hold. Does nothing if
/// `options` is NULL.
@c(bo_options_init)
public func boOptionsInit(_ options: UnsafeMutablePointer<bo_options>?) {
    guard let options else { return }
    let store = StoreOptions()
    let engine = EngineOptions()
    options.pointee = bo_options(
        version: UInt32(BO_OPTIONS_VERSION), durability: BO_DURABLE.rawValue, read_only: 0, file_mode: store.fileMode,
        initial_map_size: Int64(store.initialMapSize), max_map_size: Int64(store.maxMapSize),
        max_readers: Int32(store.maxReaders), must_exist: 0,
        idempotency_window_ms: engine.idempotencyWindowMillis, max_hold_ms: engine.maxHoldMillis)
}

/// Opens (creating if needed, unless read-only) the data file at `path`, a directory.
///
/// - Parameters:
///   - path: UTF-8 path of the store directory.
///   - options: from bo_options_init(), or NULL for the defaults.
///   - out_engine: receives the engine handle; close it with bo_close().
///   - out_error: if not NULL, receives an error object on failure (free with bo_error_free()).
/// - Returns: BO_OK; BO_INVALID_ARGUMENT (NULL or non-UTF-8 path, unknown options version or
///   durability, bad sizes); BO_BAD_PATH (missing and read-only, not a directory, not writable);
///   BO_NOT_A_STORE (no data file and read-only, not LMDB, someone else's LMDB data: never written);
///   BO_CORRUPT (cut short, a damaged meta or catalog page); BO_NEWER_FILE; BO_BUSY; BO_DISK_FULL;
///   BO_STORAGE_FAILURE.
@c(bo_open)
public func boOpen(
    _ path: UnsafePointer<CChar>?, _ options: UnsafePointer<bo_options>?,
    _ out_engine: UnsafeMutablePointer<UnsafeMutablePointer<bo_engine>?>?,
    _ out_error: OutError?
) -> bo_status {
    out_engine?.pointee = nil
    return withStatus(out_error) {
        let path = try string(path, "path")
        guard let out_engine else { throw Failure.invalid("out_engine is NULL") }
        let engineOptions = try options.map { try EngineOptions($0.pointee) } ?? EngineOptions()
        let engine = try Engine(path: path, options: engineOptions)
        out_engine.pointee = UnsafeMutablePointer(engines.insert(engine))
    }
}

/// Closes an engine handle. Accepts NULL; closing twice is harmless. Calls already running on
/// other threads finish first; the file closes when the last of them returns.
@c(bo_close)
public func boClose(_ engine: UnsafeMutablePointer<bo_engine>?) {
    ForkGate.shared.whileInside { _ = engines.remove(OpaquePointer(engine)) }
}

extension EngineOptions {
    init(_ c: bo_options) throws {
        guard c.version == UInt32(BO_OPTIONS_VERSION) else {
            throw Failure.invalid("options.version is \(c.version); this library reads version \(BO_OPTIONS_VERSION) (call bo_options_init)")
        }
        let durability: Durability = switch c.durability {
        case BO_DURABLE.rawValue: .durable
        case BO_META_ASYNC.rawValue: .metaAsync
        case BO_ASYNC.rawValue: .async
        case BO_DURABLE_SALES.rawValue: .durableSales
        default: throw Failure.invalid("options.durability \(c.durability) is not a bo_durability")
        }
        guard let initial = Int(exactly: c.initial_map_size), let maximum = Int(exactly: c.max_map_size) else {
            throw Failure.invalid("map sizes are out of range")
        }
        self.init(store: StoreOptions(initialMapSize: initial, maxMapSize: maximum, maxReaders: Int(c.max_readers),
                                      durability: durability, readOnly: c.read_only != 0, mustExist: c.must_exist != 0,
                                      fileMode: c.file_mode),
                  idempotencyWindowMillis: c.idempotency_window_ms, maxHoldMillis: c.max_hold_ms)
    }
}
