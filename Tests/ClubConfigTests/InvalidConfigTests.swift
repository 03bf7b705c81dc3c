import BookingCore
import ClubConfig
import Foundation
import Testing

/// A small valid club; each bad case changes one piece of it.
let validClub = """
    name: Test Club
    time_zone: America/Halifax
    tiers:
      - id: non_member
        name: Non-member
        max_minutes: 120
        advance_days: 7
        max_active_bookings: 1
        max_hours_per_week: 4
    locations:
      - id: bedford
        name: Bedford
        price_per_hour_cents: 5000
        hours: 24/7
        bays:
          - number: 1
            capacity: 4
          - number: 2
            capacity: 4
    """

/// One bad file: the text to change in `validClub`, what to put instead, and the whole expected message.
struct BadCase: CustomTestStringConvertible, Sendable {
    let replace: String
    let with: String
    let message: String

    var testDescription: String { message }

    var yaml: String { validClub.replacingFirst(replace, with: with) }
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self + "\n# target not found: \(target)" }
        return replacingCharacters(in: range, with: replacement)
    }
}

let badCases: [BadCase] = [
    BadCase(
        replace: "        capacity: 4\n      - number: 2",
        with: "        capacity: 9\n      - number: 2",
        message: "club.yaml:17: locations[0].bays[0].capacity: must be between 1 and 6, got 9"
    ),
    BadCase(
        replace: "        capacity: 4\n      - number: 2",
        with: "        capactiy: 4\n      - number: 2",
        message: "club.yaml:17: locations[0].bays[0]: unknown key \"capactiy\" (did you mean \"capacity\"?)"
    ),
    BadCase(
        replace: "        capacity: 4\n      - number: 2",
        with: "        simulator: GCQuad\n      - number: 2",
        message: "club.yaml:16: locations[0].bays[0]: missing required key \"capacity\""
    ),
    BadCase(
        replace: "      - number: 2",
        with: "      - number: 1",
        message: "club.yaml:18: locations[0].bays[1].number: duplicate bay number 1"
    ),
    BadCase(
        replace: "      - number: 2",
        with: "      - number: 0",
        message: "club.yaml:18: locations[0].bays[1].number: must be between 1 and 999, got 0"
    ),
    BadCase(
        replace: "capacity: 4\n      - number: 2",
        with: "capacity: four\n      - number: 2",
        message: "club.yaml:17: locations[0].bays[0].capacity: expected a whole number, got \"four\""
    ),
    BadCase(
        replace: "    hours: 24/7",
        with: "    hours:\n      fri: 7am-late",
        message: "club.yaml:15: locations[0].hours.fri: expected \"HH:MM-HH:MM\" or closed, got \"7am-late\""
    ),
    BadCase(
        replace: "    hours: 24/7",
        with: "    hours:\n      mon-fri: \"07:00-23:00\"\n      wed: \"08:00-22:00\"",
        message: "club.yaml:16: locations[0].hours.wed: wed is already set by \"mon-fri\""
    ),
    BadCase(
        replace: "    hours: 24/7",
        with: "    hours:\n      fri: \"07:00-25:00\"",
        message: "club.yaml:15: locations[0].hours.fri: expected \"HH:MM-HH:MM\" or closed, got \"07:00-25:00\""
    ),
    BadCase(
        replace: "    hours: 24/7",
        with: "    hours:\n      fridy: \"07:00-23:00\"",
        message: "club.yaml:15: locations[0].hours: unknown day \"fridy\"; use mon..sun, a range such as mon-thu, "
            + "weekdays, weekends or daily"
    ),
    BadCase(
        replace: "    hours: 24/7",
        with: "    hours:\n      fri: \"07:00-04:00\"\n      sat: \"03:00-23:00\"",
        message: "club.yaml:15: locations[0].hours: fri runs past midnight into sat's opening"
    ),
    BadCase(
        replace: "    hours: 24/7",
        with: "    hours: sometimes",
        message: "club.yaml:14: locations[0].hours: expected 24/7, always, or a mapping of days to \"HH:MM-HH:MM\", "
            + "got \"sometimes\""
    ),
    BadCase(
        replace: "  - id: non_member\n",
        with: "  - id: non_member\n    name: Non-member\n    max_minutes: 120\n    advance_days: 7\n"
            + "    max_active_bookings: 1\n    max_hours_per_week: 4\n  - id: non_member\n",
        message: "club.yaml:10: tiers[1].id: duplicate tier \"non_member\""
    ),
    BadCase(
        replace: "tiers:\n",
        with: "policies:\n  default_tier: gold\ntiers:\n",
        message: "club.yaml:4: policies.default_tier: no tier \"gold\""
    ),
    BadCase(
        replace: "tiers:\n",
        with: "policies:\n  grid_minutes: 25\ntiers:\n",
        message: "club.yaml:4: policies.grid_minutes: must divide an hour evenly (5, 10, 15, 20, 30 or 60), got 25"
    ),
    BadCase(
        replace: "tiers:\n",
        with: "policies:\n  minimum_minutes: 45\ntiers:\n",
        message: "club.yaml:4: policies.minimum_minutes: must be a multiple of grid_minutes (30), got 45"
    ),
    BadCase(
        replace: "    max_minutes: 120",
        with: "    max_minutes: 30",
        message: "club.yaml:6: tiers[0].max_minutes: must be at least minimum_minutes (60), got 30"
    ),
    BadCase(
        replace: "tiers:\n",
        with: "pricing:\n  peak:\n    percent: 120\ntiers:\n",
        message: "club.yaml:5: pricing.peak.percent: must be between 0 and 100, got 120"
    ),
    BadCase(
        replace: "  - id: bedford",
        with: "  - id: Bedford",
        message: "club.yaml:11: locations[0].id: ids use only lowercase letters, digits and _, got \"Bedford\""
    ),
    BadCase(
        replace: "time_zone: America/Halifax",
        with: "time_zone: America/Halifx",
        message: "club.yaml:2: time_zone: unknown time zone \"America/Halifx\" (did you mean \"America/Halifax\"?)"
    ),
    BadCase(
        replace: "time_zone: America/Halifax",
        with: "time_zone: AST",
        message: "club.yaml:2: time_zone: unknown time zone \"AST\"; use an IANA id such as \"America/Halifax\""
    ),
    BadCase(
        replace: "name: Test Club\n",
        with: "",
        message: "club.yaml:1: missing required key \"name\""
    ),
    BadCase(
        replace: "name: Test Club",
        with: "nmae: Test Club",
        message: "club.yaml:1: unknown key \"nmae\" (did you mean \"name\"?)"
    ),
    BadCase(
        replace: "    hours: 24/7",
        with: "    hours: 24/7\n    blackouts:\n      - reason: maintenance\n        start: 2026-12-02 12:00\n"
            + "        end: 2026-12-02 06:00",
        message: "club.yaml:18: locations[0].blackouts[0].end: must be after start (2026-12-02 12:00)"
    ),
    BadCase(
        replace: "    hours: 24/7",
        with: "    hours: 24/7\n    blackouts:\n      - reason: maintenance\n        start: 2026-12-02 06:00\n"
            + "        end: \"12:00\"\n        bays: [7]",
        message: "club.yaml:19: locations[0].blackouts[0].bays[0]: no bay 7 at this location"
    ),
    BadCase(
        replace: "    hours: 24/7",
        with: "    hours: 24/7\n    blackouts:\n      - reason: party\n        day: 2026-12-25",
        message: "club.yaml:16: locations[0].blackouts[0].reason: expected one of maintenance, private_event, "
            + "holiday, got \"party\""
    ),
    BadCase(
        replace: "    hours: 24/7",
        with: "    hours: 24/7\n    blackouts:\n      - reason: holiday\n        start: 2026-02-30 06:00\n"
            + "        end: 2026-03-01 06:00",
        message: "club.yaml:17: locations[0].blackouts[0].start: expected a local date and time "
            + "\"YYYY-MM-DD HH:MM\", got \"2026-02-30 06:00\""
    ),
    BadCase(
        replace: "locations:\n",
        with: "locations:\n  - id: bedford_two\n    name: Bedford Two\n    aliases: [bedford]\n"
            + "    price_per_hour_cents: 1\n    hours: 24/7\n    bays: [{number: 1, capacity: 1}]\n",
        message: "club.yaml:17: locations[1].id: \"bedford\" already names location \"bedford_two\""
    ),
    BadCase(
        replace: "    bays:\n",
        with: "    time_zone: Mars/Olympus_Mons\n    bays:\n",
        message: "club.yaml:15: locations[0].time_zone: unknown time zone \"Mars/Olympus_Mons\"; "
            + "use an IANA id such as \"America/Halifax\""
    ),
    BadCase(
        replace: "locations:\n",
        with: "members:\n  - { phone: 555-CALL-NOW, name: Pat, tier: non_member }\nlocations:\n",
        message: "club.yaml:11: members[0].phone: not a phone number; write it like 902-555-0101 or +19025550101"
    ),
    BadCase(
        replace: "locations:\n",
        with: "members:\n  - { phone: 902-555-0101, name: Pat, tier: vip }\nlocations:\n",
        message: "club.yaml:11: members[0].tier: no tier \"vip\" (tiers: non_member)"
    ),
    BadCase(
        replace: "locations:\n",
        with: "members:\n  - { phone: 902-555-0101, name: Pat, tier: non_member }\n"
            + "  - { phone: (902) 555-0101, name: Sam, tier: non_member }\nlocations:\n",
        message: "club.yaml:12: members[1].phone: same phone number as members[0]"
    ),
    BadCase(
        replace: "locations:\n",
        with: "members:\n  - { phone: 902-555-0101, name: Pat, tier: non_member, email: pat-at-home }\nlocations:\n",
        message: "club.yaml:11: members[0].email: not an email address"
    ),
    BadCase(
        replace: "    bays:\n",
        with: "    bays: []\n    old_bays:\n",
        message: "club.yaml:16: locations[0]: unknown key \"old_bays\""
    ),
    BadCase(
        replace: "name: Test Club",
        with: "name: Test Club\nname: Other Club",
        message: "club.yaml:1: duplicate key \"name\""
    ),
]

@Suite("Bad club files get messages naming the file, key path and problem")
struct InvalidConfigTests {
    @Test func theValidBaseLoads() throws {
        let file = try ClubConfigLoader.parse(yaml: validClub, file: "club.yaml")
        #expect(file.club.locations.first?.bays.count == 2)
    }

    @Test(arguments: badCases)
    func badFileIsRejected(_ badCase: BadCase) {
        #expect(badCase.yaml != validClub, "the replacement did not apply")
        do {
            _ = try ClubConfigLoader.parse(yaml: badCase.yaml, file: "club.yaml")
            Issue.record("accepted:\n\(badCase.yaml)")
        } catch let error as ConfigError {
            #expect(error.description == badCase.message)
        } catch {
            Issue.record("not a ConfigError: \(error)")
        }
    }
}
