import ArgumentParser
import Foundation
import TimeExpressions

/// `booking time`: prints the temporal expressions found in a text, resolved at `--now` in `--tz`.
struct TimeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "time",
        abstract: "Find dates and times in a text.",
        discussion: "Example: booking time --json --now 2026-11-25T10:00:00-04:00 'tmrw at 7 for 2 hrs'"
    )

    @OptionGroup var clock: ClockOptions

    @OptionGroup var grammar: GrammarOptions

    @Flag(help: "Print a JSON array: text, kind, and date/start/end/grain/minutes as they apply.")
    var json = false

    @Argument(help: "The text to read, e.g. 'sat morning 6:30-8'. Several words are joined with spaces.")
    var words: [String]

    func run() throws {
        guard let halifax = TimeZone(identifier: "America/Halifax") else {
            throw ValidationError("the America/Halifax time zone is missing from this system")
        }
        let zone = try clock.timeZone(fallback: halifax)
        let reference = try clock.referenceDate()
        let text = words.joined(separator: " ")
        let records = try grammar.timeParser().parse(text, reference: reference, timeZone: zone).map {
            $0.record(in: zone)
        }
        if json {
            print(TimeMatchRecord.jsonArray(records))
            return
        }
        if records.isEmpty {
            print("no date or time found")
            return
        }
        for record in records {
            print(record.summary)
        }
    }
}
