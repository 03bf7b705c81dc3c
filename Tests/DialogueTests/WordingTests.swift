import BookingCore
import BookingEngine
public import Dialogue
import Foundation
import TestSupport
public import Testing
import Understanding

/// The words the agent says live in `Grammars/<lang>/replies.yaml`: checked at start-up, short enough
/// for SMS, and nowhere in Swift.
@Suite("Reply wording as data")
struct WordingTests {
    static let path = DemoClub.repositoryPath("Grammars/en/replies.yaml")

    static func english() throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// The demo wording with one line replaced (or removed, with `nil`).
    static func edited(_ key: String, to line: String?) throws -> (text: String, line: Int) {
        var lines = try english().components(separatedBy: "\n")
        let index = try #require(lines.firstIndex { $0.hasPrefix(key + ":") })
        if let line { lines[index] = line } else { lines.remove(at: index) }
        return (lines.joined(separator: "\n"), index + 1)
    }

    @Test func theEnglishWordingLoadsWithEveryKey() throws {
        let wording = try ReplyWording(text: try Self.english(), file: "replies.yaml")
        for key in ReplyKey.allCases where !key.rawValue.hasPrefix("format.") {
            #expect(!wording.say(key, Self.longest(for: key)).isEmpty, "\(key.rawValue) says nothing")
        }
    }

    @Test func aMissingKeyStopsTheLoadNamingIt() throws {
        let (text, _) = try Self.edited("booked", to: nil)
        #expect(throws: WordingMistake.self) { try ReplyWording(text: text, file: "replies.yaml") }
        do {
            _ = try ReplyWording(text: text, file: "replies.yaml")
        } catch {
            #expect(error.description.hasPrefix("replies.yaml:"))
            #expect(error.message.contains("`booked` is missing"), "\(error)")
        }
    }

    @Test(arguments: [
        ("booked", #"booked: "Booked! {slot}. Your reference is {reference}.""#, "has no placeholder {reference}"),
        ("booked", #"booked: "Booked! {slot:time}.""#, "is a slot, not a time"),
        ("booked", #"booked: "Booked! {slot"#, "the quote is not closed"),
        ("booked", #"booked: "Booked! {slot.""#, "a `{` is not closed"),
        ("booked", #"bookd: "Booked!""#, "unknown key `bookd`"),
        ("booked", #"thanks: "Twice""#, "`thanks` is given twice"),
        ("booked", "booked Booked!", "expected `key: \"wording\"`"),
        ("booked", #"booked: "Booked!\q""#, "unknown escape"),
    ])
    func aBrokenLineStopsTheLoadWithItsFileAndLine(_ key: String, _ line: String, _ message: String) throws {
        let (text, number) = try Self.edited(key, to: line)
        do {
            _ = try ReplyWording(text: text, file: "Grammars/en/replies.yaml")
            Issue.record("\(line) loaded")
        } catch {
            #expect(error.file == "Grammars/en/replies.yaml")
            if !message.contains("given twice") { #expect(error.line == number, "\(error)") }
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test func theSameKeysInAnotherLanguageSayOtherWords() throws {
        let french = try Self.english()
            .replacingOccurrences(
                of: #"booked: "Booked! {slot}. Your booking reference is {ref}.""#,
                with: #"booked: "Réservé ! {slot}. Référence : {ref}.""#
            )
            .replacingOccurrences(of: #"format.am: "am""#, with: #"format.am: "h""#)
            .replacingOccurrences(
                of: #"format.weekdays: "Mon Tue Wed Thu Fri Sat Sun""#,
                with: #"format.weekdays: "lun mar mer jeu ven sam dim""#
            )
        let wording = try ReplyWording(text: french, file: "fr/replies.yaml")
        let zone = try #require(TimeZone(identifier: "America/Halifax"))
        let slot = ReplyValue.slot(
            location: "Bedford",
            bay: 3,
            Interval(start: TestClub.at(2026, 11, 27, 9, 0), minutes: 60),
            zone
        )
        let text = wording.say(.booked, ["slot": slot, "ref": .text("K7Q-4M2")])
        #expect(text == "Réservé ! Bay 3 at Bedford, ven Nov 27, 9:00-10:00 h. Référence : K7Q-4M2.")
    }

    // MARK: - SMS length

    /// The longest value each placeholder is likely to hold: the longest location name, a five-digit price, an
    /// extra-long reference, five options.
    static func longest(for key: ReplyKey) -> [String: ReplyValue] {
        let zone = TimeZone(identifier: "America/Halifax") ?? .current
        let interval = Interval(start: TestClub.at(2026, 12, 30, 23, 30), minutes: 150)
        let name = "Dartmouth Crossing"
        let slot = ReplyValue.slot(location: name, bay: 12, interval, zone)
        let day = LocalDay(containing: interval.start, in: zone)
        var arguments: [String: ReplyValue] = [:]
        for (placeholder, kind) in key.placeholders {
            arguments[placeholder] =
                switch kind {
                case .text: .text(String(repeating: "W", count: placeholder == "ref" ? 7 : 22))
                case .count: .count(20)
                case .money: .money(123_456)
                case .minutes: .minutes(450)
                case .time: .time(interval.start, zone)
                case .span: .span(interval, zone)
                case .date: .date(day)
                case .day: .day(day, today: LocalDay(year: 2026, month: 11, day: 25))
                case .slot: slot
                case .phrases: .phrases([Phrase(.errorLastMinute, ["cutoff": .minutes(90)])])
                }
        }
        return arguments
    }

    /// Every sentence fits an SMS with the longest arguments; a reply of a few of them (a refusal with three
    /// options) is cut by the SMS renderer at whole lines.
    @Test(arguments: ReplyKey.allCases)
    func everySentenceFitsAnSMS(_ key: ReplyKey) throws {
        let wording = try ReplyWording(text: try Self.english(), file: "replies.yaml")
        let text = wording.say(key, Self.longest(for: key))
        #expect(text.count <= ReplyRenderer.smsLimit, "\(key.rawValue): \(text.count) characters: \(text)")
    }

    @Test func aLongReplyIsCutAtWholeLinesForSMS() throws {
        let wording = try ReplyWording(text: try Self.english(), file: "replies.yaml")
        let option = Phrase(.optionLine, Self.longest(for: .optionLine), startsLine: true)
        let phrases =
            [Phrase(.slotJustTaken), Phrase(.errorLastMinute, ["cutoff": .minutes(90)]), Phrase(.alternativesIntro)]
            + Array(repeating: option, count: 5) + [Phrase(.pickOption, startsLine: true)]
        let text = wording.render(phrases)
        #expect(text.count > ReplyRenderer.smsLimit)
        let reply = Reply(phrases: phrases, text: text, intent: .book, phase: .choosing)
        let sms = ReplyRenderer.text(reply, for: .sms)
        #expect(sms.count <= ReplyRenderer.smsLimit)
        #expect(sms.hasSuffix("…"))
        #expect(ReplyRenderer.text(reply, for: .repl) == text)
    }

    // MARK: - No English in Swift

    /// String literals in Sources/Dialogue and Sources/AgentServer that read as words a person would see.
    ///
    /// Allowed: keys and identifiers (no space), and words for people other than customers: log messages
    /// (`logger.`) and start-up errors (`Configuration/`) for operators, the HTTP API's error documents
    /// (`HTTP/`, `Responses.error`, `refusal`, `Refusal`) for the integrating developer, the wording
    /// loader's own mistakes for whoever edits the file, assertions, and the fixture runner's report.
    @Test func noSentenceACustomerReadsIsWrittenInSwift() throws {
        let root = DemoClub.repositoryPath("Sources")
        var found: [String] = []
        for target in ["Dialogue", "AgentServer"] {
            let directory = root + "/" + target
            let files = try #require(FileManager.default.enumerator(atPath: directory)).compactMap { $0 as? String }
            let exempt = ["Fixtures/", "Configuration/", "HTTP/", "Replies/ReplyWording.swift"]
            for file in files where file.hasSuffix(".swift") && !exempt.contains(where: { file.hasPrefix($0) }) {
                let source = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
                var number = 0
                var previous = ""
                for line in source.components(separatedBy: "\n") {
                    number += 1
                    let code = line.trimmingCharacters(in: .whitespaces)
                    defer { previous = code }
                    let inLogCall = previous.contains("logger.") && previous.hasSuffix("(")
                    if code.hasPrefix("//") || code.contains("logger.") || inLogCall || code.contains("assert(")
                        || code.contains("Responses.error(") || code.contains("refusal(") || code.contains("Refusal(")
                        || code.contains("message: \"")
                    {
                        continue
                    }
                    for literal in Self.literals(in: line) where Self.readsAsWords(literal) {
                        found.append("\(target)/\(file):\(number): \"\(literal)\"")
                    }
                }
            }
        }
        #expect(found.isEmpty, "sentences in Swift:\n\(found.joined(separator: "\n"))")
    }

    /// The contents of the plain string literals on a line (interpolations left out).
    static func literals(in line: String) -> [String] {
        var result: [String] = []
        var current = ""
        var inside = false
        var escaped = false
        var depth = 0
        for character in line {
            if inside {
                if escaped {
                    escaped = false
                    if character == "(" { depth += 1 }
                    continue
                }
                if character == "\\" {
                    escaped = true
                    continue
                }
                if depth > 0 {
                    if character == ")" { depth -= 1 }
                    continue
                }
                if character == "\"" {
                    result.append(current)
                    current = ""
                    inside = false
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                inside = true
            }
        }
        return result
    }

    /// Two words of letters in a row, or a capitalised word ending a sentence: text, not a key.
    static func readsAsWords(_ literal: String) -> Bool {
        let words = literal.split(whereSeparator: { $0 == " " || $0 == "\n" }).filter { word in
            word.count > 1
                && word.allSatisfy { $0.isLetter || $0 == "'" || $0 == "," || $0 == "." || $0 == "?" || $0 == "!" }
        }
        if words.count >= 2 { return true }
        return literal.first?.isUppercase == true && literal.count > 3
            && (literal.hasSuffix(".") || literal.hasSuffix("?"))
    }
}

extension ReplyKey: CustomTestStringConvertible {
    public var testDescription: String { rawValue }
}
