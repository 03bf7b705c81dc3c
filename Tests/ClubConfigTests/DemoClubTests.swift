import BookingCore
import ClubConfig
import Foundation
import TestSupport
import Testing

@Suite("The demo club in Config/club.yaml")
struct DemoClubTests {
    let file: ClubFile

    init() throws {
        file = try DemoClub.load()
    }

    @Test func hasAtLeastFourLocationsWithThreeToEightBaysNumberedFromOne() {
        #expect(file.club.locations.count >= 4)
        for location in file.club.locations {
            #expect((3...8).contains(location.bays.count), "\(location.id)")
            #expect(location.bays.map(\.number) == Array(1...location.bays.count), "\(location.id)")
            #expect(location.bays.allSatisfy { (1...6).contains($0.capacity) && $0.simulator == "TrackMan" })
            #expect(location.bays.allSatisfy { $0.deviceID?.hasPrefix("TM-") == true })
        }
    }

    @Test func findsLocationsByIdAndAlias() {
        #expect(file.club.location("bed")?.id == "bedford")
        #expect(file.club.location("Larry Uteck")?.id == "bedford")
        #expect(file.club.location("dartmouth crossing")?.id == "dartmouth")
        #expect(file.club.location("HFX")?.id == "halifax")
        #expect(file.club.location("quinpool")?.id == "halifax")
        #expect(file.club.location("truro")?.id == "truro")
    }

    @Test func usesHalifaxTimeWithOneLocationInNewfoundlandTime() throws {
        #expect(file.club.timeZone.identifier == "America/Halifax")
        let stJohns = try #require(file.club.location("stjohns"))
        #expect(stJohns.timeZone.identifier == "America/St_Johns")
        #expect(file.club.location("halifax")?.timeZone.identifier == "America/Halifax")
    }

    @Test func truroHasLimitedHoursWithFridayPassingMidnight() throws {
        let truro = try #require(file.club.location("truro"))
        #expect(truro.hours != .alwaysOpen)
        #expect(truro.hours.windows(on: .monday) == [DailyWindow(openMinute: 7 * 60, closeMinute: 23 * 60)])
        #expect(truro.hours.windows(on: .thursday) == [DailyWindow(openMinute: 7 * 60, closeMinute: 23 * 60)])
        #expect(truro.hours.windows(on: .friday) == [DailyWindow(openMinute: 7 * 60, closeMinute: 26 * 60)])
        #expect(truro.hours.windows(on: .saturday) == [DailyWindow(openMinute: 8 * 60, closeMinute: 26 * 60)])
        #expect(truro.hours.windows(on: .sunday) == [DailyWindow(openMinute: 8 * 60, closeMinute: 22 * 60)])
        #expect(file.club.location("bedford")?.hours == .alwaysOpen)
    }

    @Test func blackoutsAreLocalTimesInTheLocationsZone() throws {
        let halifaxZone = try #require(TimeZone(identifier: "America/Halifax"))
        let dartmouth = try #require(file.club.location("dartmouth"))
        let maintenance = try #require(dartmouth.blackouts.first)
        #expect(maintenance.reason == .maintenance)
        #expect(maintenance.bays == [2])
        #expect(maintenance.covers(bay: 2) && !maintenance.covers(bay: 1))
        let day = try #require(LocalDay("2026-12-02"))
        #expect(maintenance.interval.start == LocalCalendar.instant(day, minuteOfDay: 6 * 60, in: halifaxZone))
        #expect(maintenance.interval.minutes == 6 * 60)

        let event = try #require(file.club.location("halifax")?.blackouts.first)
        #expect(event.reason == .privateEvent && event.bays == nil && event.interval.minutes == 5 * 60)

        let christmas = try #require(file.club.location("truro")?.blackouts.first)
        let christmasDay = try #require(LocalDay("2026-12-25"))
        #expect(christmas.reason == .holiday)
        #expect(christmas.interval == LocalCalendar.span(of: christmasDay, in: halifaxZone))
    }

    @Test func tiersAndPoliciesMatchTheClubPlan() throws {
        #expect(file.club.tiers.map(\.id) == ["non_member", "standard", "vip"])
        #expect(file.club.tiers.map(\.advanceDays) == [7, 14, 30])
        #expect(file.club.tiers.map(\.maxMinutes) == [120, 180, 240])
        #expect(file.club.tiers.map(\.maxActiveBookings) == [1, 3, 6])
        #expect(file.club.tiers.map(\.maxHoursPerWeek) == [4, 8, 20])
        #expect(file.club.tiers.map(\.discountPercent) == [0, 10, 20])
        #expect(file.club.tier("vip")?.tags == ["EARLY_ACCESS"])
        #expect(file.club.defaultTier?.id == "non_member")
        #expect(file.club.policies == Policies())
        #expect(file.club.pricing == Pricing())
    }

    @Test func membersAreStoredInE164WithKnownTiers() {
        #expect(file.members.count == 10)
        #expect(file.members.map(\.phone) == (1...10).map { String(format: "+1902555%04d", 100 + $0) })
        #expect(file.members.filter { $0.tierID == "vip" }.count == 2)
        #expect(file.members.contains { $0.tierID == "standard" && $0.tags == ["EARLY_ACCESS"] })
        #expect(file.members.contains { $0.hubspotID != nil })
        #expect(file.members.allSatisfy { file.club.tier($0.tierID) != nil })
    }
}
