import BookingCore
import BookingEngine
import Foundation
import TestSupport
import Testing

@Suite("DST days, the grid and prices")
struct TimeAndPriceTests {
    /// Start times on one bay of a 24/7 location: 48 on a normal day, 46 and 50 on DST days.
    @Test(arguments: [
        (LocalDay(year: 2026, month: 3, day: 8), 46),
        (LocalDay(year: 2026, month: 11, day: 1), 50),
        (LocalDay(year: 2026, month: 11, day: 26), 48),
    ])
    func availabilityFollowsTheWallClockOnDSTDays(day: LocalDay, starts: Int) async throws {
        let harness = try await EngineHarness(now: at(2026, 1, 1, 0))
        let slots = try await harness.engine.availability(
            AvailabilityQuery(location: "bedford", day: day, minutes: 60, bay: 1)
        )
        #expect(slots.count == starts)
        #expect(slots.allSatisfy { $0.interval.minutes == 60 })
        let zone = TestClub.halifaxZone
        #expect(slots.allSatisfy { LocalCalendar.minuteOfDay($0.interval.start, in: zone) % 30 == 0 })
    }

    @Test func aStartInTheSpringGapMovesForwardAndLengthsAreElapsedTime() async throws {
        let harness = try await EngineHarness(now: at(2026, 3, 1, 12))
        // 02:30 does not exist on 2026-03-08 in Halifax: it resolves to 03:30 ADT.
        let gap = at(2026, 3, 8, 2, 30)
        #expect(ISOTime.string(gap, zone: TestClub.halifaxZone) == "2026-03-08T03:30:00-03:00")
        let booking = try #require(try await harness.book(harness.request(at(2026, 3, 8, 1, 0), minutes: 120)))
        #expect(ISOTime.string(booking.interval.end, zone: TestClub.halifaxZone) == "2026-03-08T04:00:00-03:00")
    }

    @Test func theRepeatedAutumnHourMeansItsFirstOccurrence() async throws {
        let harness = try await EngineHarness(now: at(2026, 10, 25, 12))
        let start = at(2026, 11, 1, 1, 30)
        #expect(ISOTime.string(start, zone: TestClub.halifaxZone) == "2026-11-01T01:30:00-03:00")
        let booking = try #require(try await harness.book(harness.request(bay: 1, start, minutes: 120)))
        #expect(ISOTime.string(booking.interval.end, zone: TestClub.halifaxZone) == "2026-11-01T02:30:00-04:00")
        // The second 01:30 (-04:00) is inside that booking.
        let second = try await harness.refusal(
            harness.request(bay: 1, start.addingTimeInterval(3600), member: TestClub.vipPhone)
        )
        #expect(second?.rule == "taken")
    }

    @Test(arguments: [
        // Wednesday 10-11: standard rate.
        (2026, 11, 25, 10, 60, 4500, PriceQuote.Rate.standard),
        // Wednesday 19-20: peak +20 %.
        (2026, 11, 25, 19, 60, 5400, .peak),
        // Thursday 7-8: early bird -15 %.
        (2026, 11, 26, 7, 60, 3825, .earlyBird),
        // Wednesday 22-23: late night -25 %.
        (2026, 11, 25, 22, 60, 3375, .lateNight),
        // Saturday 10-11: weekend peak.
        (2026, 11, 28, 10, 60, 5400, .peak),
        // Saturday 22-23: late night beats weekend peak.
        (2026, 11, 28, 22, 60, 3375, .lateNight),
    ])
    func pricesFollowTheTimeOfDay(
        year: Int,
        month: Int,
        day: Int,
        hour: Int,
        minutes: Int,
        cents: Int,
        rate: PriceQuote.Rate
    ) async throws {
        let harness = try await EngineHarness()
        let quote = try harness.engine.quote(
            location: "bedford",
            interval: Interval(start: at(year, month, day, hour), minutes: minutes)
        )
        #expect(quote.totalCents == cents)
        #expect(quote.lines.map(\.rate) == [rate])
    }

    @Test func aSlotAcrossRatesIsPricedPerPartAndTheTierDiscountComesLast() async throws {
        let harness = try await EngineHarness()
        let quote = try harness.engine.quote(
            location: "bedford",
            interval: Interval(start: at(2026, 11, 25, 16, 30), minutes: 60),
            tierID: "vip"
        )
        #expect(
            quote.lines == [
                PriceQuote.Line(rate: .standard, minutes: 30, cents: 2250),
                PriceQuote.Line(rate: .peak, minutes: 30, cents: 2700),
            ]
        )
        #expect(quote.tierDiscountCents == 990 && quote.totalCents == 3960)
    }

    @Test func availabilityRespectsBookingsHoursAndTheCutoff() async throws {
        let harness = try await EngineHarness()
        #expect(try await harness.book(harness.request("truro", bay: 1, at(2026, 11, 25, 18))) != nil)
        let slots = try await harness.engine.availability(
            AvailabilityQuery(location: "truro", day: LocalDay(year: 2026, month: 11, day: 25), minutes: 60)
        )
        let zone = TestClub.halifaxZone
        // Now is 10:00 with a 1-hour cutoff: the first start is 11:00; Truro closes at 23:00.
        #expect(slots.first?.interval.start == at(2026, 11, 25, 11))
        #expect(slots.last?.interval.end == at(2026, 11, 25, 23))
        #expect(!slots.contains { $0.bay == 1 && $0.interval.start == at(2026, 11, 25, 18) })
        #expect(slots.contains { $0.bay == 2 && $0.interval.start == at(2026, 11, 25, 18) })
        #expect(slots.allSatisfy { LocalCalendar.minuteOfDay($0.interval.start, in: zone) % 30 == 0 })
        await #expect(throws: BookingError.unknownBay(location: "Truro", bay: 7)) {
            try await harness.engine.availability(
                AvailabilityQuery(location: "truro", day: LocalDay(year: 2026, month: 11, day: 25), bay: 7)
            )
        }
    }
}
