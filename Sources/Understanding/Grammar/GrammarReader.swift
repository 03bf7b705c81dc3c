import Foundation

/// Reads one `.grammar` file into rule definitions and templates, reporting the first mistake with its place.
///
/// The language, line by line:
///
///     # a comment (a `#` at the start of a line or after a space, followed by a space)
///     <want> = (can | could) i (get | have) | i (want | need)     a named rule, inlined wherever it is used
///         | i would like                                          continuation of the rule above
///     intent book:                                                 templates for an intent, indented below
///         <want> [a] <bay_word> [{when}]
///     correction:                                                  templates for corrections
///     entity party:                                                templates for an entity, with a value
///         {number} of us => n
///
/// A template line that starts with `!` counts only when it covers the whole message (one-word answers).
///
/// In an expression: `(a | b)` alternatives, `[a]` optional, `{when}` a slot (`{when:from}` with a role),
/// `<name>` a rule or a word list (`Grammars/en/name.words`), `"#"` a quoted literal word.
struct GrammarReader {
    struct Output {
        var rules: [(name: String, expression: GrammarExpression, location: SourceLocation)] = []
        var templates: [Template] = []
    }

    let file: String

    func read(_ text: String) throws(GrammarError) -> Output {
        var output = Output()
        var section: TemplateSection?
        var pendingRule: (name: String, body: String, line: Int, column: Int)?
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func flushRule() throws(GrammarError) {
            guard let rule = pendingRule else { return }
            pendingRule = nil
            var parser = ExpressionParser(
                characters: Array(rule.body),
                file: file,
                line: rule.line,
                column: rule.column
            )
            let expression = try parser.parseAll()
            output.rules.append((rule.name, expression, SourceLocation(file: file, line: rule.line, column: 1)))
        }
        for (offset, rawLine) in lines.enumerated() {
            let number = offset + 1
            let line = Self.strippingComment(String(rawLine))
            let trimmed = line.trimmingSpaces()
            if trimmed.isEmpty { continue }
            let indented = line.first == " " || line.first == "\t"
            if indented, trimmed.hasPrefix("|"), let rule = pendingRule {
                pendingRule?.body = rule.body + " " + trimmed
                continue
            }
            try flushRule()
            if !indented {
                if trimmed.hasPrefix("<") {
                    guard let close = trimmed.firstIndex(of: ">") else {
                        throw GrammarError(
                            SourceLocation(file: file, line: number, column: 1),
                            "expected '>' after the rule name"
                        )
                    }
                    let name = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close])
                    let rest = trimmed[trimmed.index(after: close)...].trimmingSpaces()
                    guard Self.isIdentifier(name) else {
                        throw GrammarError(
                            SourceLocation(file: file, line: number, column: 2),
                            "expected a rule name of letters, digits and _"
                        )
                    }
                    guard rest.hasPrefix("=") else {
                        throw GrammarError(
                            SourceLocation(file: file, line: number, column: name.count + 3),
                            "expected '=' after <\(name)>"
                        )
                    }
                    let body = String(rest.dropFirst())
                    let column = line.count - body.count + 1
                    pendingRule = (name, body, number, column)
                    section = nil
                    continue
                }
                section = try Self.section(trimmed, SourceLocation(file: file, line: number, column: 1))
                continue
            }
            guard let current = section else {
                throw GrammarError(
                    SourceLocation(file: file, line: number, column: 1),
                    "expected 'intent NAME:', 'correction:', 'entity NAME:' or '<rule> =' before an indented template"
                )
            }
            var column = line.count - line.drop(while: { $0 == " " || $0 == "\t" }).count + 1
            var body = trimmed
            var value: EntityValue?
            let isWholeMessage = body.hasPrefix("!")
            if isWholeMessage {
                body = String(body.dropFirst())
                column += 1
            }
            if case .entity = current {
                guard let arrow = trimmed.range(of: "=>") else {
                    throw GrammarError(
                        SourceLocation(file: file, line: number, column: line.count + 1),
                        "expected '=> n', '=> n + 1', '=> n + m', '=> n * 2', '=> 4' or '=> words' at the end of an entity template"
                    )
                }
                body = String(body[..<(body.range(of: "=>")?.lowerBound ?? body.endIndex)])
                let valueText = trimmed[arrow.upperBound...].trimmingSpaces()
                value = try Self.value(
                    valueText,
                    SourceLocation(file: file, line: number, column: line.count - valueText.count + 1)
                )
            }
            var parser = ExpressionParser(characters: Array(body), file: file, line: number, column: column)
            let expression = try parser.parseAll()
            output.templates.append(
                Template(
                    section: current,
                    expression: expression,
                    value: value,
                    text: body.trimmingSpaces(),
                    location: SourceLocation(file: file, line: number, column: column),
                    isWholeMessage: isWholeMessage
                )
            )
        }
        try flushRule()
        return output
    }

    private static func section(_ header: String, _ location: SourceLocation) throws(GrammarError) -> TemplateSection {
        guard header.hasSuffix(":") else {
            throw GrammarError(location, "expected ':' at the end of the section header '\(header)'")
        }
        let words = header.dropLast().split(separator: " ").map(String.init)
        switch (words.first, words.count) {
        case ("correction", 1):
            return .correction
        case ("intent", 2):
            guard let intent = Intent(rawValue: words[1]) else {
                let names = Intent.allCases.map(\.rawValue).joined(separator: ", ")
                throw GrammarError(location, "expected an intent name (\(names)), got '\(words[1])'")
            }
            return .intent(intent)
        case ("entity", 2):
            guard let slot = SlotClass(rawValue: words[1]), SlotClass.declarable.contains(slot) else {
                let names = SlotClass.declarable.map(\.rawValue).sorted().joined(separator: ", ")
                throw GrammarError(location, "expected an entity name (\(names)), got '\(words[1])'")
            }
            return .entity(slot)
        default:
            throw GrammarError(location, "expected 'intent NAME:', 'correction:', 'entity NAME:' or '<rule> = ...'")
        }
    }

    private static func value(_ text: String, _ location: SourceLocation) throws(GrammarError) -> EntityValue {
        let compact = text.filter { $0 != " " }
        if compact == "words" { return .words }
        if compact == "n" { return .number(plus: 0) }
        if compact == "n+m" { return .sum }
        if compact.hasPrefix("n*"), let factor = Int(compact.dropFirst(2)), factor > 0 { return .product(factor) }
        if compact.hasPrefix("n+"), let plus = Int(compact.dropFirst(2)) { return .number(plus: plus) }
        if compact.hasPrefix("n-"), let minus = Int(compact.dropFirst(2)) { return .number(plus: -minus) }
        if let constant = Int(compact) { return .constant(constant) }
        throw GrammarError(
            location,
            "expected 'n', 'n + 1', 'n + m', 'n * 2', a number or 'words' after '=>', got '\(text)'"
        )
    }

    /// The line without its comment: `#` at the start or after whitespace, followed by whitespace or the end.
    static func strippingComment(_ line: String) -> String {
        let characters = Array(line)
        var inQuote = false
        for index in characters.indices {
            if characters[index] == "\"" { inQuote.toggle() }
            guard !inQuote, characters[index] == "#" else { continue }
            let before = index == 0 || characters[index - 1] == " " || characters[index - 1] == "\t"
            let after = index + 1 == characters.count || characters[index + 1] == " "
            if before, after { return String(characters[..<index]) }
        }
        return line
    }

    static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }
}

/// A recursive-descent reader for one expression: alternatives, sequences, groups, optionals, slots, rules.
struct ExpressionParser {
    let characters: [Character]
    let file: String
    let line: Int
    let column: Int
    var position = 0

    init(characters: [Character], file: String, line: Int, column: Int) {
        self.characters = characters
        self.file = file
        self.line = line
        self.column = column
    }

    mutating func parseAll() throws(GrammarError) -> GrammarExpression {
        let expression = try alternatives()
        skipSpaces()
        if position < characters.count {
            throw error("expected a word, '(', '[', '{', '<' or '|', got '\(characters[position])'")
        }
        if expression == .sequence([]) { throw error("expected at least one word, group or slot") }
        return expression
    }

    private func location(_ at: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column + at)
    }

    private func error(_ message: String, at: Int? = nil) -> GrammarError {
        GrammarError(location(at ?? position), message)
    }

    private mutating func skipSpaces() {
        while position < characters.count, characters[position] == " " || characters[position] == "\t" { position += 1 }
    }

    private mutating func alternatives() throws(GrammarError) -> GrammarExpression {
        var options = [try sequence()]
        skipSpaces()
        while position < characters.count, characters[position] == "|" {
            position += 1
            options.append(try sequence())
            skipSpaces()
        }
        if options.count == 1 { return options[0] }
        for option in options where option == .sequence([]) {
            throw error("expected words between '|' separators (use [ ] for something optional)")
        }
        return .choice(options)
    }

    private mutating func sequence() throws(GrammarError) -> GrammarExpression {
        var items: [GrammarExpression] = []
        while true {
            skipSpaces()
            guard position < characters.count else { break }
            let character = characters[position]
            if character == "|" || character == ")" || character == "]" { break }
            items.append(try item())
        }
        return items.count == 1 ? items[0] : .sequence(items)
    }

    private mutating func item() throws(GrammarError) -> GrammarExpression {
        let start = position
        let character = characters[position]
        switch character {
        case "(", "[":
            position += 1
            let inner = try alternatives()
            let closing: Character = character == "(" ? ")" : "]"
            guard position < characters.count, characters[position] == closing else {
                let opened = location(start)
                throw error("expected '\(closing)' to close '\(character)' opened at \(opened.line):\(opened.column)")
            }
            position += 1
            if inner == .sequence([]) { throw error("expected something inside '\(character)\(closing)'", at: start) }
            return character == "(" ? inner : .optional(inner)
        case "{":
            position += 1
            let name = identifier()
            var role = SlotRole.plain
            if position < characters.count, characters[position] == ":" {
                position += 1
                let roleName = identifier()
                guard let parsed = SlotRole(rawValue: roleName) else {
                    throw error("expected a slot role (from, time), got '\(roleName)'")
                }
                role = parsed
            }
            guard position < characters.count, characters[position] == "}" else {
                throw error("expected '}' to close the slot opened at column \(column + start)")
            }
            position += 1
            guard let slot = SlotClass(rawValue: name) else {
                let names = SlotClass.allCases.map(\.rawValue).joined(separator: ", ")
                throw error("expected a slot name (\(names)), got '\(name)'", at: start + 1)
            }
            return .slot(slot, role: role)
        case "<":
            position += 1
            let name = identifier()
            guard !name.isEmpty else { throw error("expected a rule name after '<'") }
            guard position < characters.count, characters[position] == ">" else {
                throw error("expected '>' to close <\(name)")
            }
            position += 1
            return .rule(name, location(start))
        case "\"":
            position += 1
            var word = ""
            while position < characters.count, characters[position] != "\"" {
                word.append(characters[position])
                position += 1
            }
            guard position < characters.count else { throw error("expected '\"' to close the quoted word") }
            position += 1
            guard !word.isEmpty else { throw error("expected a word between the quotes", at: start) }
            return .word(word)
        case "}", ">", "=":
            throw error("expected a word, '(', '[', '{' or '<', got '\(character)'")
        default:
            var word = ""
            while position < characters.count, Self.isWordCharacter(characters[position]) {
                word.append(characters[position])
                position += 1
            }
            guard !word.isEmpty else { throw error("expected a word, '(', '[', '{' or '<', got '\(character)'") }
            return .word(word)
        }
    }

    private mutating func identifier() -> String {
        var name = ""
        while position < characters.count,
            characters[position].isLetter || characters[position].isNumber
                || characters[position] == "_"
        {
            name.append(characters[position])
            position += 1
        }
        return name
    }

    static func isWordCharacter(_ character: Character) -> Bool {
        !" \t()[]{}<>|\"=".contains(character)
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" || first == "\r" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice.removeLast() }
        return String(slice)
    }
}
