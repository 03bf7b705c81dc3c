import BookingCore
import BookingEngine
import BookingStorePostgres
import Foundation
import TestSupport
import Testing

/// What PostgreSQL is for: several agent instances on one database.
@Suite("PostgreSQL: several instances, one set of bays")
struct MultiInstanceTests {
    /// Instances starting at the same moment on an empty database all come up; the schema is made once.
    @Test func instancesStartingTogetherMigrateOnce() async throws {
        let settings = try await PostgresServer.database()
        let opened = await withTaskGroup(of: Result<PostgresBookingStore, any Error>.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    do {
                        return .success(try await PostgresBookingStore.open(settings))
                    } catch {
                        return .failure(error)
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let stores = opened.compactMap { try? $0.get() }
        #expect(stores.count == 4, "\(opened)")
        if let store = stores.first {
            let booking = StoreConformanceTests.booking("M1")
            try? await store.write { try $0.insert(booking) }
            for store in stores {
                let read = try? await store.read { try $0.booking(ref: "M1") }
                #expect(read == booking)
            }
        }
        for store in stores { await store.close() }
    }

    /// Three instances, each with its own engine, race 24 customers for bay 2 at 7 pm: one gets it, the
    /// others are refused with alternatives, and the database holds one confirmed booking there.
    @Test func instancesRacingForOneBayBookItOnce() async throws {
        try await PostgresServer.withStores(3) { stores in
            try await stores[0].seed(members: TestClub.members)
            let club = TestClub.make()
            let engines = stores.enumerated().map { index, store in
                BookingEngine(
                    club: club,
                    store: store,
                    clock: FixedClock(TestClub.now),
                    refs: .seeded(UInt64(index + 1))
                )
            }
            let start = StoreConformanceTests.tomorrow7pm
            let outcomes = try await withThrowingTaskGroup(of: BookingOutcome.self) { group in
                for attempt in 0..<24 {
                    let engine = engines[attempt % engines.count]
                    group.addTask {
                        try await engine.book(
                            BookingRequest(
                                location: "bedford",
                                bay: 2,
                                start: start,
                                minutes: 60,
                                memberPhone: "+1902555\(2000 + attempt)",
                                memberName: "Racer \(attempt)"
                            )
                        )
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.compactMap(\.booking).count == 1)
            #expect(outcomes.filter { if case .rejected = $0 { true } else { false } }.count == 23)
            let hour = Interval(start: start, end: start.addingTimeInterval(3600))
            let held = try await stores[1].read { try $0.confirmedBookings(locationID: "bedford", overlapping: hour) }
            #expect(held.filter { $0.bay == 2 }.count == 1)
        }
    }

    /// Even a writer that skips the engine cannot put two confirmed bookings on one bay at once; a
    /// cancelled booking may overlap, and back-to-back bookings are fine.
    @Test func theDatabaseRefusesOverlapsWhateverWritesThem() async throws {
        try await PostgresServer.withStores(1) { stores in
            let store = stores[0]
            let first = StoreConformanceTests.booking("X1", bay: 3)
            try await store.write { try $0.insert(first) }
            let overlapping = StoreConformanceTests.booking(
                "X2",
                bay: 3,
                start: first.interval.start.addingTimeInterval(30 * 60)
            )
            await #expect(throws: StoreError.overlapping(ref: "X2")) {
                try await store.write { try $0.insert(overlapping) }
            }
            let cancelled = StoreConformanceTests.booking("X3", bay: 3, status: .cancelled)
            let backToBack = StoreConformanceTests.booking("X4", bay: 3, start: first.interval.end)
            let otherBay = StoreConformanceTests.booking("X5", bay: 4)
            try await store.write { transaction in
                for booking in [cancelled, backToBack, otherBay] { try transaction.insert(booking) }
            }
            // Confirming the cancelled one again would double-book the bay.
            var revived = cancelled
            revived.status = .confirmed
            let update = revived
            await #expect(throws: StoreError.overlapping(ref: "X3")) {
                try await store.write { try $0.update(update) }
            }
        }
    }

    /// The server drops every connection (a restart, a fail-over): the store connects again by itself; at
    /// most the first call on each connection fails, and nothing written before is lost.
    @Test func theStoreReconnectsAfterTheServerDropsItsConnections() async throws {
        let settings = try await PostgresServer.database()
        try await PostgresServer.withStores(1, settings: settings) { stores in
            let store = stores[0]
            let before = StoreConformanceTests.booking("D1")
            try await store.write { try $0.insert(before) }
            try await PostgresServer.dropConnections(to: settings.database)

            var failures = 0
            var read: Booking?
            for _ in 0..<3 where read == nil {
                do {
                    read = try await store.read { try $0.booking(ref: "D1") }
                } catch {
                    failures += 1
                }
            }
            #expect(read == before)
            #expect(failures <= 1)
            var written = false
            for _ in 0..<2 where !written {
                do {
                    try await store.write { try $0.insert(StoreConformanceTests.booking("D2", bay: 2)) }
                    written = true
                } catch {
                    failures += 1
                }
            }
            #expect(written)
            #expect(failures <= 2)
            #expect(try await store.read { try $0.booking(ref: "D2") } != nil)
        }
    }

    @Test func aURLNamesTheServer() throws {
        let settings = try PostgresSettings(url: "postgres://agent:s%40cret@db.club.internal:6432/booking")
        #expect(
            settings
                == PostgresSettings(
                    host: "db.club.internal",
                    port: 6432,
                    username: "agent",
                    password: "s@cret",
                    database: "booking"
                )
        )
        #expect(try PostgresSettings(url: "postgresql://agent@localhost/booking").port == 5432)
        for bad in ["mysql://a@b/c", "postgres://localhost/booking", "postgres://a@b", "postgres://a@b/", "not a url"] {
            #expect(throws: PostgresSettingsError.invalidURL(bad)) { try PostgresSettings(url: bad) }
        }
    }
}
