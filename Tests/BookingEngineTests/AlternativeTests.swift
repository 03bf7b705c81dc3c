import BookingCore
import BookingEngine
import Foundation
import TestSupport
import Testing

@Suite("Alternatives: ranked, deterministic, and every one bookable")
struct AlternativeTests {
    @Test func aTakenBayGetsSameBayNearestThenAnotherBayThenAnotherLocation() async throws {
        let harness = try await EngineHarness()
        #expect(try await harness.book(harness.request(bay: 3, at(2026, 11, 25, 19), minutes: 120, party: 4)) != nil)
        let outcome = try await harness.engine.book(
            harness.request(bay: 3, at(2026, 11, 25, 19), minutes: 120, member: TestClub.vipPhone, party: 4)
        )
        guard case .rejected(let error, let alternatives) = outcome else {
            Issue.record("expected a refusal")
            return
        }
        #expect(error == .taken(location: "Bedford", bay: 3))
        // Same bay, nearest free time (a tie between 21:00 and 17:00 goes to the later one);
        // then bay 1, the lowest other bay that seats 4; then Dartmouth, the next location.
        #expect(
            alternatives == [
                Proposal(
                    locationID: "bedford",
                    bay: 3,
                    interval: Interval(start: at(2026, 11, 25, 21), minutes: 120),
                    priceCents: 5400
                ),
                Proposal(
                    locationID: "bedford",
                    bay: 1,
                    interval: Interval(start: at(2026, 11, 25, 19), minutes: 120),
                    priceCents: 8640
                ),
                Proposal(
                    locationID: "dartmouth",
                    bay: 1,
                    interval: Interval(start: at(2026, 11, 25, 19), minutes: 120),
                    priceCents: 8640
                ),
            ]
        )
    }

    @Test func theSameRequestAlwaysGetsTheSameAlternatives() async throws {
        let harness = try await EngineHarness()
        #expect(try await harness.book(harness.request(bay: 1, at(2026, 11, 26, 18), minutes: 60)) != nil)
        let request = harness.request(bay: 1, at(2026, 11, 26, 18), member: TestClub.vipPhone)
        let first = try await harness.engine.book(request)
        let second = try await harness.engine.book(request)
        #expect(first == second)
    }

    @Test(arguments: [
        // Truro closes at 23:00 on weekdays: a 2-hour slot at 22:00 is refused.
        ("truro", 22, 0, 120, "opening_hours"),
        // Halifax's private event.
        ("halifax", 19, 0, 60, "blackout"),
        // Inside the last-minute cutoff (now is 10:00 on the 25th, these ask for 10:30 that day).
        ("bedford", 10, 30, 60, "last_minute_cutoff"),
    ])
    func everyAlternativePassesEveryRule(
        location: String,
        hour: Int,
        minute: Int,
        minutes: Int,
        rule: String
    ) async throws {
        let harness = try await EngineHarness()
        let day = rule == "blackout" ? at(2026, 12, 12, hour, minute) : at(2026, 11, 25, hour, minute)
        let outcome = try await harness.engine.book(
            harness.request(location, day, minutes: minutes, member: TestClub.vipPhone)
        )
        guard case .rejected(let error, let alternatives) = outcome else {
            Issue.record("expected a refusal")
            return
        }
        #expect(error.rule == rule)
        #expect(!alternatives.isEmpty && alternatives.count <= 3)
        for proposal in alternatives {
            let booked = try await harness.engine.book(
                BookingRequest(
                    location: proposal.locationID,
                    bay: proposal.bay,
                    start: proposal.interval.start,
                    minutes: proposal.interval.minutes,
                    memberPhone: TestClub.vipPhone
                )
            )
            let booking = try #require(booked.booking, "alternative \(proposal) was refused: \(booked)")
            #expect(booking.priceCents == proposal.priceCents)
            _ = try await harness.engine.cancel(ref: booking.ref)
        }
    }

    @Test func limitsThatNoSlotCanFixGetNoAlternatives() async throws {
        let harness = try await EngineHarness()
        let outcome = try await harness.engine.book(harness.request(at(2026, 11, 26, 12), minutes: 240))
        #expect(outcome == .rejected(.tooLong(tierName: "Standard", maximumMinutes: 180), alternatives: []))
    }

    @Test func aFullLocationProposesOtherTimesAndLocations() async throws {
        let harness = try await EngineHarness()
        for (bay, member) in [(1, TestClub.standardPhone), (2, TestClub.earlyAccessPhone), (3, TestClub.vipPhone)] {
            #expect(
                try await harness.book(harness.request("truro", bay: bay, at(2026, 11, 26, 18), member: member)) != nil
            )
        }
        let outcome = try await harness.engine.book(
            harness.request("truro", at(2026, 11, 26, 18), member: TestClub.vipPhone)
        )
        guard case .rejected(let error, let alternatives) = outcome else {
            Issue.record("expected a refusal")
            return
        }
        #expect(error.message == "Every bay at Truro is booked then.")
        #expect(alternatives.map(\.locationID) == ["truro", "bedford", "truro"])
        #expect(alternatives.first?.interval.start == at(2026, 11, 26, 19))
        #expect(alternatives.last?.interval.start == at(2026, 11, 26, 17))
    }
}
