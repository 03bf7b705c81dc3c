import BookingCore
import BookingStoreSQLite
import Foundation

/// A fresh directory for one test's database files, removed when the test's body returns.
@discardableResult
func withTemporaryStorePath<T>(_ body: (String) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("BookingStoreSQLiteTests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await body(directory.appendingPathComponent("club.sqlite").path)
}

/// A store on a fresh file.
@discardableResult
func withTemporaryStore<T>(_ body: (SQLiteBookingStore) async throws -> T) async throws -> T {
    try await withTemporaryStorePath { path in try await body(try SQLiteBookingStore(path: path)) }
}

/// 2026-01-01T00:00:00Z: a fixed reference so every run builds the same instants.
let referenceDay = Date(timeIntervalSince1970: 1_767_225_600)

/// An instant `day` days after the reference day at `hour:minute` UTC.
func utc(day: Int = 0, _ hour: Int, _ minute: Int = 0) -> Date {
    referenceDay.addingTimeInterval(TimeInterval(((day * 24 + hour) * 60 + minute) * 60))
}

/// A confirmed booking with plausible values for everything the test does not care about.
func makeBooking(
    ref: String,
    locationID: String = "bedford",
    bay: Int = 1,
    start: Date = utc(9),
    end: Date? = nil,
    memberPhone: String = "+19025550101",
    status: Booking.Status = .confirmed,
    idempotencyKey: String? = nil
) -> Booking {
    Booking(
        ref: ref,
        locationID: locationID,
        bay: bay,
        interval: Interval(start: start, end: end ?? start.addingTimeInterval(3600)),
        memberPhone: memberPhone,
        partySize: 2,
        status: status,
        priceCents: 4500,
        channel: "cli",
        createdAt: utc(day: -1, 12),
        updatedAt: utc(day: -1, 12),
        idempotencyKey: idempotencyKey
    )
}

/// Two locations, three bays, two tiers; enough to see every seeded table fill.
func makeClub() -> Club {
    let halifax = TimeZone(identifier: "America/Halifax") ?? LocalCalendar.utc
    return Club(
        name: "Test Golf",
        timeZone: halifax,
        locations: [
            Location(
                id: "bedford",
                name: "Bedford",
                aliases: ["bed"],
                timeZone: halifax,
                address: "1 Main St",
                bays: [Bay(number: 1, capacity: 4, deviceID: "TM-BAY-01"), Bay(number: 2, capacity: 6)],
                hours: .alwaysOpen,
                centsPerHour: 4500
            ),
            Location(
                id: "dartmouth",
                name: "Dartmouth",
                timeZone: halifax,
                bays: [Bay(number: 1, capacity: 4, simulator: "GCQuad")],
                hours: .alwaysOpen,
                centsPerHour: 4000
            ),
        ],
        tiers: [
            Tier(
                id: "non_member",
                name: "Guest",
                maxMinutes: 120,
                advanceDays: 7,
                maxActiveBookings: 2,
                maxHoursPerWeek: 4
            ),
            Tier(
                id: "vip",
                name: "VIP",
                tags: ["EARLY_ACCESS"],
                maxMinutes: 240,
                advanceDays: 14,
                maxActiveBookings: 5,
                maxHoursPerWeek: 20,
                discountPercent: 10
            ),
        ],
        policies: Policies(),
        pricing: Pricing()
    )
}

/// A member with every optional field filled.
func makeMember(phone: String = "+19025550101", name: String = "Ada Lovelace") -> Member {
    Member(
        phone: phone,
        name: name,
        email: "ada@example.com",
        hubspotID: "hs-101",
        tierID: "vip",
        tags: ["EARLY_ACCESS"]
    )
}

/// A test-only failure, thrown to make a `write` roll back.
struct AbandonTransaction: Error {}
