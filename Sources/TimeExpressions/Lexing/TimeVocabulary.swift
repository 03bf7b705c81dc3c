import Foundation

/// The words of one language's temporal expressions, read from `Grammars/<language>/time.vocabulary`.
///
/// The rules stay in Swift and refer to word classes (a weekday, a month, the keyword "at"); which words make each
/// class is data, so a language is a file, not code. The text is given, not read: this target does no I/O.
///
/// A line is `<class> [<value>]: form, form, ...`, a form of several words is a phrase ("day after tomorrow"),
/// and `#` starts a comment. Classes: `weekday 1`…`7`, `month 1`…`12`, `number <n>`, `ordinal <n>`,
/// `relative_day <offset>`, `tonight`, `part_of_day <name>`, `meridiem am|pm`, `noon`, `midnight`,
/// `holiday <name>`, `modifier <name>`, `unit <name>`, `keyword <name>`, `counted_noun` (after a number it counts
/// something: "4 *people*"), `label` (before a number it names something: "*bay* 3"), `event_noun` (after a
/// holiday it names an event: "christmas *party*"), `verb_month` (a month's name that is also a verb: "3 *may*
/// come"), `ordinal_suffix`, `glueable_suffix` (letters that may be
/// glued to digits: "7*pm*"), `hour_letter` ("2*h*30"), `fraction <value>` ("½").
public struct TimeVocabulary: Sendable {
    /// Form → word class, in file order (a later line wins a form said twice).
    var entries: [(String, Word)] = []
    var eventNouns: Set<String> = []
    var verbMonths: Set<String> = []
    var ordinalSuffixes: Set<String> = []
    var glueableSuffixes: Set<String> = []
    var hourLetters: Set<String> = []
    var fractions: [String: Double] = [:]

    /// A mistake in a vocabulary file, with where it is.
    public struct Mistake: Error, CustomStringConvertible, Sendable {
        public let file: String
        public let line: Int
        public let message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    /// Reads `text` (the contents of `file`, named in errors).
    public init(text: String, file: String) throws(Mistake) {
        var number = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let trimmed = Self.trimmed(line)
            if trimmed.isEmpty { continue }
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw Mistake(file: file, line: number, message: "expected '<class> [<value>]: form, form, ...'")
            }
            let head = trimmed[..<colon].split(separator: " ").map(String.init)
            let forms = trimmed[trimmed.index(after: colon)...].split(separator: ",")
                .map { Self.trimmed($0).lowercased() }
                .filter { !$0.isEmpty }
            guard let name = head.first, !forms.isEmpty else {
                throw Mistake(file: file, line: number, message: "expected a class and at least one form")
            }
            let value = head.count > 1 ? head[1] : nil
            switch name {
            case "event_noun": eventNouns.formUnion(forms)
            case "verb_month": verbMonths.formUnion(forms)
            case "ordinal_suffix": ordinalSuffixes.formUnion(forms)
            case "glueable_suffix": glueableSuffixes.formUnion(forms)
            case "hour_letter": hourLetters.formUnion(forms)
            case "fraction":
                guard let value, let fraction = Double(value), fraction > 0, fraction < 1 else {
                    throw Mistake(file: file, line: number, message: "expected 'fraction <value between 0 and 1>'")
                }
                for form in forms { fractions[form] = fraction }
            default:
                let word = try Self.word(name, value, file: file, line: number)
                for form in forms { entries.append((form, word)) }
            }
        }
    }

    /// `text` without spaces or tabs at either end.
    private static func trimmed(_ text: Substring) -> Substring {
        var text = text
        while let first = text.first, first == " " || first == "\t" || first == "\r" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text = text.dropLast() }
        return text
    }

    /// The cases of the value enums by name, worked out once: naming a case reflects on it, which is slow.
    private static let meridiems = names(Meridiem.self)
    private static let modifiers = names(Modifier.self)
    private static let units = names(DurationUnit.self)
    private static let keywords = names(Keyword.self)

    private static func names<T: CaseIterable>(_ type: T.Type) -> [String: T] {
        var names: [String: T] = [:]
        for value in T.allCases { names[String(describing: value)] = value }
        return names
    }

    private static func word(_ name: String, _ value: String?, file: String, line: Int) throws(Mistake) -> Word {
        let number = value.flatMap { Int($0) }
        let word: Word?
        switch name {
        case "weekday": word = number.flatMap { (1...7).contains($0) ? .weekday($0) : nil }
        case "month": word = number.flatMap { (1...12).contains($0) ? .month($0) : nil }
        case "number": word = number.map { .numberWord($0) }
        case "ordinal": word = number.map { .ordinalWord($0) }
        case "relative_day": word = number.map { .relativeDay($0) }
        case "tonight": word = .tonight
        case "noon": word = .noon
        case "midnight": word = .midnight
        case "counted_noun": word = .countedNoun
        case "label": word = .label
        case "part_of_day": word = value.flatMap(PartOfDay.init(rawValue:)).map { .partOfDay($0) }
        case "holiday": word = value.flatMap(Holiday.init(rawValue:)).map { .holiday($0) }
        case "meridiem": word = value.flatMap { meridiems[$0] }.map { .meridiem($0) }
        case "modifier": word = value.flatMap { modifiers[$0] }.map { .modifier($0) }
        case "unit": word = value.flatMap { units[$0] }.map { .unit($0) }
        case "keyword": word = value.flatMap { keywords[$0] }.map { .keyword($0) }
        default:
            throw Mistake(file: file, line: line, message: "expected a word class, got '\(name)'")
        }
        guard let word else {
            throw Mistake(file: file, line: line, message: "'\(value ?? "")' is no value of class '\(name)'")
        }
        return word
    }
}
