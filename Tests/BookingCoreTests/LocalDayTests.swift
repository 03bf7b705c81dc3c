import BookingCore
import Foundation
import Testing

@Suite("Calendar days and wall-clock minutes")
struct LocalDayTests {
    @Test(arguments: [
        ("1970-01-01", Weekday.thursday),
        ("2026-11-25", .wednesday),
        ("2026-11-29", .sunday),
        ("2028-02-29", .tuesday),
        ("2000-03-01", .wednesday),
        ("1969-12-31", .wednesday),
    ])
    func weekdays(text: String, weekday: Weekday) throws {
        let day = try #require(LocalDay(text))
        #expect(day.weekday == weekday)
        #expect(day.description == text)
    }

    @Test func addingDaysCrossesMonthsYearsAndLeapDays() throws {
        let day = try #require(LocalDay("2028-02-28"))
        #expect(day.adding(days: 1).description == "2028-02-29")
        #expect(day.adding(days: 2).description == "2028-03-01")
        #expect(LocalDay(year: 2026, month: 12, day: 31).adding(days: 1).description == "2027-01-01")
        #expect(LocalDay(year: 2027, month: 1, day: 1).adding(days: -1).description == "2026-12-31")
    }

    @Test func invalidDaysAreRefused() {
        for text in ["2026-02-29", "2026-13-01", "2026-11-31", "26-11-01", "", "2026-1-1", "🏌️"] {
            #expect(LocalDay(text) == nil, "\(text)")
        }
    }

    @Test func theDayAndMinuteOfAnInstantFollowTheZoneIncludingDST() throws {
        let zone = try #require(TimeZone(identifier: "America/Halifax"))
        // 2026-11-01 05:30Z is 01:30 -04:00 after the clocks went back (the second 01:30).
        let instant = Date(timeIntervalSince1970: 1_793_511_000)
        #expect(LocalDay(containing: instant, in: zone).description == "2026-11-01")
        #expect(LocalCalendar.minuteOfDay(instant, in: zone) == 90)
        let newfoundland = try #require(TimeZone(identifier: "America/St_Johns"))
        #expect(LocalCalendar.minuteOfDay(instant, in: newfoundland) == 2 * 60)
        let first = LocalCalendar.instant(LocalDay(year: 2026, month: 11, day: 1), minuteOfDay: 90, in: zone)
        #expect(first.timeIntervalSince1970 == 1_793_511_000 - 3600)
        let span = LocalCalendar.span(of: LocalDay(year: 2026, month: 3, day: 8), in: zone)
        #expect(span.end.timeIntervalSince(span.start) == 23 * 3600)
    }
}

@Suite("Phone numbers in E.164")
struct PhoneNumberTests {
    @Test(arguments: [
        ("902-555-0101", "+19025550101"),
        ("(902) 555-0101", "+19025550101"),
        ("1 902 555 0101", "+19025550101"),
        ("+19025550101", "+19025550101"),
        ("+44 20 7946 0958", "+442079460958"),
    ])
    func commonFormsAreNormalised(text: String, expected: String) {
        #expect(PhoneNumber.e164(text) == expected)
    }

    @Test(arguments: ["", "call me", "555-0101", "902-555-0101; DROP TABLE", "🏌️", String(repeating: "9", count: 40)])
    func anythingElseIsRefused(text: String) {
        #expect(PhoneNumber.e164(text) == nil)
    }

    /// The byte-level reading of ASCII text agrees with the reading by characters it replaced, on 20 000
    /// seeded strings of digits, separators, spaces, tabs, newlines, letters and a non-ASCII space, and on
    /// texts that are (nearly) E.164 already.
    @Test func theFastReadingAgreesWithTheCharacterReading() {
        let alphabet: [Character] = Array("0123456789 -().+\t\nx") + ["\u{00A0}", "9", "1", " "]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var mismatches: [String] = []
        for _ in 0..<20_000 {
            let text = String((0..<(next() % 20)).map { _ in alphabet[next() % alphabet.count] })
            if PhoneNumber.e164(text) != Self.byCharacters(text) { mismatches.append(text.debugDescription) }
        }
        // Texts already in E.164 form, or nearly (too short, too long, one stray byte), which the fastest
        // path answers with the text itself.
        for length in 0...18 {
            let digits = String((0..<length).map { _ in Character(String(next() % 10)) })
            for text in ["+" + digits, "+" + digits + " ", "+" + digits + "-", "++" + digits, digits] {
                if PhoneNumber.e164(text) != Self.byCharacters(text) { mismatches.append(text.debugDescription) }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }

    /// The reading by characters, as it was before the byte-level path.
    static func byCharacters(_ text: String) -> String? {
        var slice = Substring(text)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        let trimmed = String(slice)
        guard !trimmed.isEmpty, trimmed.count <= 32 else { return nil }
        var digits = ""
        for character in trimmed {
            if let digit = character.wholeNumberValue, character.isASCII {
                digits.append(String(digit))
            } else if " -().+".contains(character) {
                continue
            } else {
                return nil
            }
        }
        if trimmed.hasPrefix("+") { return (8...15).contains(digits.count) ? "+" + digits : nil }
        if digits.count == 10 { return "+1" + digits }
        if digits.count == 11, digits.hasPrefix("1") { return "+" + digits }
        return nil
    }
}

@Suite("Half-open intervals")
struct IntervalTests {
    @Test func touchingIntervalsDoNotOverlap() {
        let start = Date(timeIntervalSince1970: 0)
        let first = Interval(start: start, minutes: 60)
        let second = Interval(start: first.end, minutes: 60)
        #expect(!first.overlaps(second) && !second.overlaps(first))
        #expect(first.overlaps(Interval(start: start.addingTimeInterval(1800), minutes: 60)))
        #expect(first.widened(byMinutes: 15).overlaps(second))
    }
}

@Suite("Fixed-width numbers")
struct DigitsTests {
    @Test(arguments: [
        (7, 2, "07"), (0, 2, "00"), (12, 2, "12"), (2026, 4, "2026"), (5, 4, "0005"), (123, 1, "123"),
        (0, 0, "0"), (-5, 2, "-05"), (-123, 2, "-123"), (Int.max, 2, "9223372036854775807"),
        (Int.min, 2, "-9223372036854775808"), (42, 25, String(repeating: "0", count: 23) + "42"),
    ])
    func padsWithLeadingZeros(value: Int, width: Int, expected: String) {
        #expect(Digits.padded(value, width: width) == expected)
    }
}
