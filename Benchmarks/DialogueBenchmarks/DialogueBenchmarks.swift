import Benchmark
import BookingCore
import BookingEngine
import BookingStoreSQLite
import ClubConfig
import Dialogue
import Foundation
import Synchronization
import Understanding

// One full turn in-process: parse, dialogue, engine, SQLite write. Bookings are made in two turns
// ("bay 2 at bedford nov 27 at 3pm", then "yes"), each from a new customer on a free slot; each
// turn kind is measured on its own, one turn per sample.

let benchmarks: @Sendable () -> Void = {
    // BENCH_ITERATIONS fixes the number of turns and lifts the time limit: for instruction counts under
    // callgrind, which must not depend on how fast the machine is.
    let fixed = ProcessInfo.processInfo.environment["BENCH_ITERATIONS"].flatMap { Int($0) }
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal],
        maxDuration: fixed == nil ? .seconds(10) : .seconds(100_000),
        maxIterations: fixed ?? 1000
    )

    Benchmark("turn: a full request gets its summary (parse, rules preview, state write)", configuration: configuration)
    {
        benchmark in
        guard let fixture = DialogueFixture.shared.withLock({ $0 }) else { return }
        let index = fixture.cursor.add(1, ordering: .relaxed).oldValue
        let (text, phone) = fixture.request(index)
        let reply = try await fixture.manager.respond(
            to: text,
            conversation: "request-\(index)",
            identity: .customer(phone: phone)
        )
        guard reply.phase == .confirming else {
            benchmark.error("no summary: \(text) → \(reply.text)")
            return
        }
    } setup: {
        try await DialogueFixture.prepare()
    }

    Benchmark("two turns to a booking: request, then YES (booking write with fsync)", configuration: configuration) {
        benchmark in
        guard let fixture = DialogueFixture.shared.withLock({ $0 }) else { return }
        let index = fixture.cursor.add(1, ordering: .relaxed).oldValue
        let (text, phone) = fixture.request(index)
        let identity = Identity.customer(phone: phone)
        let id = "pair-\(index)"
        _ = try await fixture.manager.respond(to: text, conversation: id, identity: identity)
        let reply = try await fixture.manager.respond(to: "yes", conversation: id, identity: identity)
        guard reply.phase == .booked else {
            benchmark.error("not booked: \(text) → \(reply.text)")
            return
        }
    } setup: {
        try await DialogueFixture.prepare()
    }

    Benchmark("turn: a question about what is missing (no booking write)", configuration: configuration) { benchmark in
        guard let fixture = DialogueFixture.shared.withLock({ $0 }) else { return }
        let index = fixture.cursor.add(1, ordering: .relaxed).oldValue
        _ = try await fixture.manager.respond(
            to: "can i book a bay on saturday",
            conversation: "ask-\(index)",
            identity: .customer(phone: "902-555-0101")
        )
    } setup: {
        try await DialogueFixture.prepare()
    }
}

final class DialogueFixture: Sendable {
    static let shared = Mutex<DialogueFixture?>(nil)

    let manager: DialogueDriver
    let slots: [(String, Int, Int, Int)]
    let cursor = Atomic<Int>(0)

    init(manager: DialogueDriver, slots: [(String, Int, Int, Int)]) {
        self.manager = manager
        self.slots = slots
    }

    /// The request text for a free slot and a new customer's phone.
    func request(_ index: Int) -> (String, String) {
        let (location, bay, day, hour) = slots[index % slots.count]
        let month = day > 30 ? "dec" : "nov"
        let date = day > 30 ? day - 30 : day
        return (
            "bay \(bay) at \(location) \(month) \(date) at \(hour)pm", String(format: "+1782555%04d", index % 10_000)
        )
    }

    static func prepare() async throws {
        if shared.withLock({ $0 }) != nil { return }
        let file = try ClubConfigLoader.load(path: "Config/club.yaml")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dialogue-bench-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteBookingStore(path: directory.appendingPathComponent("bench.sqlite").path)
        try await store.seed(club: file.club, members: file.members)
        let zone = file.club.timeZone
        let now = LocalCalendar.instant(LocalDay(year: 2026, month: 11, day: 25), minuteOfDay: 10 * 60, in: zone)
        let clock = FixedClock(now)
        let engine = BookingEngine(club: file.club, store: store, clock: clock, refs: .seeded(5))
        let parser = try UtteranceParser(grammarsDirectory: "Grammars/en", club: file.club)
        let manager = DialogueDriver(
            engine: engine,
            parser: parser,
            conversations: store,
            wording: try ReplyWording.load(directory: "Grammars/en"),
            clock: clock
        )
        var slots: [(String, Int, Int, Int)] = []
        for (location, bays) in [("bedford", 5), ("dartmouth", 4), ("halifax", 6)] {
            for bay in 1...bays {
                for day in 26...32 {
                    for hour in 1...11 { slots.append((location, bay, day, hour)) }
                }
            }
        }
        shared.withLock { $0 = DialogueFixture(manager: manager, slots: slots) }
    }
}
