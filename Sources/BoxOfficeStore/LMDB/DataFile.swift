import Glibc

/// An LMDB data file (`data.mdb`) read with `pread`, never mapped, to check it before LMDB
/// touches it.
///
/// Why by hand: LMDB 0.9 trusts its files. A file cut short makes its mapped pages past the end
/// a SIGBUS; a damaged meta page gives a page size of zero and a SIGFPE; a damaged B-tree page
/// sends reads anywhere in the map. No library checks LMDB's pages, so this reads the layout of
/// LMDB 0.9.24's `mdb.c` (MDB_meta, MDB_page, MDB_node, MDB_db, 64-bit little-endian) and checks
/// the rules LMDB relies on when it reads: from the file, so nothing here can fault.
struct DataFile {
    /// A database record (MDB_db): a B-tree's root and its counts.
    struct Tree: Equatable {
        var pageSizeField: UInt32   // md_pad: the page size, in the free database's record
        var flags: UInt16
        var depth: UInt16
        var branchPages: UInt64
        var leafPages: UInt64
        var overflowPages: UInt64
        var entries: UInt64
        var root: UInt64

        static let size = 48
        static let noRoot = UInt64.max  // P_INVALID: an empty tree

        init(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
            pageSizeField = bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
            flags = bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt16.self)
            depth = bytes.loadUnaligned(fromByteOffset: offset + 6, as: UInt16.self)
            branchPages = bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)
            leafPages = bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)
            overflowPages = bytes.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self)
            entries = bytes.loadUnaligned(fromByteOffset: offset + 32, as: UInt64.self)
            root = bytes.loadUnaligned(fromByteOffset: offset + 40, as: UInt64.self)
        }
    }

    /// A meta page (MDB_meta after the page header).
    struct Meta {
        var mapSize: UInt64
        var free: Tree
        var main: Tree
        var lastPage: UInt64
        var txnid: UInt64
        var pageSize: Int { Int(free.pageSizeField) }
    }

    static let magic: UInt32 = 0xBEEF_C0DE
    static let dataVersion: UInt32 = 1
    static let headerSize = 16       // PAGEHDRSZ
    static let nodeHeaderSize = 8    // NODESIZE
    // Page flags (mdb_page) and node flags (mdb_node).
    static let branch: UInt16 = 0x01, leaf: UInt16 = 0x02, overflow: UInt16 = 0x04, metaPage: UInt16 = 0x08
    static let bigData: UInt16 = 0x01, subData: UInt16 = 0x02, dupData: UInt16 = 0x04
    /// The free database's keys are transaction ids (MDB_INTEGERKEY).
    static let integerKey: UInt16 = 0x08

    let path: String
    let size: Int
    let pageSize: Int
    /// The meta LMDB uses: the newer of the two (or the one naming the snapshot asked for).
    let meta: Meta
    private let fd: Int32

    /// Opens `path` (a data.mdb) and checks both meta pages and the file's size against the one
    /// LMDB would use. `snapshot`: use the meta of that transaction id (a read transaction pins
    /// its pages; its meta may already have been overwritten, then this throws `.busy`).
    ///
    /// Throws ``StoreError/notAStore(path:reason:)`` for a file that is not LMDB, and
    /// ``StoreError/damaged(path:reason:)`` for an LMDB file LMDB could not read safely.
    static func open(_ path: String, snapshot: Int? = nil) throws -> DataFile {
        // O_NONBLOCK: a FIFO in its place must not block the open; it is refused just below.
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw StoreError.notWritable(path: path, reason: String(cString: strerror(errno))) }
        do {
            var info = stat()
            guard fstat(fd, &info) == 0 else { throw StoreError.notWritable(path: path, reason: String(cString: strerror(errno))) }
            guard info.st_mode & S_IFMT == S_IFREG else {
                throw StoreError.notAStore(path: path, reason: "data.mdb is not a regular file")
            }
            let size = Int(info.st_size)
            let first = try meta(fd, at: 0, path: path, size: size)
            let pageSize = first.pageSize
            guard pageSize >= 512, pageSize <= 32_768, pageSize & (pageSize - 1) == 0 else {
                throw StoreError.damaged(path: path, reason: "its first meta page is damaged (page size \(pageSize))")
            }
            let second = try meta(fd, at: pageSize, path: path, size: size)
            guard second.pageSize == pageSize else {
                throw StoreError.damaged(path: path, reason: "its meta pages disagree on the page size (\(pageSize) and \(second.pageSize))")
            }
            let chosen: Meta
            if let snapshot {
                guard let match = [first, second].first(where: { $0.txnid == UInt64(bitPattern: Int64(snapshot)) }) else { throw Busy() }
                chosen = match
            } else {
                chosen = second.txnid > first.txnid ? second : first
            }
            // Only the meta LMDB uses must make sense: after a failed commit LMDB itself writes
            // the other one back with an old transaction id and new roots, never to be used.
            if let fault = fault(in: chosen) {
                let which = chosen.txnid == first.txnid ? "first" : "second"
                throw StoreError.damaged(path: path, reason: "its \(which) meta page, the newer, is damaged (\(fault))")
            }
            let needed = (chosen.lastPage + 1).multipliedReportingOverflow(by: UInt64(pageSize))
            guard !needed.overflow, needed.partialValue <= UInt64(size) else {
                throw StoreError.damaged(path: path, reason: "data.mdb is \(size) bytes, but its last committed page ends at byte "
                                         + "\(needed.overflow ? "∞" : String(needed.partialValue)): the file was cut short")
            }
            return DataFile(path: path, size: size, pageSize: pageSize, meta: chosen, fd: fd)
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    /// The snapshot asked for is no longer named by a meta page; open again with a newer one.
    struct Busy: Error {}

    func close() { Glibc.close(fd) }

    /// Reads the meta page at `offset`, checking what LMDB checks of both: its header, magic and
    /// format. (``fault(in:)`` checks the rest, of the one LMDB will use.)
    private static func meta(_ fd: Int32, at offset: Int, path: String, size: Int) throws -> Meta {
        let which = offset == 0 ? "first" : "second"
        var bytes = [UInt8](repeating: 0, count: headerSize + 136)
        let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset)) }
        guard got == bytes.count else {
            if offset == 0 { throw StoreError.notAStore(path: path, reason: "data.mdb is too short to be an LMDB data file") }
            throw StoreError.damaged(path: path, reason: "data.mdb ends before its \(which) meta page")
        }
        return try bytes.withUnsafeBytes { page throws -> Meta in
            let flags = page.loadUnaligned(fromByteOffset: 10, as: UInt16.self)
            let magic = page.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
            let version = page.loadUnaligned(fromByteOffset: 20, as: UInt32.self)
            if offset == 0 && magic != Self.magic {
                // A damaged first page of an LMDB file still has the second meta page after it.
                if secondMetaLooksValid(fd) { throw StoreError.damaged(path: path, reason: "its first meta page is damaged (no LMDB magic)") }
                throw StoreError.notAStore(path: path, reason: "data.mdb is not an LMDB data file")
            }
            guard flags & metaPage != 0, magic == Self.magic else {
                throw StoreError.damaged(path: path, reason: "its \(which) meta page is damaged (no meta page header)")
            }
            guard version == dataVersion else {
                if offset == 0 {
                    throw StoreError.notAStore(path: path, reason: "data.mdb has LMDB format \(version); this LMDB reads format \(dataVersion)")
                }
                throw StoreError.damaged(path: path, reason: "its \(which) meta page is damaged (format \(version))")
            }
            return Meta(mapSize: page.loadUnaligned(fromByteOffset: 32, as: UInt64.self), free: Tree(page, at: 40),
                        main: Tree(page, at: 88), lastPage: page.loadUnaligned(fromByteOffset: 136, as: UInt64.self),
                        txnid: page.loadUnaligned(fromByteOffset: 144, as: UInt64.self))
        }
    }

    /// Whether a meta page with LMDB's magic and format follows at one of the usual page sizes.
    private static func secondMetaLooksValid(_ fd: Int32) -> Bool {
        [4096, 8192, 16_384, 32_768, 2048, 1024, 512].contains { pageSize in
            var header = [UInt8](repeating: 0, count: 24)
            guard header.withUnsafeMutableBytes({ pread(fd, $0.baseAddress, 24, off_t(pageSize)) }) == 24 else { return false }
            return header.withUnsafeBytes { raw in
                raw.loadUnaligned(fromByteOffset: 10, as: UInt16.self) & metaPage != 0
                    && raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self) == magic
                    && raw.loadUnaligned(fromByteOffset: 20, as: UInt32.self) == dataVersion
            }
        }
    }

    /// What is wrong with a meta page that has the right magic and version, if anything.
    private static func fault(in meta: Meta) -> String? {
        let pageSize = meta.pageSize
        guard pageSize >= 512, pageSize <= 32_768, pageSize & (pageSize - 1) == 0 else { return "page size \(pageSize)" }
        guard meta.lastPage >= 1, meta.lastPage < UInt64.max / UInt64(pageSize) else { return "last page \(meta.lastPage)" }
        // Transaction ids count commits from 1: one at 2^62 would take a million years to reach.
        guard meta.txnid < 1 << 62 else { return "transaction id \(meta.txnid)" }
        guard meta.mapSize >= (meta.lastPage + 1) * UInt64(pageSize) else {
            return "map size \(meta.mapSize) below its last page \(meta.lastPage)"
        }
        for (name, tree) in [("free", meta.free), ("main", meta.main)] {
            if tree.root == Tree.noRoot {
                guard tree.depth == 0, tree.entries == 0 else { return "empty \(name) database with depth \(tree.depth)" }
            } else {
                guard tree.root >= 2, tree.root <= meta.lastPage else { return "\(name) database root \(tree.root)" }
                guard (1...32).contains(tree.depth) else { return "\(name) database depth \(tree.depth)" }
            }
        }
        return nil
    }

    // MARK: Pages

    /// Which B-trees ``checkPages(_:)`` walks.
    enum Scope {
        /// The main database (the names of the others) and the named databases listed: what
        /// opening a store and reading its catalog touches.
        case main(named: Set<String>)
        /// Every B-tree: the free list, the main database and every named database.
        case all
    }

    /// Checks every page of the trees in `scope` for what LMDB relies on when it reads: each page
    /// within the file and its own number in its header; page types; free-space bounds; every
    /// node inside its page; branch children, overflow runs and the free list within the last
    /// page and never used twice; keys in order within each page and its parent's bounds; leaves
    /// at the tree's depth; entry and page counts equal to the tree's record. At most `limit`
    /// problems are returned; a page found bad is not descended into.
    ///
    /// Throws ``StoreError/notAStore(path:reason:)`` when the walk finds the file is another
    /// program's LMDB file (values in its main database, or no BoxOffice catalog with other data).
    func checkPages(_ scope: Scope, limit: Int = 100) throws -> [IntegrityProblem] {
        var walker = Walker(file: self, limit: limit)
        walker.walk(meta.main, name: "(main)", kind: .main, named: scope)
        if let foreign = walker.foreign, !walker.named.contains(DatabaseName.catalog) {
            throw StoreError.notAStore(path: path, reason: foreign)
        }
        if walker.problems.isEmpty, !walker.named.isEmpty, !walker.named.contains(DatabaseName.catalog) {
            throw StoreError.notAStore(path: path, reason: Catalog.foreign(walker.named))
        }
        if case .all = scope {
            walker.walk(meta.free, name: "(free list)", kind: .free, named: scope)
            walker.checkFreeList()
        }
        return walker.problems
    }

    fileprivate func read(page number: UInt64, into buffer: inout [UInt8]) -> Bool {
        let (offset, overflow) = number.multipliedReportingOverflow(by: UInt64(pageSize))
        guard !overflow, offset <= UInt64(Int.max) else { return false }
        return buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, pageSize, off_t(offset)) } == pageSize
    }
}

/// One walk over the trees of a ``DataFile``.
private struct Walker {
    enum Kind { case free, main, named }

    let file: DataFile
    let limit: Int
    let pages: UInt64  // the next page number: every page in use is below it
    var problems: [IntegrityProblem] = []
    /// Why the file is another program's, when the walk finds out.
    var foreign: String?
    /// The named databases the main database lists.
    var named: [String] = []
    /// One bit per page used by a tree (or a meta page), 64 pages a word, only for the words
    /// touched: a sparse file may claim 2^40 pages while holding a few.
    var used: [UInt64: UInt64] = [0: 0b11]
    /// The free list's values, gathered while walking it.
    var freeLists: [(txn: String, pages: [UInt64])] = []
    var buffer: [UInt8]

    init(file: DataFile, limit: Int) {
        self.file = file
        self.limit = limit
        pages = file.meta.lastPage + 1
        buffer = [UInt8](repeating: 0, count: file.pageSize)
    }

    var full: Bool { problems.count >= limit }

    mutating func report(_ tree: String, _ page: UInt64, _ detail: String) {
        guard !full else { return }
        problems.append(IntegrityProblem(kind: .damagedPage, table: tree, key: "page \(page)", detail: detail))
    }

    /// Marks `page` used; false (reported) when it is out of range or already used.
    mutating func claim(_ page: UInt64, _ tree: String, _ what: String) -> Bool {
        guard page >= 2, page < pages else {
            report(tree, page, "\(what) \(page) is outside the file's pages 2..<\(pages)")
            return false
        }
        let (word, bit) = (page / 64, page % 64)
        guard used[word, default: 0] & (1 << bit) == 0 else {
            report(tree, page, "\(what) \(page) is used twice")
            return false
        }
        used[word, default: 0] |= 1 << bit
        return true
    }

    struct Counts { var branch: UInt64 = 0, leaf: UInt64 = 0, overflow: UInt64 = 0, entries: UInt64 = 0 }

    mutating func walk(_ tree: DataFile.Tree, name: String, kind: Kind, named scope: DataFile.Scope) {
        guard tree.root != DataFile.Tree.noRoot, !full else { return }
        var counts = Counts()
        descend(tree.root, depth: 1, tree: tree, name: name, kind: kind, scope: scope, low: nil, high: nil, counts: &counts)
        guard !full else { return }
        if counts.entries != tree.entries { report(name, tree.root, "\(counts.entries) entries found, its record says \(tree.entries)") }
        if counts.branch != tree.branchPages || counts.leaf != tree.leafPages || counts.overflow != tree.overflowPages {
            report(name, tree.root, "pages found: \(counts.branch) branch, \(counts.leaf) leaf, \(counts.overflow) overflow; "
                   + "its record says \(tree.branchPages), \(tree.leafPages), \(tree.overflowPages)")
        }
    }

    /// Checks one page and the subtree under it; keys must lie in [low, high).
    mutating func descend(_ number: UInt64, depth: Int, tree: DataFile.Tree, name: String, kind: Kind, scope: DataFile.Scope,
                          low: [UInt8]?, high: [UInt8]?, counts: inout Counts) {
        guard !full, claim(number, name, "page") else { return }
        guard file.read(page: number, into: &buffer) else { return report(name, number, "cannot be read") }
        let page = buffer
        let psize = file.pageSize
        let header = page.withUnsafeBytes { raw in
            (number: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self), flags: raw.loadUnaligned(fromByteOffset: 10, as: UInt16.self),
             lower: Int(raw.loadUnaligned(fromByteOffset: 12, as: UInt16.self)), upper: Int(raw.loadUnaligned(fromByteOffset: 14, as: UInt16.self)))
        }
        guard header.number == number else { return report(name, number, "its header says page \(header.number)") }
        let isBranch = header.flags == DataFile.branch, isLeaf = header.flags == DataFile.leaf
        guard isBranch || isLeaf else { return report(name, number, "flags 0x\(String(header.flags, radix: 16)) are not a branch or leaf page") }
        guard isLeaf == (depth == Int(tree.depth)) else {
            return report(name, number, "a \(isLeaf ? "leaf" : "branch") at depth \(depth) of a tree of depth \(tree.depth)")
        }
        guard header.lower >= DataFile.headerSize, header.lower <= header.upper, header.upper <= psize,
            (header.lower - DataFile.headerSize) % 2 == 0
        else { return report(name, number, "free space bounds \(header.lower)..\(header.upper) do not fit a page of \(psize)") }
        let count = (header.lower - DataFile.headerSize) / 2
        guard count >= 1 else { return report(name, number, "no entries") }
        if isBranch { counts.branch += 1 } else { counts.leaf += 1 }

        // Decode every node first, checking it lies in the page. Keys stay in the page (a copy
        // per node was most of a 1M-ticket file's verify time).
        struct Node { var keyStart: Int; var keySize: Int; var flags: UInt16; var value: Int; var size: Int; var offset: Int }
        var nodes: [Node] = []
        nodes.reserveCapacity(count)
        for i in 0..<count {
            let offset = Int(page.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: DataFile.headerSize + 2 * i, as: UInt16.self) })
            guard offset >= header.upper, offset % 2 == 0, offset + DataFile.nodeHeaderSize <= psize else {
                return report(name, number, "entry \(i) at offset \(offset) is outside the page's used space")
            }
            let (lo, hi, flags, keySize) = page.withUnsafeBytes { raw in
                (Int(raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self)), Int(raw.loadUnaligned(fromByteOffset: offset + 2, as: UInt16.self)),
                 raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt16.self), Int(raw.loadUnaligned(fromByteOffset: offset + 6, as: UInt16.self)))
            }
            let keyStart = offset + DataFile.nodeHeaderSize
            let dataSize = lo | hi << 16
            let stored = isBranch ? 0 : (flags & DataFile.bigData != 0 ? 8 : dataSize)
            guard keyStart + keySize + stored <= psize else {
                return report(name, number, "entry \(i) (key \(keySize) bytes, value \(stored) bytes) runs past the page")
            }
            let value = isBranch ? lo | hi << 16 | Int(flags) << 32 : dataSize
            nodes.append(Node(keyStart: keyStart, keySize: keySize, flags: isBranch ? 0 : flags, value: value,
                              size: stored, offset: keyStart + keySize))
        }
        func key(_ node: Node) -> ArraySlice<UInt8> { page[node.keyStart..<node.keyStart + node.keySize] }

        // Keys in order, within the parent's bounds (a branch's first key is not stored).
        let integerKeys = tree.flags & DataFile.integerKey != 0
        func ordered(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Bool {
            guard integerKeys else { return a.lexicographicallyPrecedes(b) }
            guard a.count == 8, b.count == 8 else { return false }
            return a.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) } < b.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        }
        // Each key above the one before; then, the order being total, the first at or above the
        // parent's low bound and the last below its high bound put them all within.
        let keyed = isBranch ? nodes.dropFirst() : nodes[...]
        for (i, node) in keyed.enumerated() {
            if integerKeys && node.keySize != 8 { return report(name, number, "an integer key of \(node.keySize) bytes") }
            if i > 0, !ordered(key(keyed[keyed.startIndex + i - 1]), key(node)) { return report(name, number, "keys out of order at entry \(i)") }
        }
        if let first = keyed.first, let low, ordered(key(first), low[...]) { return report(name, number, "a key below its parent's bound") }
        if let last = keyed.last, let high, !ordered(key(last), high[...]) { return report(name, number, "a key at or above its parent's bound") }

        if isBranch {
            for (i, node) in nodes.enumerated() {
                descend(UInt64(node.value), depth: depth + 1, tree: tree, name: name, kind: kind, scope: scope,
                        low: i == 0 ? low : Array(key(node)), high: i + 1 < nodes.count ? Array(key(nodes[i + 1])) : high, counts: &counts)
                if full { return }
            }
            return
        }
        for node in nodes {
            counts.entries += 1
            let allowed: UInt16 = kind == .main ? DataFile.subData : DataFile.bigData
            guard node.flags & ~allowed == 0 else {
                return report(name, number, "node flags 0x\(String(node.flags, radix: 16)) are not used in \(kind == .main ? "the main database" : "a table")")
            }
            // Only the free list's values are read on (a table's values are the tables' business).
            if kind == .free, node.value > 8 * (Int(min(pages, 1 << 40)) + 1) {
                return report(name, number, "a free-list value of \(node.value) bytes, more than the file has pages")
            }
            let value: [UInt8]
            if node.flags & DataFile.bigData != 0 {
                let first = page.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: node.offset, as: UInt64.self) }
                guard let big = overflow(first, bytes: node.value, read: kind == .free, name: name, counts: &counts) else { return }
                value = big
            } else {
                // A table's values are the tables' business: only the main database's and the
                // free list's are read on.
                value = kind == .named ? [] : Array(page[node.offset..<node.offset + node.size])
            }
            switch kind {
            case .main:
                guard node.flags & DataFile.subData != 0 else {
                    // Values in LMDB's main database: another program's file, unless it also names
                    // our catalog (then a damaged one of ours; see checkPages).
                    foreign = "its main database holds values, not databases: it is another program's LMDB file"
                    report(name, number, "a value in the main database, where only databases are")
                    continue
                }
                guard value.count == DataFile.Tree.size else { return report(name, number, "a database record of \(value.count) bytes") }
                let child = value.withUnsafeBytes { DataFile.Tree($0, at: 0) }
                let childName = String(decoding: key(node), as: UTF8.self)
                named.append(childName)
                if case .main(let named) = scope, !named.contains(childName) { continue }
                guard child.flags == 0 else { return report(childName, child.root, "database flags 0x\(String(child.flags, radix: 16))") }
                if child.root != DataFile.Tree.noRoot, !(1...32).contains(child.depth) {
                    return report(childName, child.root, "depth \(child.depth)")
                }
                walk(child, name: childName, kind: .named, named: scope)
            case .free:
                let words = value.count / 8
                guard value.count % 8 == 0, words >= 1 else { return report(name, number, "a free-list value of \(value.count) bytes") }
                let ids = value.withUnsafeBytes { raw in (0..<words).map { raw.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self) } }
                guard ids[0] == UInt64(words - 1) else { return report(name, number, "a free-list value counting \(ids[0]) of \(words - 1) pages") }
                let txn = key(node).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                freeLists.append((txn: "txn \(txn)", pages: Array(ids.dropFirst())))
            case .named:
                break
            }
            if full { return }
        }
    }

    /// Checks an overflow run holding `bytes` bytes, starting at page `first`, and returns those
    /// bytes when `read` (else none).
    mutating func overflow(_ first: UInt64, bytes: Int, read: Bool, name: String, counts: inout Counts) -> [UInt8]? {
        let psize = file.pageSize
        let needed = (DataFile.headerSize + bytes + psize - 1) / psize
        guard first >= 2, first < pages, UInt64(needed) <= pages - first else {
            report(name, first, "an overflow run of \(needed) pages from page \(first) is outside the file's pages")
            return nil
        }
        var run = [UInt8](repeating: 0, count: psize)
        guard file.read(page: first, into: &run) else { report(name, first, "cannot be read"); return nil }
        let (number, flags, count) = run.withUnsafeBytes { raw in
            (raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 10, as: UInt16.self),
             Int(raw.loadUnaligned(fromByteOffset: 12, as: UInt32.self)))
        }
        guard number == first, flags == DataFile.overflow, count == needed else {
            report(name, first, "an overflow page with header (page \(number), flags 0x\(String(flags, radix: 16)), \(count) pages) "
                   + "where a run of \(needed) pages should start")
            return nil
        }
        for page in first..<first + UInt64(needed) where !claim(page, name, "overflow page") { return nil }
        counts.overflow += UInt64(needed)
        guard read else { return [] }
        var value = Array(run[DataFile.headerSize...])
        var next = first + 1
        while value.count < bytes {
            guard file.read(page: next, into: &run) else { report(name, next, "cannot be read"); return nil }
            value += run
            next += 1
        }
        return Array(value.prefix(bytes))
    }

    /// Every page on the free list is within the file and used by no tree, nor listed twice.
    mutating func checkFreeList() {
        for (txn, list) in freeLists {
            for page in list where !claim(page, "(free list)", "free page (\(txn))") { if full { return } }
        }
    }
}
