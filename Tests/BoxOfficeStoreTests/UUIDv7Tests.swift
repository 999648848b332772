import Foundation
import Synchronization
import Testing

@testable import BoxOfficeStore

@Suite struct UUIDv7Tests {
    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        let milliseconds = Atomic<Int64>(1_700_000_000_000)
        var clock: WallClock { WallClock { [self] in milliseconds.load(ordering: .relaxed) } }
    }

    @Test func layoutFollowsRFC9562() throws {
        let manual = ManualClock()
        let generator = UUIDv7Generator(clock: manual.clock)
        let id = generator.next()
        #expect(id.uuid.6 >> 4 == 7)  // version
        #expect(id.uuid.8 >> 6 == 0b10)  // variant
        #expect(UUIDv7Generator.milliseconds(of: id) == 1_700_000_000_000)
        #expect(id.uuidString.lowercased().hasPrefix("018bcfe5-6800-7"))
    }

    @Test func idsStrictlyIncreaseEvenWhenTheClockStandsStillOrStepsBack() throws {
        let manual = ManualClock()
        let generator = UUIDv7Generator(clock: manual.clock)
        var previous = generator.next()
        for step in 0..<20_000 {
            if step % 1000 == 0 { manual.milliseconds.add(step % 3000 == 0 ? -5 : 1, ordering: .relaxed) }
            let id = generator.next()
            #expect(Key(previous) < Key(id))
            #expect(id.uuid.6 >> 4 == 7 && id.uuid.8 >> 6 == 0b10)
            previous = id
        }
    }

    @Test func threadsNeverGetTheSameID() throws {
        let generator = UUIDv7Generator()
        let all = Mutex<Set<UUID>>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let mine = (0..<5000).map { _ in generator.next() }
            all.withLock { $0.formUnion(mine) }
        }
        #expect(all.withLock { $0.count } == 40_000)
    }

    /// The hand-written text form is Foundation's, lowercased, for every byte value in every place.
    @Test func lowercasedStringIsFoundationsTextLowercased() {
        var ids = (0..<2000).map { _ in UUID() } + [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))]
        ids.append(UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)))
        ids += (0...255).map { b in UUID(uuid: (b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b)) }
        for id in ids { #expect(id.lowercasedString == id.uuidString.lowercased()) }
    }
}
