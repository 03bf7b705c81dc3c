import Foundation

/// Everything read from one language's grammar directory, before compilation.
///
/// Files by extension: `*.grammar` hold rules and templates; `*.words` are word lists, one word or phrase a
/// line, usable as `<file_name>` in templates; `*.lexicon` rewrite tokens before matching (`please: pls, plz`),
/// except `numbers.lexicon` and `ordinals.lexicon`, which give words their values (`4: four`). Some word lists
/// are also read by the normalizer and the analysis: `filler.words` (cheap to skip), `chatter.words` (the words a request is
/// wrapped in, cheaper to skip than template words) and `vocabulary.words` (typo targets); `not_names.words`
/// lists words a name template must not take ("I'm *retired*", "this is Paul *calling*").
struct GrammarSource: Sendable {
    var rules: [String: (expression: GrammarExpression, location: SourceLocation)] = [:]
    var templates: [Template] = []
    var lexicon = Lexicon()

    /// Reads every grammar, word-list and lexicon file in `directory`, in name order.
    static func load(directory: String) throws(GrammarError) -> GrammarSource {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            throw GrammarError(SourceLocation(file: directory, line: 0, column: 0), "expected a grammar directory here")
        }
        var files: [(name: String, text: String)] = []
        for name in names where name.hasSuffix(".grammar") || name.hasSuffix(".words") || name.hasSuffix(".lexicon") {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw GrammarError(SourceLocation(file: path, line: 0, column: 0), "expected a readable file")
            }
            files.append((path, String(decoding: data, as: UTF8.self)))
        }
        return try parse(files: files)
    }

    /// Builds a source from file texts, for tests and for the loader above.
    static func parse(files: [(name: String, text: String)]) throws(GrammarError) -> GrammarSource {
        var source = GrammarSource()
        var grammarTexts: [(name: String, text: String)] = []
        for (name, text) in files {
            let base = ((name as NSString).lastPathComponent as NSString).deletingPathExtension
            if name.hasSuffix(".lexicon") {
                try source.readLexicon(name, base, text)
            } else if name.hasSuffix(".words") {
                try source.readWords(name, base, text)
            } else if name.hasSuffix(".vocabulary") {
                // The temporal vocabulary is the temporal parser's (`UtteranceParser.timeParser`).
                continue
            } else {
                grammarTexts.append((name, text))
            }
        }
        for (name, text) in grammarTexts {
            let output = try GrammarReader(file: name).read(text)
            for rule in output.rules {
                if let existing = source.rules[rule.name] {
                    throw GrammarError(rule.location, "rule <\(rule.name)> is already defined at \(existing.location)")
                }
                source.rules[rule.name] = (rule.expression, rule.location)
            }
            source.templates += output.templates
        }
        return source
    }

    private mutating func readLexicon(_ file: String, _ base: String, _ text: String) throws(GrammarError) {
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = GrammarReader.strippingComment(String(rawLine)).trimmingSpaces()
            if line.isEmpty { continue }
            let location = SourceLocation(file: file, line: offset + 1, column: 1)
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                throw GrammarError(location, "expected 'word: variant, variant' (a word, a colon, then its variants)")
            }
            let target = line[..<colon].trimmingSpaces().lowercased()
            let variants = line[line.index(after: colon)...].split(separator: ",").map {
                $0.trimmingSpaces().lowercased()
            }
            guard !variants.isEmpty, variants.allSatisfy({ !$0.isEmpty }) else {
                throw GrammarError(
                    SourceLocation(file: file, line: offset + 1, column: line.count + 1),
                    "expected variants after ':', separated by commas"
                )
            }
            switch base {
            case "numbers", "ordinals":
                guard let value = Int(target) else {
                    throw GrammarError(location, "expected a number before ':', got '\(target)'")
                }
                for variant in variants {
                    if base == "numbers" { lexicon.numbers[variant] = value } else { lexicon.ordinals[variant] = value }
                    lexicon.vocabulary.insert(variant)
                }
            default:
                let words = target.split(separator: " ").map(String.init)
                for variant in variants {
                    if let existing = lexicon.replacements[variant], existing != words {
                        throw GrammarError(
                            location,
                            "'\(variant)' already stands for '\(existing.joined(separator: " "))'"
                        )
                    }
                    lexicon.replacements[variant] = words
                }
                lexicon.vocabulary.formUnion(words)
            }
        }
    }

    private mutating func readWords(_ file: String, _ base: String, _ text: String) throws(GrammarError) {
        var options: [GrammarExpression] = []
        let cueList = base.hasPrefix("cues_") ? String(base.dropFirst(5)) : nil
        if let cueList, cueList != "out_of_domain", Intent(rawValue: cueList) == nil {
            throw GrammarError(
                SourceLocation(file: file, line: 1, column: 1),
                "expected cues_<intent>.words or cues_out_of_domain.words, got no intent named '\(cueList)'"
            )
        }
        var cuePhrases: [[String]] = []
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = GrammarReader.strippingComment(String(rawLine)).trimmingSpaces().lowercased()
            if line.isEmpty { continue }
            let words = line.split(separator: " ").map(String.init)
            if base == "filler", words.count == 1 { lexicon.filler.insert(words[0]) }
            if base == "chatter", words.count == 1 { lexicon.chatter.insert(words[0]) }
            if base == "part_of_day_greeting", words.count == 1 { lexicon.partOfDayGreeting.insert(words[0]) }
            if base == "four_for_after", words.count == 1 { lexicon.fourForAfter.insert(words[0]) }
            if base == "four_for_before", words.count == 1 { lexicon.fourForBefore.insert(words[0]) }
            if base == "not_names" {
                // Not a vocabulary: "retired" must stay a cheap word to skip, only never a name.
                lexicon.notNames.formUnion(words)
                continue
            }
            if cueList != nil { cuePhrases.append(words) }
            if base == "bay_word" { lexicon.bayWords.formUnion(words) }
            if cueList == "availability", let first = words.first, first.hasPrefix("?") {
                // A question opener (`?do you have`) is no template word either; its words are already known.
                continue
            }
            if cueList == "out_of_domain", let first = words.first, first.hasPrefix("!") {
                // A decisive cue (`!playlist`) is no template word: it only rules a message out. It is vocabulary,
                // so typo correction leaves it alone ("movie" is not "move").
                lexicon.vocabulary.insert(String(first.dropFirst()))
                lexicon.vocabulary.formUnion(words.dropFirst())
                continue
            }
            lexicon.vocabulary.formUnion(words)
            options.append(words.count == 1 ? .word(words[0]) : .sequence(words.map { .word($0) }))
            _ = offset
        }
        let location = SourceLocation(file: file, line: 1, column: 1)
        if base == "not_names" {
            guard !lexicon.notNames.isEmpty else {
                throw GrammarError(location, "expected at least one word in the list")
            }
            return
        }
        guard !options.isEmpty else { throw GrammarError(location, "expected at least one word in the list") }
        if let cueList { lexicon.cues.append((cueList, cuePhrases)) }
        rules[base] = (options.count == 1 ? options[0] : .choice(options), location)
    }
}
