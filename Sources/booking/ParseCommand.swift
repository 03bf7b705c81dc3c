import ArgumentParser
import BookingCore
import ClubConfig
import Foundation
import TimeExpressions
import Understanding

/// `booking parse`: what a message means (intent, confidence, slots), one text or JSON Lines over stdin.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Understand a customer message: intent, confidence and slots.",
        discussion: """
            Example: booking parse --json --now 2026-11-25T10:00:00-04:00 'can 4 of us get bay 3 tmrw at 7 for 2 hrs'
            Without TEXT, reads standard input and writes one JSON object per line (JSON Lines).
            """
    )

    @OptionGroup var clock: ClockOptions
    @OptionGroup var grammar: GrammarOptions

    @Flag(help: "Print the JSON contract instead of a summary.")
    var json = false

    @Flag(help: "Show the template and rules that matched, slot spans and the runner-up intent.")
    var explain = false

    @Option(help: "What the conversation just asked: duration, party_size, time, choice, confirmation, location, ...")
    var expecting: String?

    @Argument(help: "The message. Several words are joined with spaces. Omit it to read lines from standard input.")
    var words: [String] = []

    func run() throws {
        let (parser, club) = try grammar.parser()
        let zone = try clock.timeZone(fallback: club.timeZone)
        let reference = try clock.referenceDate()
        var expectation = Expectation.nothing
        if let expecting {
            guard let parsed = Expectation(rawValue: expecting) else {
                let names = Expectation.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("--expecting '\(expecting)' is not one of \(names)")
            }
            expectation = parsed
        }
        func understand(_ text: String) -> Parse {
            explain
                ? parser.explain(text, reference: reference, timeZone: zone, expecting: expectation)
                : parser.parse(text, reference: reference, timeZone: zone, expecting: expectation)
        }
        guard words.isEmpty else {
            let parse = understand(words.joined(separator: " "))
            print(json ? parse.jsonLine(fallbackZone: zone, explaining: explain) : parse.summary(fallbackZone: zone))
            return
        }
        let input = FileHandle.standardInput.readDataToEndOfFile()
        var output = ""
        output.reserveCapacity(input.count * 4)
        for line in String(decoding: input, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            let text = line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
            output += understand(text).jsonLine(fallbackZone: zone, explaining: explain)
            output += "\n"
            if output.utf8.count > 1 << 16 {
                FileHandle.standardOutput.write(Data(output.utf8))
                output.removeAll(keepingCapacity: true)
            }
        }
        if output.hasSuffix("{\"text\": \"\", \"intent\": \"unknown\", \"confidence\": 0.95, \"slots\": {}}\n"),
            input.last == UInt8(ascii: "\n")
        {
            // The newline that ends the last line does not start another message.
            output.removeLast("{\"text\": \"\", \"intent\": \"unknown\", \"confidence\": 0.95, \"slots\": {}}\n".count)
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}

/// `--grammars` and `--config`: where the grammars and the club (for location names) are.
struct GrammarOptions: ParsableArguments {
    @Option(help: "The grammar directory (Grammars/ or Grammars/en). Default: $BOOKING_GRAMMARS, else ./Grammars.")
    var grammars: String?

    @Option(help: "The club configuration. Default: $BOOKING_CONFIG, else Config/club.yaml.")
    var config: String?

    /// The language directory: `--grammars`, else `$BOOKING_GRAMMARS`, else `./Grammars`, with `en` inside it.
    var grammarsPath: String {
        let root = grammars ?? ProcessInfo.processInfo.environment["BOOKING_GRAMMARS"] ?? "Grammars"
        let english = (root as NSString).appendingPathComponent("en")
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: english, isDirectory: &isDirectory), isDirectory.boolValue {
            return english
        }
        return root
    }

    var configPath: String {
        config ?? ProcessInfo.processInfo.environment["BOOKING_CONFIG"] ?? "Config/club.yaml"
    }

    /// The temporal parser for the language directory's `time.vocabulary`.
    func timeParser() throws -> TimeParser {
        do {
            return try UtteranceParser.timeParser(grammarsDirectory: grammarsPath)
        } catch {
            throw ValidationError("grammar: \(error)")
        }
    }

    /// Loads the club and compiles the grammars for its locations.
    func parser() throws -> (UtteranceParser, Club) {
        let club = try ClubConfigLoader.load(path: configPath).club
        do {
            return (try UtteranceParser(grammarsDirectory: grammarsPath, club: club), club)
        } catch {
            throw ValidationError("grammar: \(error)")
        }
    }
}
