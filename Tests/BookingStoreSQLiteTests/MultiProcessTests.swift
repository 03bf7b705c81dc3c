import BookingCore
import BookingStoreSQLite
import Foundation
import Testing

/// Two stores on one file have two `DatabasePool`s, so they contend for SQLite's file locks the way two
/// `booking` processes do.
@Suite("SQLite store shared by several processes")
struct MultiProcessTests {
    @Test func concurrentWritersOnOneFileWaitInsteadOfFailing() async throws {
        try await withTemporaryStorePath { path in
            let stores = [try SQLiteBookingStore(path: path), try SQLiteBookingStore(path: path)]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<8 {
                    let store = stores[task % stores.count]
                    group.addTask {
                        for index in 0..<50 {
                            let booking = makeBooking(
                                ref: "T\(task)-\(index)",
                                bay: task + 1,
                                start: utc(day: index, 9)
                            )
                            try await store.write { transaction in
                                // A read before the insert: a DEFERRED transaction would fail here with SQLITE_BUSY.
                                _ = try transaction.confirmedBookings(
                                    locationID: "bedford",
                                    overlapping: booking.interval
                                )
                                try transaction.insert(booking)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await stores[0].bookingCount() == 400)
            #expect(try await stores[1].bookingCount() == 400)
        }
    }

    @Test func checkThenInsertBooksAContestedSlotExactlyOnce() async throws {
        try await withTemporaryStorePath { path in
            let stores = [try SQLiteBookingStore(path: path), try SQLiteBookingStore(path: path)]
            let slot = Interval(start: utc(19), end: utc(21))
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for attempt in 0..<16 {
                    let store = stores[attempt % stores.count]
                    group.addTask {
                        try await store.write { transaction in
                            let taken = try transaction.confirmedBookings(locationID: "bedford", overlapping: slot)
                                .contains { $0.bay == 1 }
                            guard !taken else { return false }
                            try transaction.insert(
                                makeBooking(ref: "RACE-\(attempt)", start: slot.start, end: slot.end)
                            )
                            return true
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            #expect(try await stores[0].bookingCount() == 1)
        }
    }

    @Test(arguments: 0..<5)
    func storesOpeningAFreshFileTogetherAllMigrateIt(round: Int) async throws {
        try await withTemporaryStorePath { path in
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 {
                    group.addTask { try await SQLiteBookingStore(path: path).appliedMigrations().count }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(counts == Array(repeating: allMigrations.count, count: 6))
        }
    }
}
