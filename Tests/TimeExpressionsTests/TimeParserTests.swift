import Foundation
import Testing
import TimeExpressions

@Suite("Time parser API and policy")
struct TimeParserTests {
    static let halifax = TimeZone(identifier: "America/Halifax") ?? .gmt
    /// Wednesday 2026-11-25 10:00 in Halifax (14:00 UTC).
    static let reference = Date(timeIntervalSince1970: 1_795_615_200)

    private func records(_ text: String, policy: ResolutionPolicy = .init()) -> [TimeMatchRecord] {
        TimeParser.english(policy: policy).parse(text, reference: Self.reference, timeZone: Self.halifax)
            .map { $0.record(in: Self.halifax) }
    }

    @Test("The reference used by these tests is Wednesday 10:00 in Halifax")
    func referenceIsWednesdayMorning() {
        #expect(ISO8601Offset.string(Self.reference, in: Self.halifax) == "2026-11-25T10:00:00-04:00")
    }

    @Test("A match's range and text point at the words in the original string")
    func rangeCoversTheWords() throws {
        let text = "Can I get a bay TMRW at 7 for 2 hrs?"
        let matches = TimeParser.english().parse(text, reference: Self.reference, timeZone: Self.halifax)
        try #require(matches.count == 2)
        #expect(String(text[matches[0].range]) == "TMRW at 7")
        #expect(matches[0].text == "TMRW at 7")
        #expect(matches[1].text == "2 hrs")
        #expect(matches[1].value == .duration(minutes: 120))
    }

    @Test("Typographic apostrophes and dashes read like plain ones")
    func typographicPunctuation() {
        #expect(records("new year’s eve").first?.date == "2026-12-31")
        #expect(records("7–9pm").first?.end == "2026-11-25T21:00:00-04:00")
    }

    @Test("Slashed dates follow the configured order unless a number above 12 decides")
    func slashedDateOrder() {
        var dayFirst = ResolutionPolicy()
        dayFirst.slashedDateOrder = .dayFirst
        #expect(records("5/12").first?.date == "2027-05-12")
        #expect(records("5/12", policy: dayFirst).first?.date == "2026-12-05")
        #expect(records("28/11", policy: dayFirst).first?.date == "2026-11-28")
        #expect(records("11/28", policy: dayFirst).first?.date == "2026-11-28")
    }

    @Test("'next friday' can mean the next occurrence instead of next week's")
    func nextWeekdayPolicy() {
        var nearest = ResolutionPolicy()
        nearest.nextWeekday = .nextOccurrence
        #expect(records("next friday").first?.date == "2026-12-04")
        #expect(records("next friday", policy: nearest).first?.date == "2026-11-27")
    }

    @Test("'half seven' is half past seven only where the club says so")
    func halfMeansHalfPast() {
        var british = ResolutionPolicy()
        british.halfMeansHalfPast = true
        #expect(records("half seven").isEmpty)
        #expect(records("half seven", policy: british).first?.start == "2026-11-25T19:30:00-04:00")
        #expect(records("half three tomorrow", policy: british).first?.start == "2026-11-26T15:30:00-04:00")
        // "half past 6" is half past six either way.
        #expect(records("half past 6", policy: british).first?.start == "2026-11-25T18:30:00-04:00")
        #expect(records("half past 6").first?.start == "2026-11-25T18:30:00-04:00")
    }

    @Test("Bare afternoon hours are configurable")
    func bareHours() {
        var mornings = ResolutionPolicy()
        mornings.bareAfternoonHours = 1...6
        #expect(records("at 7").first?.start == "2026-11-25T19:00:00-04:00")
        #expect(records("at 7", policy: mornings).first?.start == "2026-11-26T07:00:00-04:00")
        #expect(records("at 11", policy: mornings).first?.start == "2026-11-25T11:00:00-04:00")
    }

    @Test("A repeated wall time can resolve to its second occurrence")
    func repeatedTimePolicy() throws {
        var second = ResolutionPolicy()
        second.repeatedTime = .second
        let parser = TimeParser.english(policy: second)
        let reference = try #require(ISO8601DateFormatter().date(from: "2026-10-31T12:00:00-03:00"))
        let match = parser.parse("tomorrow at 1:30am", reference: reference, timeZone: Self.halifax).first
        #expect(match?.record(in: Self.halifax).start == "2026-11-01T01:30:00-04:00")
    }

    @Test("Part-of-day windows are configurable")
    func partOfDayWindows() {
        var early = ResolutionPolicy()
        early.evening = .init(fromHour: 16, toHour: 20)
        let record = records("tomorrow evening", policy: early).first
        #expect(record?.start == "2026-11-26T16:00:00-04:00")
        #expect(record?.end == "2026-11-26T20:00:00-04:00")
    }

    @Test("Values carry the zone and typed payloads")
    func typedValues() {
        let matches = TimeParser.english().parse("tomorrow", reference: Self.reference, timeZone: Self.halifax)
        #expect(matches.first?.value == .day(CalendarDay(year: 2026, month: 11, day: 26), timeZone: Self.halifax))
    }

    @Test("JSON output keeps a fixed key order, omits open ends and escapes text")
    func jsonShape() {
        let json = TimeMatchRecord.jsonArray(records("after 6 and \"2 hrs\""))
        #expect(
            json == """
                [
                  {"text": "after 6", "kind": "interval", "start": "2026-11-25T18:00:00-04:00", "grain": "hour"},
                  {"text": "2 hrs", "kind": "duration", "minutes": 120}
                ]
                """
        )
        #expect(TimeMatchRecord.jsonArray([]) == "[]")
        #expect(TimeMatchRecord.quotedForTesting("a\"b\\c\n") == "\"a\\\"b\\\\c\\n\"")
    }

    @Test("Human-readable summaries name the kind, the values and the words")
    func summaries() {
        #expect(records("tmrw at 7").first?.summary == "instant 2026-11-26T19:00:00-04:00 (hour) ← tmrw at 7")
        #expect(records("90 min").first?.summary == "duration 90 min ← 90 min")
    }

    @Test("Garbage, long and unusual texts never crash and find nothing")
    func robustness() {
        let long = String(repeating: "bay 3 for 4 people 902-555-0101 ", count: 200)
        #expect(records(long).isEmpty)
        #expect(records("🏌️‍♂️⛳️ 😀").isEmpty)
        #expect(records("99999999999999999999 at 99999999999").isEmpty)
        #expect(records("at at at @ @ ~ - - / : .").isEmpty)
        #expect(records("'''’’’").isEmpty)
    }
}
