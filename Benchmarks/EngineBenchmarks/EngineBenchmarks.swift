import Benchmark
import BookingCore
import BookingEngine
import BookingStoreSQLite
import Foundation
import Synchronization

// The load: 200 000 bookings over 90 days at 4 locations x 6 bays. A bay holds at most 24
// one-hour bookings a day, so 200 000 cannot all be confirmed: 25 920 are (every even hour of every
// bay-day, half the club booked) and the rest are cancelled rows that stay in the table.

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        maxDuration: .seconds(5),
        maxIterations: 20_000
    )

    Benchmark("availability: one location, one day, 60 min, 200k bookings", configuration: configuration) { benchmark in
        guard let fixture = Fixture.shared.withLock({ $0 }) else { return }
        var index = 0
        for _ in benchmark.scaledIterations {
            let query = fixture.availabilityQueries[index % fixture.availabilityQueries.count]
            index += 1
            blackHole(try await fixture.engine.availability(query))
        }
    } setup: {
        try await Fixture.prepare()
    }

    Benchmark("booking transaction: check and insert, 200k bookings", configuration: configuration) { benchmark in
        guard let fixture = Fixture.shared.withLock({ $0 }) else { return }
        for _ in benchmark.scaledIterations {
            let request = fixture.nextFreeSlot()
            let outcome = try await fixture.engine.book(request)
            guard outcome.booking != nil else {
                benchmark.error("a free slot was refused: \(outcome)")
                return
            }
        }
    } setup: {
        try await Fixture.prepare()
    }
}

/// The club, the 200 000-row database and the queries the benchmarks cycle through.
final class Fixture: Sendable {
    static let shared = Mutex<Fixture?>(nil)
    static let zone = TimeZone(identifier: "America/Halifax") ?? .current
    static let firstDay = LocalDay(year: 2026, month: 12, day: 1)
    static let days = 90

    let engine: BookingEngine
    let availabilityQueries: [AvailabilityQuery]
    let freeSlots: [BookingRequest]
    let cursor = Atomic<Int>(0)

    init(engine: BookingEngine, availabilityQueries: [AvailabilityQuery], freeSlots: [BookingRequest]) {
        self.engine = engine
        self.availabilityQueries = availabilityQueries
        self.freeSlots = freeSlots
    }

    func nextFreeSlot() -> BookingRequest {
        let index = cursor.add(1, ordering: .relaxed).oldValue
        return freeSlots[index % freeSlots.count]
    }

    static func prepare() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "booking-bench-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteBookingStore(path: directory.appendingPathComponent("bench.sqlite").path)
        let club = benchmarkClub()
        try await store.seed(club: club, members: [])
        var generator = SplitMix(seed: 2026)
        var rows: [Booking] = []
        rows.reserveCapacity(200_000)
        let created = LocalCalendar.instant(firstDay, minuteOfDay: 0, in: zone).addingTimeInterval(-86_400)
        func booking(_ location: String, _ bay: Int, _ start: Date, _ minutes: Int, _ status: Booking.Status) -> Booking
        {
            Booking(
                ref: String(format: "B%06d", rows.count),
                locationID: location,
                bay: bay,
                interval: Interval(start: start, minutes: minutes),
                memberPhone: String(format: "+1902555%04d", rows.count % 10_000),
                partySize: 2,
                status: status,
                priceCents: 5000,
                channel: "bench",
                createdAt: created,
                updatedAt: created
            )
        }
        var free: [BookingRequest] = []
        for dayIndex in 0..<days {
            let day = firstDay.adding(days: dayIndex)
            for location in club.locations {
                for bay in location.bays {
                    for hour in stride(from: 0, to: 24, by: 2) {
                        let start = LocalCalendar.instant(day, minuteOfDay: hour * 60, in: zone)
                        rows.append(booking(location.id, bay.number, start, 60, .confirmed))
                        let gap = LocalCalendar.instant(day, minuteOfDay: (hour + 1) * 60, in: zone)
                        free.append(
                            BookingRequest(
                                location: location.id,
                                bay: bay.number,
                                start: gap,
                                minutes: 60,
                                memberPhone: String(format: "+1782555%04d", free.count % 10_000),
                                partySize: 2,
                                channel: "bench",
                                isStaff: true
                            )
                        )
                    }
                }
            }
        }
        while rows.count < 200_000 {
            let location = club.locations[Int(generator.next() % UInt64(club.locations.count))]
            let bay = Int(generator.next() % 6) + 1
            let day = firstDay.adding(days: Int(generator.next() % UInt64(days)))
            let minute = Int(generator.next() % 46) * 30
            let start = LocalCalendar.instant(day, minuteOfDay: minute, in: zone)
            rows.append(booking(location.id, bay, start, 60, .cancelled))
        }
        try await store.insertBulk(rows)
        let now = LocalCalendar.instant(firstDay, minuteOfDay: 0, in: zone)
        let engine = BookingEngine(club: club, store: store, clock: FixedClock(now), refs: .seeded(1))
        let queries = (0..<days).flatMap { dayIndex in
            club.locations.map { AvailabilityQuery(location: $0.id, day: firstDay.adding(days: dayIndex), minutes: 60) }
        }
        // Interleave days so consecutive bookings do not hit the same pages.
        var shuffled = free
        for index in shuffled.indices.reversed() {
            shuffled.swapAt(index, Int(generator.next() % UInt64(index + 1)))
        }
        shared.withLock { $0 = Fixture(engine: engine, availabilityQueries: queries, freeSlots: shuffled) }
    }

    static func benchmarkClub() -> Club {
        let locations = ["bedford", "dartmouth", "halifax", "truro"].map { id in
            Location(
                id: id,
                name: id.capitalized,
                timeZone: zone,
                bays: (1...6).map { Bay(number: $0, capacity: 4) },
                hours: .alwaysOpen,
                centsPerHour: 5000
            )
        }
        let tier = Tier(
            id: "bench",
            name: "Bench",
            maxMinutes: 240,
            advanceDays: 120,
            maxActiveBookings: 1_000_000,
            maxHoursPerWeek: 1_000_000
        )
        return Club(
            name: "Benchmark club",
            timeZone: zone,
            locations: locations,
            tiers: [tier],
            policies: Policies(defaultTierID: "bench"),
            pricing: Pricing()
        )
    }
}

/// A small deterministic generator so every run builds the same database.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
