import BookingCore
import BookingEngine
import Foundation
import TestSupport

/// An engine on a fresh SQLite store and the test club, stopped at a chosen instant.
struct EngineHarness {
    let temporary: TemporaryStore
    let engine: BookingEngine
    let club: Club

    init(now: Date = TestClub.now, bufferMinutes: Int = 0) async throws {
        club = TestClub.make(bufferMinutes: bufferMinutes)
        temporary = try await TemporaryStore(club: club)
        engine = BookingEngine(club: club, store: temporary.store, clock: FixedClock(now), refs: .seeded(42))
    }

    /// The same store seen at another instant.
    func at(_ now: Date) -> BookingEngine {
        BookingEngine(club: club, store: temporary.store, clock: FixedClock(now), refs: .seeded(7))
    }

    /// A request at Bedford.
    func request(
        bay: Int? = nil,
        _ start: Date,
        minutes: Int = 60,
        member: String = TestClub.standardPhone,
        party: Int = 1,
        staff: Bool = false,
        key: String? = nil
    ) -> BookingRequest {
        request("bedford", bay: bay, start, minutes: minutes, member: member, party: party, staff: staff, key: key)
    }

    func request(
        _ location: String,
        bay: Int? = nil,
        _ start: Date,
        minutes: Int = 60,
        member: String = TestClub.standardPhone,
        party: Int = 1,
        staff: Bool = false,
        key: String? = nil
    ) -> BookingRequest {
        BookingRequest(
            location: location,
            bay: bay,
            start: start,
            minutes: minutes,
            memberPhone: member,
            partySize: party,
            isStaff: staff,
            idempotencyKey: key
        )
    }

    /// Books and returns the booking, or nil when refused.
    @discardableResult
    func book(_ request: BookingRequest) async throws -> Booking? {
        try await engine.book(request).booking
    }

    /// The rule error of a refused request, or nil when it was booked.
    func refusal(_ request: BookingRequest) async throws -> BookingError? {
        if case .rejected(let error, _) = try await engine.book(request) { return error }
        return nil
    }
}

func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
    TestClub.at(year, month, day, hour, minute)
}
