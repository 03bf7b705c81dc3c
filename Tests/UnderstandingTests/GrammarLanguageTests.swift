import BookingCore
import ClubConfig
import Foundation
import TestSupport
import Testing
import Understanding

@Suite("Grammar language")
struct GrammarLanguageTests {
    static let club: Club = {
        let zone = TimeZone(identifier: "America/Halifax") ?? .gmt
        let file = try? DemoClub.load()
        return file?.club
            ?? Club(name: "Test", timeZone: zone, locations: [], tiers: [], policies: Policies(), pricing: Pricing())
    }()

    static func error(_ text: String) -> String? {
        do {
            _ = try UtteranceParser(files: [("t.grammar", text)], club: club)
            return nil
        } catch {
            return error.description
        }
    }

    @Test(
        "A grammar mistake names file, line, column and what was expected",
        arguments: [
            ("intent book:\n    (book | reserve\n", "t.grammar:2:"),
            ("intent bok:\n    book\n", "t.grammar:1:1: expected an intent name"),
            ("intent book:\n    book {wen}\n", "t.grammar:2:11: expected a slot name"),
            ("intent book:\n    book <missing>\n", "t.grammar:2:10: expected a defined rule"),
            ("    book\n", "t.grammar:1:1: expected 'intent NAME:'"),
            ("<a> = <a> b\nintent book:\n    <a>\n", "refers to itself"),
            ("entity party:\n    {number} of us\n", "t.grammar:2:"),
            ("intent confirm:\n    !\n", "t.grammar:2:"),
            ("entity party:\n    {number} couples => n * 0\n", "expected 'n', 'n + 1', 'n + m', 'n * 2'"),
        ]
    )
    func grammarErrors(_ text: String, _ expected: String) {
        let message = Self.error(text)
        #expect(message?.contains(expected) == true, "got \(message ?? "no error")")
    }

    @Test("A template marked ! counts only when it covers the whole message")
    func wholeMessageTemplates() throws {
        let grammar = """
            intent confirm:
                ! y
            intent hours:
                when do you close
            """
        let parser = try UtteranceParser(files: [("t.grammar", grammar), ("filler.words", "um\n")], club: Self.club)
        let now = Date(timeIntervalSince1970: 1_795_615_200)
        let zone = Self.club.timeZone
        #expect(parser.parse("y", reference: now, timeZone: zone, expecting: .confirmation).intent == .confirm)
        #expect(parser.parse("um y", reference: now, timeZone: zone, expecting: .confirmation).intent == .confirm)
        let question = parser.parse("y cant i book bedford", reference: now, timeZone: zone, expecting: .confirmation)
        #expect(question.intent != .confirm)
    }

    @Test("A cue list must name an intent, with file and line")
    func cueListNamesAnIntent() {
        do {
            _ = try UtteranceParser(
                files: [("t.grammar", "intent book:\n    book\n"), ("cues_bok.words", "book\n")],
                club: Self.club
            )
            Issue.record("cues_bok.words loaded")
        } catch {
            #expect(error.description.contains("cues_bok.words:1:1: expected cues_<intent>.words"), "\(error)")
        }
    }

    @Test("Entity values add two numbers and multiply one; cues decide where no template does")
    func entityValuesAndCues() throws {
        let grammar = """
            intent book:
                book [a] bay
            entity party:
                {number} adults and {number} kids => n + m
                {number} couples => n * 2
            """
        let parser = try UtteranceParser(
            files: [
                ("t.grammar", grammar), ("cues_cancel.words", "cancel\ncant make it\n"),
                ("cues_out_of_domain.words", "wifi\n"), ("time.vocabulary", "relative_day 1: tomorrow\n"),
            ],
            club: Self.club
        )
        let now = Date(timeIntervalSince1970: 1_795_615_200)
        let zone = Self.club.timeZone
        #expect(parser.parse("3 adults and 2 kids", reference: now, timeZone: zone).slots.partySize == 5)
        #expect(parser.parse("2 couples", reference: now, timeZone: zone).slots.partySize == 4)
        // No cancel template: two cue words, or one beside a slot, make the intent at a lower confidence.
        let cancel = parser.parse("sorry we cant make it tomorrow", reference: now, timeZone: zone)
        #expect(cancel.intent == .cancel && cancel.confidence < 0.9 && cancel.slots.date != nil)
        #expect(parser.parse("what is the wifi password", reference: now, timeZone: zone).intent == .unknown)
    }

    @Test("Alternatives, optionals, rules and filler skipping match without backtracking")
    func smallGrammar() throws {
        let grammar = """
            <polite> = please | pls
            intent book:
                [<polite>] (book | reserve) [a] bay
            intent thanks:
                thanks
            """
        let parser = try UtteranceParser(
            files: [("t.grammar", grammar), ("filler.words", "um\nmaybe\n")],
            club: Self.club
        )
        let now = Date(timeIntervalSince1970: 1_795_615_200)
        let zone = Self.club.timeZone
        #expect(parser.parse("please reserve a bay", reference: now, timeZone: zone).intent == .book)
        #expect(parser.parse("um maybe book a bay", reference: now, timeZone: zone).intent == .book)
        #expect(parser.parse("thanks", reference: now, timeZone: zone).intent == .thanks)
        #expect(parser.parse("the weather is nice", reference: now, timeZone: zone).intent == .unknown)
    }
}

@Suite("Temporal vocabulary files")
struct TimeVocabularyFileTests {
    @Test("A grammar directory without time.vocabulary, or with a mistake in it, names the file and line")
    func missingOrBrokenVocabulary() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("no-vocabulary-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let club = try DemoClub.load().club
        do {
            _ = try UtteranceParser(grammarsDirectory: directory.path, club: club)
            Issue.record("expected an error for the missing file")
        } catch {
            #expect(error.description.contains("time.vocabulary"))
            #expect(error.message == "expected the temporal vocabulary here")
        }
        do {
            _ = try UtteranceParser(files: [("time.vocabulary", "weekday 1: monday\nweekday 8: funday\n")], club: club)
            Issue.record("expected an error for weekday 8")
        } catch {
            #expect(error.description.hasPrefix("time.vocabulary:2:"))
        }
    }
}

@Suite("Hostile input")
struct HostileInputTests {
    /// Seeded, so a failure repeats: 40 kinds of junk, each ten kilobytes.
    @Test("Ten kilobytes of junk is unknown, quickly, and never crashes", arguments: 0..<40)
    func junk(seed: UInt64) throws {
        let parser = try #require(SharedParser.parser)
        var generator = SplitMix(seed: seed)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789 .,!?-:/#@'\"()😀é漢\n\t")
        let junk = String((0..<10_240).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
        let reference = Date(timeIntervalSince1970: 1_795_615_200)
        let started = Date()
        let parse = parser.parse(junk, reference: reference, timeZone: .gmt)
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(parse.intent == .unknown, "seed \(seed): \(parse.jsonLine(fallbackZone: .gmt))")
        let repeated = String(repeating: "book ", count: 2_000)
        _ = parser.parse(repeated, reference: reference, timeZone: .gmt)
    }

    @Test("The JSON line keeps the contract's keys and rounds confidence")
    func json() throws {
        let parser = try #require(SharedParser.parser)
        let now = try #require(ISO8601DateFormatter().date(from: "2026-11-25T10:00:00-04:00"))
        let zone = try #require(TimeZone(identifier: "America/Halifax"))
        let line = parser.parse("can 4 of us get bay 3 tmrw at 7 for 2 hrs", reference: now, timeZone: zone)
            .jsonLine(fallbackZone: zone)
        #expect(line.hasPrefix("{\"text\": \"can 4 of us get bay 3 tmrw at 7 for 2 hrs\", \"intent\": \"book\""))
        #expect(
            line.contains(
                "\"slots\": {\"start\": \"2026-11-26T19:00:00-04:00\", \"end\": \"2026-11-26T21:00:00-04:00\""
            )
        )
        #expect(line.contains("\"duration_minutes\": 120, \"party_size\": 4, \"bay\": 3}"))
        let explained = parser.explain("move my friday booking to saturday", reference: now, timeZone: zone)
        #expect(explained.explanation?.templateLocation?.contains("reschedule.grammar") == true)
        #expect(explained.explanation?.spans.map(\.text) == ["friday", "saturday"])
        // Skipped words, a negative score and corrections still make one valid JSON object.
        for text in ["hey its Dan lol could we get bay 2 sunday at 4 for my daughters party", "zq 7 x # 4 - 漢 \" ,"] {
            let line = parser.explain(text, reference: now, timeZone: zone).jsonLine(
                fallbackZone: zone,
                explaining: true
            )
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "\(line)")
        }
        let wrapped = parser.explain("hey its Dan lol could we get bay 2 sunday at 4", reference: now, timeZone: zone)
        #expect(wrapped.explanation?.skipped.contains("lol") == true)
        #expect(wrapped.explanation?.score != nil)
    }
}
