import Foundation
import Testing
import TimeExpressions

/// The temporal vocabulary is data (`Grammars/en/time.vocabulary`), not Swift.
///
/// No word a customer writes is spelled in `Sources/TimeExpressions`, so a second language is a file. Comments and the descriptions of rules
/// (`Rule("<weekday> after next", ...)`, documentation of what a rule reads) are not matched against, so they
/// are left out of the search; so are the file format's class names (`TimeVocabulary.swift`: "month", "noon")
/// and the JSON contract's field names (`TimeMatch+JSON.swift`: "minutes").
@Suite("Temporal vocabulary as data")
struct VocabularyAsDataTests {
    static let englishWords = [
        "monday", "tuesday", "friday", "sunday", "january", "march", "december", "today", "tomorrow", "tmrw",
        "tonight", "yesterday", "noon", "midnight", "morning", "afternoon", "evening", "night", "lunch", "hour",
        "hours", "hrs", "minute", "minutes", "min", "week", "weeks", "weekend", "month", "christmas", "xmas",
        "halloween", "next", "last", "this", "from", "until", "till", "between", "after", "before", "at", "on", "the",
        "people", "ppl", "bay", "party", "am", "pm", "a", "p", "m", "half", "quarter", "first", "second", "fortnight",
        "st", "nd", "rd", "th", "ish", "pmish", "amish", "couple", "few", "now", "ago", "early", "late", "rest",
    ]

    @Test("No English word is a string literal in Sources/TimeExpressions")
    func noEnglishWordsInSwift() throws {
        let fixtures = try #require(TimeFixtures.directory())
        let sources = fixtures.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/TimeExpressions")
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        #expect(files.count >= 10)
        var found: [String] = []
        for file in files where !["Lexing/TimeVocabulary.swift", "TimeMatch+JSON.swift"].contains(file) {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                var code = String(line)
                if let comment = code.range(of: "//") { code = String(code[..<comment.lowerBound]) }
                if code.contains("Rule(\"") { continue }
                for literal in Self.literals(code) where Self.englishWords.contains(literal.lowercased()) {
                    found.append("\(file):\(number + 1): \"\(literal)\"")
                }
            }
        }
        #expect(found.isEmpty, "English words in Swift:\n\(found.joined(separator: "\n"))")
    }

    @Test("The vocabulary file reads, and a mistake names its file and line")
    func vocabularyFileErrors() throws {
        #expect(throws: TimeVocabulary.Mistake.self) { try TimeVocabulary(text: "weekday 9: blursday", file: "t") }
        do {
            _ = try TimeVocabulary(text: "# ok\nweekday 1: monday\nflavour: vanilla\n", file: "time.vocabulary")
            Issue.record("expected a mistake")
        } catch {
            #expect(error.description.hasPrefix("time.vocabulary:3:"))
        }
        let parser = TimeParser(vocabulary: try TimeVocabulary(text: "weekday 1: lundi\n", file: "fr"))
        let reference = try #require(ISO8601DateFormatter().date(from: "2026-11-25T10:00:00-04:00"))
        let zone = try #require(TimeZone(identifier: "America/Halifax"))
        #expect(parser.parse("lundi", reference: reference, timeZone: zone).count == 1)
        #expect(parser.parse("monday", reference: reference, timeZone: zone).isEmpty)
    }

    /// The contents of the double-quoted string literals on one line of code.
    static func literals(_ code: String) -> [String] {
        var result: [String] = []
        var current: String?
        var escaped = false
        for character in code {
            if var text = current {
                if escaped {
                    escaped = false
                    text.append(character)
                    current = text
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    result.append(text)
                    current = nil
                } else {
                    text.append(character)
                    current = text
                }
            } else if character == "\"" {
                current = ""
            }
        }
        return result
    }
}
