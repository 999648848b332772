import Synchronization

/// Hands out opaque handles for objects and checks every handle it is given back.
///
/// A handle is a token, not an address: `kind` in the low byte, the slot in the next 24 bits,
/// the slot's generation above. A closed, freed or wrong-kind handle resolves to nil (the caller
/// returns BO_MISUSE) instead of being dereferenced: C code that uses a handle after closing it
/// gets a status, not a crash.
final class HandleTable<Object: AnyObject & Sendable>: Sendable {
    private struct Slots {
        var objects: [Object?] = []
        var generations: [UInt32] = []
        var free: [Int] = []
    }

    private let kind: UInt8
    private let slots = Mutex(Slots())

    init(kind: UInt8) { self.kind = kind }

    func insert(_ object: Object) -> OpaquePointer {
        slots.withLock { s in
            let index: Int
            if let reused = s.free.popLast() {
                index = reused
                s.objects[index] = object
            } else {
                index = s.objects.count
                s.objects.append(object)
                s.generations.append(1)
            }
            let token = UInt(s.generations[index]) << 32 | UInt(index) << 8 | UInt(kind)
            return OpaquePointer(bitPattern: token)!
        }
    }

    func get(_ handle: OpaquePointer?) -> Object? {
        guard let (index, generation) = decode(handle) else { return nil }
        return slots.withLock { s in
            index < s.objects.count && s.generations[index] == generation ? s.objects[index] : nil
        }
    }

    /// Removes the object; later uses of the handle resolve to nil.
    @discardableResult
    func remove(_ handle: OpaquePointer?) -> Object? {
        guard let (index, generation) = decode(handle) else { return nil }
        return slots.withLock { s in
            guard index < s.objects.count, s.generations[index] == generation, let object = s.objects[index] else { return nil }
            s.objects[index] = nil
            s.generations[index] &+= 1
            if s.generations[index] == 0 { s.generations[index] = 1 }
            s.free.append(index)
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
