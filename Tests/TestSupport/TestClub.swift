public import BookingCore
public import Foundation

/// A small club built in code for engine tests.
///
/// Tests state their rules here and not in the demo YAML a club owner may edit. Reference time for
/// most tests: Wednesday 2026-11-25 10:00 in Halifax.
public enum TestClub {
    public static let halifaxZone = TimeZone(identifier: "America/Halifax") ?? .current

    public static let standardPhone = "+19025550101"
    public static let vipPhone = "+19025550102"
    public static let earlyAccessPhone = "+19025550103"
    public static let nonMemberPhone = "+19025550199"

    /// Wednesday 2026-11-25 10:00 -04:00.
    public static let now = at(2026, 11, 25, 10, 0)

    /// A wall-clock time in Halifax.
    public static func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int) -> Date {
        LocalCalendar.instant(
            LocalDay(year: year, month: month, day: day),
            minuteOfDay: hour * 60 + minute,
            in: halifaxZone
        )
    }

    public static func make(bufferMinutes: Int = 0) -> Club {
        let bedford = Location(
            id: "bedford",
            name: "Bedford",
            aliases: ["bed"],
            timeZone: halifaxZone,
            bays: [
                Bay(number: 1, capacity: 4), Bay(number: 2, capacity: 4), Bay(number: 3, capacity: 6),
                Bay(number: 4, capacity: 2),
            ],
            hours: .alwaysOpen,
            centsPerHour: 4500
        )
        let dartmouth = Location(
            id: "dartmouth",
            name: "Dartmouth",
            timeZone: halifaxZone,
            bays: [Bay(number: 1, capacity: 4), Bay(number: 2, capacity: 4), Bay(number: 3, capacity: 4)],
            hours: .alwaysOpen,
            blackouts: [
                Blackout(
                    reason: .maintenance,
                    description: "TrackMan calibration",
                    interval: Interval(start: at(2026, 12, 2, 6, 0), end: at(2026, 12, 2, 12, 0)),
                    bays: [2]
                )
            ],
            centsPerHour: 4500
        )
        let halifax = Location(
            id: "halifax",
            name: "Halifax",
            timeZone: halifaxZone,
            bays: [Bay(number: 1, capacity: 6), Bay(number: 2, capacity: 6), Bay(number: 3, capacity: 6)],
            hours: .alwaysOpen,
            blackouts: [
                Blackout(
                    reason: .privateEvent,
                    description: "Corporate tournament",
                    interval: Interval(start: at(2026, 12, 12, 18, 0), end: at(2026, 12, 12, 23, 0))
                )
            ],
            centsPerHour: 5000
        )
        let weekday = [DailyWindow(openMinute: 7 * 60, closeMinute: 23 * 60)]
        let truro = Location(
            id: "truro",
            name: "Truro",
            timeZone: halifaxZone,
            bays: [Bay(number: 1, capacity: 4), Bay(number: 2, capacity: 4), Bay(number: 3, capacity: 4)],
            hours: .weekly([
                .monday: weekday, .tuesday: weekday, .wednesday: weekday, .thursday: weekday,
                .friday: [DailyWindow(openMinute: 7 * 60, closeMinute: 26 * 60)],
                .saturday: [DailyWindow(openMinute: 8 * 60, closeMinute: 26 * 60)],
                .sunday: [DailyWindow(openMinute: 8 * 60, closeMinute: 22 * 60)],
            ]),
            centsPerHour: 4000
        )
        return Club(
            name: "Test Club",
            timeZone: halifaxZone,
            locations: [bedford, dartmouth, halifax, truro],
            tiers: [
                Tier(
                    id: "non_member",
                    name: "Non-member",
                    maxMinutes: 120,
                    advanceDays: 7,
                    maxActiveBookings: 1,
                    maxHoursPerWeek: 4
                ),
                Tier(
                    id: "standard",
                    name: "Standard",
                    maxMinutes: 180,
                    advanceDays: 14,
                    maxActiveBookings: 3,
                    maxHoursPerWeek: 8,
                    discountPercent: 10
                ),
                Tier(
                    id: "vip",
                    name: "VIP",
                    tags: ["EARLY_ACCESS"],
                    maxMinutes: 240,
                    advanceDays: 14,
                    maxActiveBookings: 6,
                    maxHoursPerWeek: 20,
                    discountPercent: 20
                ),
            ],
            policies: Policies(bufferMinutes: bufferMinutes),
            pricing: Pricing()
        )
    }

    public static let members: [Member] = [
        Member(phone: standardPhone, name: "Sam Standard", tierID: "standard"),
        Member(phone: vipPhone, name: "Vera VIP", tierID: "vip"),
        Member(phone: earlyAccessPhone, name: "Eli Early", tierID: "standard", tags: ["EARLY_ACCESS"]),
    ]
}
