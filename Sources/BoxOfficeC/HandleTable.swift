import BoxOfficeStore

/// Hands out opaque handles for objects and checks every handle it is given back.
///
/// A handle is a token, not an address: `kind` in the low byte, the slot in the next 24 bits,
/// the slot's generation above. A closed, freed or wrong-kind handle resolves to nil (the caller
/// returns BO_MISUSE) instead of being dereferenced: C code that uses a handle after closing it
/// gets a status, not a crash.
///
/// Every call resolves its handle, so lookups share a readers-writer lock: threads never wait
/// on each other to resolve one, and a waiting insert or remove (open, close) is not starved.
final class HandleTable<Object: AnyObject & Sendable>: @unchecked Sendable {
    private struct Slots {
        var objects: [Object?] = []
        var generations: [UInt32] = []
        var free: [Int] = []
    }

    private let kind: UInt8
    private let lock = ReadWriteLock()
    private var slots = Slots()

    init(kind: UInt8) { self.kind = kind }

    func insert(_ object: Object) -> OpaquePointer {
        lock.withWriteLock {
            let index: Int
            if let reused = slots.free.popLast() {
                index = reused
                slots.objects[index] = object
            } else {
                index = slots.objects.count
                slots.objects.append(object)
                slots.generations.append(1)
            }
            let token = UInt(slots.generations[index]) << 32 | UInt(index) << 8 | UInt(kind)
            return OpaquePointer(bitPattern: token)!
        }
    }

    func get(_ handle: OpaquePointer?) -> Object? {
        guard let (index, generation) = decode(handle) else { return nil }
        return lock.withReadLock {
            index < slots.objects.count && slots.generations[index] == generation ? slots.objects[index] : nil
        }
    }

    /// Removes the object; later uses of the handle resolve to nil.
    @discardableResult
    func remove(_ handle: OpaquePointer?) -> Object? {
        guard let (index, generation) = decode(handle) else { return nil }
        return lock.withWriteLock {
            guard index < slots.objects.count, slots.generations[index] == generation, let object = slots.objects[index] else { return nil }
            slots.objects[index] = nil
            slots.generations[index] &+= 1
            if slots.generations[index] == 0 { slots.generations[index] = 1 }
            slots.free.append(index)
            return object
        }
    }

    private func decode(_ handle: OpaquePointer?) -> (Int, UInt32)? {
        guard let handle else { return nil }
        let token = UInt(bitPattern: handle)
        guard UInt8(truncatingIfNeeded: token) == kind else { return nil }
        return (Int((token >> 8) & 0xFF_FFFF), UInt32(truncatingIfNeeded: token >> 32))
    }
}
