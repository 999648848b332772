#if DEBUG
import Synchronization

/// Debug-only fault injection: makes the Nth call at an LMDB call site return an error code, so
/// tests can reach error paths (MAP_FULL, READERS_FULL, a failed put) that are hard to provoke.
/// Compiled out of release builds.
final class FaultInjector: Sendable {
    enum Site: Sendable { case beginRead, beginWrite, put, delete, commit }

    private struct Armed {
        var site: Site
        var skip: Int
        var code: Int32
        var times: Int
    }

    private let armed = Mutex<[Armed]>([])
    /// Faults armed, read without the lock so unarmed calls (nearly all) take none.
    private let count = Atomic<Int>(0)

    /// The call at `site` after `skip` successful ones returns `code`, `times` times in a row.
    func arm(_ site: Site, code: Int32, skip: Int = 0, times: Int = 1) {
        armed.withLock {
            $0.append(Armed(site: site, skip: skip, code: code, times: times))
            count.store($0.count, ordering: .releasing)
        }
    }

    func disarmAll() {
        armed.withLock {
            $0.removeAll()
            count.store(0, ordering: .releasing)
        }
    }

    /// The injected return code for this call, if one is due.
    func fire(_ site: Site) -> Int32? {
        guard count.load(ordering: .acquiring) > 0 else { return nil }
        return armed.withLock { list in
            guard let i = list.firstIndex(where: { $0.site == site }) else { return nil }
            if list[i].skip > 0 {
                list[i].skip -= 1
                return nil
            }
            let code = list[i].code
            list[i].times -= 1
            if list[i].times == 0 {
                list.remove(at: i)
                count.store(list.count, ordering: .releasing)
            }
            return code
        }
    }
}
#endif
