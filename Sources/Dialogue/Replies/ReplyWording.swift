public import BookingCore
public import Foundation

/// A mistake in a wording file, with where it is.
public struct WordingMistake: Error, CustomStringConvertible, Sendable, Equatable {
    public let file: String
    public let line: Int
    public let message: String
    public var description: String { "\(file):\(line): \(message)" }
}

/// The words of every reply in one language, read from its `replies.yaml`.
///
/// Each line is `key: "wording"` with `{name}` or `{name:kind}` placeholders; a plural key has a line per
/// form (`players.one`, `players.other`). Reading checks the file against `ReplyKey`: a key missing, unknown
/// or given twice, or a placeholder the key does not have, is a `WordingMistake` naming the line.
public struct ReplyWording: Sendable {
    /// A template cut into literal text and placeholders.
    struct Template: Sendable {
        enum Part: Sendable {
            case literal(String)
            case placeholder(String)
        }

        var parts: [Part]
        var line: Int
    }

    /// The file the wording was read from, for messages.
    public let file: String
    private var templates: [String: Template] = [:]
    private let weekdays: [String]
    private let months: [String]

    /// The name of the wording file in a language's grammar folder.
    public static let fileName = "replies.yaml"

    /// Reads `replies.yaml` from a language's folder (`Grammars/en`).
    public static func load(directory: String) throws -> ReplyWording {
        let path = (directory as NSString).appendingPathComponent(fileName)
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw WordingMistake(file: path, line: 0, message: "cannot read the wording file")
        }
        return try ReplyWording(text: text, file: path)
    }

    /// Reads wording from `text`, the contents of `file` (named in mistakes).
    public init(text: String, file: String) throws(WordingMistake) {
        self.file = file
        let known = Self.knownNames
        var number = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw WordingMistake(file: file, line: number, message: "expected `key: \"wording\"`")
            }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            guard let key = known[name] else {
                throw WordingMistake(file: file, line: number, message: "unknown key `\(name)`")
            }
            guard templates[name] == nil else {
                throw WordingMistake(file: file, line: number, message: "`\(name)` is given twice")
            }
            let value = try Self.value(String(line[line.index(after: colon)...]), file: file, line: number)
            templates[name] = try Self.template(value, for: key, file: file, line: number)
        }
        for key in ReplyKey.allCases {
            let required = key.isPlural ? key.rawValue + ".other" : key.rawValue
            if templates[required] == nil {
                throw WordingMistake(file: file, line: number, message: "`\(required)` is missing")
            }
        }
        weekdays = Self.words(templates[ReplyKey.formatWeekdays.rawValue])
        months = Self.words(templates[ReplyKey.formatMonths.rawValue])
        if weekdays.count != 7 || months.count != 12 {
            let line = templates[ReplyKey.formatWeekdays.rawValue]?.line ?? number
            throw WordingMistake(file: file, line: line, message: "format.weekdays needs 7 names, format.months 12")
        }
    }

    // MARK: - Saying

    /// The phrases as one text: on one line, or a new line where a phrase starts one.
    public func render(_ phrases: [Phrase]) -> String {
        var text = ""
        for phrase in phrases {
            let said = render(phrase)
            if said.isEmpty { continue }
            if !text.isEmpty { text += phrase.startsLine ? "\n" : " " }
            text += said
        }
        return text
    }

    /// One phrase's text.
    public func render(_ phrase: Phrase) -> String {
        let arguments = phrase.arguments
        return fill(template(for: phrase.key, count: arguments["count"])) { arguments[$0].map(write) }
    }

    /// "7:00 pm", "12:30 am".
    public func clock(_ date: Date, zone: TimeZone, withMeridiem: Bool = true) -> String {
        let minute = LocalCalendar.minuteOfDay(date, in: zone)
        let hour24 = minute / 60
        let hour12 = hour24 % 12 == 0 ? 12 : hour24 % 12
        let base = "\(hour12):" + Digits.padded(minute % 60, width: 2)
        guard withMeridiem else { return base }
        return base + " " + say(hour24 < 12 ? .formatAm : .formatPm)
    }

    /// "7:00-9:00 pm", "11:00 am-1:00 pm".
    public func span(_ interval: Interval, zone: TimeZone) -> String {
        let startHour = LocalCalendar.minuteOfDay(interval.start, in: zone) / 60
        let endHour = LocalCalendar.minuteOfDay(interval.end, in: zone) / 60
        let sameHalf = (startHour < 12) == (endHour < 12) && interval.minutes < 12 * 60
        let start = clock(interval.start, zone: zone, withMeridiem: !sameHalf)
        return start + say(.formatRangeSeparator) + clock(interval.end, zone: zone)
    }

    /// "Fri Nov 27".
    public func date(_ day: LocalDay) -> String {
        fill(template(for: .formatDate)) { name in
            switch name {
            case "weekday": weekdays[day.weekday.rawValue - 1]
            case "month": months[max(0, min(11, day.month - 1))]
            case "day": String(day.day)
            default: nil
            }
        }
    }

    /// A weekday's short name, Monday first.
    public func weekdayName(_ weekday: Weekday) -> String { weekdays[weekday.rawValue - 1] }

    /// "$90", "$97.20".
    public func money(_ cents: Int) -> String {
        let units = String(cents / 100)
        if cents % 100 == 0 { return fill(template(for: .formatMoneyWhole)) { $0 == "units" ? units : nil } }
        return fill(template(for: .formatMoneyCents)) { name in
            switch name {
            case "units": units
            case "cents": Digits.padded(cents % 100, width: 2)
            default: nil
            }
        }
    }

    /// "1 hour", "2 hours", "90 minutes".
    public func duration(_ minutes: Int) -> String {
        if minutes % 60 == 0 { return say(.formatHours, ["count": .count(minutes / 60)]) }
        return say(.formatMinutes, ["count": .count(minutes)])
    }

    /// "a, b or c".
    public func list(_ items: [String]) -> String {
        guard let last = items.last else { return "" }
        guard items.count > 1 else { return last }
        let head = items.dropLast().joined(separator: say(.formatListSeparator))
        return say(.formatListLast, ["list": .text(head), "last": .text(last)])
    }

    /// The text of one key.
    public func say(_ key: ReplyKey, _ arguments: [String: ReplyValue] = [:]) -> String {
        render(Phrase(key, arguments))
    }

    // MARK: - Reading

    /// Every name a line may start with: each key, and each plural key's forms.
    private static let knownNames: [String: ReplyKey] = {
        var names: [String: ReplyKey] = [:]
        for key in ReplyKey.allCases {
            if key.isPlural {
                names[key.rawValue + ".one"] = key
                names[key.rawValue + ".other"] = key
            } else {
                names[key.rawValue] = key
            }
        }
        return names
    }()

    /// The wording after the colon: a double-quoted string with \" \\ \n escapes, or plain text.
    private static func value(_ raw: String, file: String, line: Int) throws(WordingMistake) -> String {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("\"") else { return trimmed }
        var result = ""
        var escaped = false
        var closed = false
        for character in trimmed.dropFirst() {
            if closed {
                if character == "#" { break }
                if character != " " {
                    throw WordingMistake(file: file, line: line, message: "text after the closing quote")
                }
                continue
            }
            if escaped {
                switch character {
                case "n": result.append("\n")
                case "\"", "\\": result.append(character)
                default:
                    throw WordingMistake(file: file, line: line, message: "unknown escape \\\(character)")
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                closed = true
            } else {
                result.append(character)
            }
        }
        guard closed else { throw WordingMistake(file: file, line: line, message: "the quote is not closed") }
        return result
    }

    /// Cuts a wording into parts, checking each placeholder against the key's.
    private static func template(
        _ text: String,
        for key: ReplyKey,
        file: String,
        line: Int
    ) throws(WordingMistake) -> Template {
        var parts: [Template.Part] = []
        var literal = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            literal += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw WordingMistake(file: file, line: line, message: "a `{` is not closed")
            }
            let inside = rest[rest.index(after: open)..<close].split(separator: ":", maxSplits: 1).map(String.init)
            let name = inside.first ?? ""
            guard let kind = key.placeholders[name] else {
                let known = key.placeholders.keys.sorted().map { "{\($0)}" }.joined(separator: " ")
                throw WordingMistake(
                    file: file,
                    line: line,
                    message: "`\(key.rawValue)` has no placeholder {\(name)}"
                        + (known.isEmpty ? " (it takes none)" : "; it takes \(known)")
                )
            }
            if inside.count == 2, inside[1] != kind.rawValue {
                throw WordingMistake(
                    file: file,
                    line: line,
                    message: "{\(name)} of `\(key.rawValue)` is a \(kind.rawValue), not a \(inside[1])"
                )
            }
            if !literal.isEmpty { parts.append(.literal(literal)) }
            literal = ""
            parts.append(.placeholder(name))
            rest = rest[rest.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty { parts.append(.literal(literal)) }
        return Template(parts: parts, line: line)
    }

    private static func words(_ template: Template?) -> [String] {
        guard let template else { return [] }
        let text = template.parts.map { part -> String in
            if case .literal(let literal) = part { return literal }
            return ""
        }.joined()
        return text.split(separator: " ").map(String.init)
    }

    // MARK: - Filling

    private func template(for key: ReplyKey, count: ReplyValue? = nil) -> Template {
        var name = key.rawValue
        if key.isPlural {
            let isOne = count == .count(1)
            name += isOne && templates[name + ".one"] != nil ? ".one" : ".other"
        }
        return templates[name] ?? Template(parts: [], line: 0)
    }

    /// The template with each placeholder replaced by `value(name)` (nothing when it has none).
    ///
    /// The formats below answer their few names with a switch: building a dictionary of arguments for
    /// every date and price a reply says cost more than writing them.
    private func fill(_ template: Template, _ value: (String) -> String?) -> String {
        var text = ""
        for part in template.parts {
            switch part {
            case .literal(let literal): text += literal
            case .placeholder(let name): text += value(name) ?? ""
            }
        }
        return text
    }

    private func write(_ value: ReplyValue) -> String {
        switch value {
        case .text(let text): return text
        case .count(let count): return String(count)
        case .money(let cents): return money(cents)
        case .minutes(let minutes): return duration(minutes)
        case .time(let date, let zone): return clock(date, zone: zone)
        case .span(let interval, let zone): return span(interval, zone: zone)
        case .date(let day): return date(day)
        case .day(let day, let today):
            if day == today { return say(.formatToday) }
            if day == today.adding(days: 1) { return say(.formatTomorrow) }
            return date(day)
        case .slot(let location, let bay, let interval, let zone):
            return fill(template(for: .formatSlot)) { name in
                switch name {
                case "bay": String(bay)
                case "location": location
                case "date": date(LocalDay(containing: interval.start, in: zone))
                case "span": span(interval, zone: zone)
                default: nil
                }
            }
        case .phrases(let phrases): return render(phrases)
        }
    }
}
