public import BookingCore
public import Foundation
public import TimeExpressions

/// Understands one message: text in, `Parse` out (intent, confidence, resolved slots).
///
/// Built once from a grammar directory and the club (location names and aliases); `parse` is then pure,
/// safe to call from any task, and fast (tens of microseconds for a text message). The pipeline is the one in
/// DESIGN.md: normalize, recognize entities (times through `TimeParser`, the rest through the `entity`
/// sections of the grammars), then match every intent template at once over the resulting tokens.
public struct UtteranceParser: Sendable {
    let normalizer: Normalizer
    let intents: Automaton
    let entities: Automaton
    let words: [String: Int32]
    /// Entity template index → location id, for the templates made from the club's location names.
    let locationOfTemplate: [Int: String]
    let zones: [String: TimeZone]
    let timeParser: TimeParser
    /// Cue words per intent, for messages no template covers.
    let cues: CueIndex

    /// Loads and compiles `directory` (such as `Grammars/en`) for `club`'s locations.
    ///
    /// Throws a `GrammarError` naming the file, line and column of the first mistake.
    /// The temporal parser comes from the same directory's `time.vocabulary` unless one is given.
    public init(
        grammarsDirectory directory: String,
        club: Club,
        timeParser: TimeParser? = nil
    ) throws(GrammarError) {
        let time: TimeParser
        if let timeParser {
            time = timeParser
        } else {
            time = try Self.timeParser(grammarsDirectory: directory)
        }
        try self.init(source: GrammarSource.load(directory: directory), club: club, timeParser: time)
    }

    /// Compiles grammar files given as texts (name and contents), for tests of the grammar language; a
    /// `time.vocabulary` among them gives the temporal words (none else, unless `timeParser` is given).
    public init(
        files: [(name: String, text: String)],
        club: Club,
        timeParser: TimeParser? = nil
    ) throws(GrammarError) {
        let vocabulary = files.first { ($0.name as NSString).lastPathComponent == "time.vocabulary" }
        let time: TimeParser
        if let timeParser {
            time = timeParser
        } else {
            time = TimeParser(
                vocabulary: try Self.vocabulary(text: vocabulary?.text ?? "", file: vocabulary?.name ?? "-")
            )
        }
        try self.init(source: GrammarSource.parse(files: files), club: club, timeParser: time)
    }

    /// The temporal parser for a language directory's `time.vocabulary` (such as `Grammars/en/time.vocabulary`).
    public static func timeParser(grammarsDirectory directory: String) throws(GrammarError) -> TimeParser {
        let path = (directory as NSString).appendingPathComponent("time.vocabulary")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GrammarError(SourceLocation(file: path, line: 0, column: 0), "expected the temporal vocabulary here")
        }
        return TimeParser(vocabulary: try vocabulary(text: String(decoding: data, as: UTF8.self), file: path))
    }

    private static func vocabulary(text: String, file: String) throws(GrammarError) -> TimeVocabulary {
        do {
            return try TimeVocabulary(text: text, file: file)
        } catch {
            throw GrammarError(SourceLocation(file: error.file, line: error.line, column: 1), error.message)
        }
    }

    init(source: GrammarSource, club: Club, timeParser: TimeParser) throws(GrammarError) {
        var lexicon = source.lexicon
        // The number and ordinal words come from the temporal vocabulary, the language's one list of them; the
        // grammars' `numbers.lexicon` and `ordinals.lexicon` add only the words that count ("couple", "dozen") or
        // rank ("earliest") without being numbers, and win where they say a word twice.
        for (word, value) in timeParser.numberWords where lexicon.numbers[word] == nil {
            lexicon.numbers[word] = value
            lexicon.vocabulary.insert(word)
        }
        lexicon.ordinalSuffixes = timeParser.ordinalSuffixes
        for (word, value) in timeParser.ordinalWords where lexicon.ordinals[word] == nil {
            lexicon.ordinals[word] = value
            lexicon.vocabulary.insert(word)
        }
        let replacements = lexicon.replacements
        let wordKey: @Sendable (String) -> [String] = { word in
            let folded = Normalizer.fold(word.filter { $0 != "'" && $0 != "\u{2019}" })
            return replacements[folded] ?? [folded]
        }
        var entityTemplates = source.templates.filter { if case .entity = $0.section { true } else { false } }
        var locationOfTemplate: [Int: String] = [:]
        var zones: [String: TimeZone] = [:]
        for location in club.locations {
            zones[location.id] = location.timeZone
            var phrases = [location.id, location.name] + location.aliases
            phrases = phrases.map { $0.replacingOccurrences(of: ".", with: " ") }
            for phrase in Set(phrases) {
                let keys = phrase.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" }).flatMap {
                    wordKey(String($0))
                }
                guard !keys.isEmpty else { continue }
                locationOfTemplate[entityTemplates.count] = location.id
                entityTemplates.append(
                    Template(
                        section: .entity(.location),
                        expression: .sequence(keys.map { .word($0) }),
                        value: nil,
                        text: phrase,
                        location: SourceLocation(file: "club config", line: 0, column: 0)
                    )
                )
                lexicon.vocabulary.formUnion(keys)
            }
        }
        var compiler = AutomatonCompiler(rules: source.rules, words: [:], wordKey: wordKey)
        entities = try compiler.compile(entityTemplates)
        let intentTemplates = source.templates.filter { if case .entity = $0.section { false } else { true } }
        intents = try compiler.compile(intentTemplates)
        words = compiler.words
        lexicon.vocabulary.formUnion(compiler.words.keys.filter { $0.first?.isLetter ?? false })
        normalizer = Normalizer(lexicon: lexicon)
        cues = CueIndex(lists: lexicon.cues, key: wordKey)
        self.locationOfTemplate = locationOfTemplate
        self.zones = zones
        self.timeParser = timeParser
    }

    /// The meaning of `text`, said at `reference`, with times resolved in `timeZone` (or the named location's).
    ///
    /// `expecting` is what the conversation just asked: after "for how long?", "2" is two hours; after "which
    /// one?", it is the second option.
    public func parse(_ text: String, reference: Date, timeZone: TimeZone, expecting: Expectation = .nothing) -> Parse {
        var analysis = Analysis(parser: self, text: text, reference: reference, zone: timeZone, expecting: expecting)
        return analysis.run(explaining: false)
    }

    /// `parse`, with an `Explanation` of the template, rules, slot spans and runner-up filled in.
    public func explain(_ text: String, reference: Date, timeZone: TimeZone, expecting: Expectation = .nothing) -> Parse
    {
        var analysis = Analysis(parser: self, text: text, reference: reference, zone: timeZone, expecting: expecting)
        return analysis.run(explaining: true)
    }

    /// What skipping a chatter word (`chatter.words`) costs a template: a known word costs 1, filler 0.15.
    static let chatterSkipCost: Float = 0.3
    /// What skipping a word no grammar knows costs a template.
    static let unknownWordSkipCost: Float = 0.45

    /// The labels a plain token answers to in the automata.
    func item(for token: Token) -> MatchItem {
        var item = MatchItem()
        switch token.kind {
        case .reference:
            item.add(Automaton.label(.ref))
            item.skipCost = 0.05
            return item
        case .phone:
            item.add(Automaton.label(.phone))
            item.skipCost = 0.05
            return item
        case .question:
            if let id = words["?"] { item.add(id) }
            item.skipCost = 0
            return item
        case .pause:
            // A sign-off template may name the comma ("thanks, Jen"); skipping one costs nothing.
            if let id = words[","] { item.add(id) }
            item.skipCost = 0
            return item
        case .word:
            break
        }
        if let id = words[token.key] { item.add(id) }
        if token.number != nil || token.decimal != nil { item.add(Automaton.label(.number)) }
        if token.ordinal != nil { item.add(Automaton.label(.ordinal)) }
        let isAlphabetic = token.key.unicodeScalars.allSatisfy(Normalizer.isAlphabetic)
        if !token.isKnown, isAlphabetic {
            item.add(Automaton.label(.word))
            if token.isCapitalized { item.add(Automaton.label(.proper)) }
        }
        if token.isFiller {
            item.skipCost = 0.15
        } else if token.isChatter {
            item.skipCost = Self.chatterSkipCost
        } else if !token.isKnown, isAlphabetic {
            // A word no grammar knows is a name, a reason or a typo past correction: it says little about intent.
            item.skipCost = Self.unknownWordSkipCost
        } else if token.number != nil || token.decimal != nil {
            item.skipCost = 0.6
        } else if !isAlphabetic {
            item.skipCost = 0.1
        }
        return item
    }
}
