import BookingCore
import Foundation
import TimeExpressions

/// One run of the pipeline over one message; a value made and dropped inside `UtteranceParser.parse`.
struct Analysis {
    /// Something recognized over a run of tokens: a time expression or an entity.
    struct Found {
        var tokens: Range<Int>
        var slot: SlotClass
        var time: TimeValue?
        var number: Int?
        var text: String?
        /// A name from a sign-off ("thanks, Jen"): it outranks one read earlier ("I'm afraid ...").
        var isSignOff = false
    }

    /// A position the intent grammar sees: a plain token, or a `Found` standing for its tokens.
    struct Unit {
        var tokens: Range<Int>
        var found: Int?
    }

    let parser: UtteranceParser
    let text: String
    let reference: Date
    var zone: TimeZone
    let expecting: Expectation
    var tokens: [Token] = []
    var found: [Found] = []
    /// The cue words outside what was recognised, counted once `found` is final.
    var hits = CueIndex.Hits()
    /// Each token's labels for the automata, worked out once for the entity and the intent matching.
    var tokenItems: [MatchItem] = []
    /// Whether `--explain` asked for the explanation; else only the parse is built.
    var isExplaining = false
    /// Whether a token starts an out-of-domain cue, once asked (two checks ask it).
    var startsOutOfDomainCue: Bool?
    /// Per unit, the sentence or clause it is in; and how many there are.
    var sentenceOf: [Int] = []
    var sentenceCount = 1
    var units: [Unit] = []
    var items: [MatchItem] = []
    var explanation = Explanation()

    init(parser: UtteranceParser, text: String, reference: Date, zone: TimeZone, expecting: Expectation) {
        self.parser = parser
        self.text = text
        self.reference = reference
        self.zone = zone
        self.expecting = expecting
    }

    mutating func run(explaining: Bool) -> Parse {
        isExplaining = explaining
        tokens = parser.normalizer.tokens(of: text)
        tokenItems = tokens.map(parser.item(for:))
        var times = timeMatches(in: zone)
        let entities = entityMatches(skipping: [])
        times = Self.withoutOverlaps(times, entities, expecting: expecting, isLongMessage: tokens.count >= 6)
        if let location = entities.first(where: { $0.slot == .location })?.text,
            let locationZone = parser.zones[location],
            locationZone.identifier != zone.identifier
        {
            zone = locationZone
            times = Self.withoutOverlaps(
                timeMatches(in: zone),
                entities,
                expecting: expecting,
                isLongMessage: tokens.count >= 6
            )
        }
        times = withoutGreetingTimes(times)
        let kept = entities.filter { entity in !times.contains { $0.tokens.overlaps(entity.tokens) } }
        found = (times + kept).sorted { $0.tokens.lowerBound < $1.tokens.lowerBound }
        hits = countCues()
        buildUnits()
        var parse = decide()
        let said = found.compactMap(\.time)
        if [.book, .availability].contains(parse.intent), expecting == .nothing, !said.isEmpty,
            said.allSatisfy(isPast)
        {
            // "the screen in bay 2 kept freezing last night": about a visit gone by, not a request.
            explanation.decidedBy = "only past times"
            parse = Parse(text: text, intent: .unknown, confidence: 0.6, slots: Slots())
        }
        parse.timeZone = zone
        if explaining {
            explanation.tokens = units.map { unit in
                if let index = unit.found { return "{\(found[index].slot.rawValue)}" }
                return tokens[unit.tokens.lowerBound].key
            }
            explanation.spans = found.map { item in
                let start = tokens[item.tokens.lowerBound].start
                let end = tokens[item.tokens.upperBound - 1].end
                return Explanation.Span(
                    slot: Self.spanName(item),
                    text: Self.slice(text, start, end),
                    start: start,
                    end: end
                )
            }
            explanation.corrections = tokens.compactMap { token in
                token.rewrittenFrom.map { "\($0) → \(token.key)" }
            }
            parse.explanation = explanation
        }
        return parse
    }

    // MARK: Recognition

    /// Times that no longer entity overlaps: "the second one" is a choice, not December 2 at 1 pm; on a tie
    /// the time wins ("for 2 hours" is a duration, not a party of two), except against a choice.
    static func withoutOverlaps(
        _ times: [Found],
        _ entities: [Found],
        expecting: Expectation,
        isLongMessage: Bool = false
    ) -> [Found] {
        // Asked for a day or a time, "the 5th" is the date, not the fifth option; so it is inside a longer message
        // when no options are on offer ("no longer need the bay on the 3rd, please cancel").
        let isDayAsked = expecting == .day || expecting == .time || (expecting == .nothing && isLongMessage)
        return times.filter { time in
            !entities.contains { entity in
                entity.tokens.overlaps(time.tokens)
                    && (entity.tokens.count > time.tokens.count
                        || entity.tokens.count == time.tokens.count && entity.slot == .choice && !isDayAsked)
            }
        }
    }

    /// Times without a greeting's part of day: "morning! 3 of us thurs at 6" is Thursday, not this morning.
    ///
    /// A part of day said alone as the first word (after filler such as "good" or "hi") greets when another time
    /// follows in the message, or when the words after it are chatter ("evening all", "morning guys").
    func withoutGreetingTimes(_ times: [Found]) -> [Found] {
        let wishes = parser.normalizer.lexicon.partOfDayGreeting
        let kept = times.filter { time in
            guard time.tokens.count == 1, case .partOfDay? = time.time, time.tokens.lowerBound > 0 else { return true }
            return !wishes.contains(tokens[time.tokens.lowerBound - 1].key)
        }
        guard let first = kept.first, first.tokens.count == 1, case .partOfDay? = first.time else { return kept }
        let times = kept
        let index = first.tokens.lowerBound
        guard tokens[..<index].allSatisfy({ $0.isFiller || $0.key == "good" }) else { return times }
        let next = index + 1 < tokens.count ? tokens[index + 1] : nil
        let greets = times.count > 1 || (next.map { $0.isChatter || $0.isFiller || $0.kind == .pause } ?? false)
        return greets ? Array(times.dropFirst()) : times
    }

    /// Time expressions, found by the temporal parser in the normalized text and mapped back to tokens.
    ///
    /// Each stretch between commas is read on its own: "not friday, saturday" is two days, not one.
    func timeMatches(in zone: TimeZone) -> [Found] {
        var found: [Found] = []
        var segmentStart = 0
        for index in 0...tokens.count where index == tokens.count || tokens[index].kind == .pause {
            if index > segmentStart { found += timeMatches(in: zone, tokens: segmentStart..<index) }
            segmentStart = index + 1
        }
        return found
    }

    private func timeMatches(in zone: TimeZone, tokens range: Range<Int>) -> [Found] {
        var normalized = ""
        var spans: [(start: Int, end: Int)] = []
        normalized.reserveCapacity(tokens[range].reduce(0) { $0 + $1.key.utf8.count + 1 })
        spans.reserveCapacity(range.count)
        for token in tokens[range] {
            if !normalized.isEmpty, !token.isGlued { normalized += " " }
            let start = normalized.utf8.count
            normalized += token.key
            spans.append((start, normalized.utf8.count))
        }
        guard !normalized.isEmpty else { return [] }
        let matches = parser.timeParser.parse(normalized, reference: reference, timeZone: zone)
        var found: [Found] = []
        for match in matches {
            let lower = normalized.utf8.distance(from: normalized.utf8.startIndex, to: match.range.lowerBound)
            let upper = normalized.utf8.distance(from: normalized.utf8.startIndex, to: match.range.upperBound)
            guard let first = spans.firstIndex(where: { $0.end > lower }),
                let last = spans.lastIndex(where: { $0.start < upper }), first <= last
            else { continue }
            let covered = (range.lowerBound + first)..<(range.lowerBound + last + 1)
            if tokens[covered].contains(where: { $0.kind != .word }) { continue }
            if case .duration = match.value {
                found.append(Found(tokens: covered, slot: .duration, time: match.value))
            } else {
                found.append(Found(tokens: covered, slot: .when, time: match.value))
            }
        }
        return found
    }

    /// Entities from the grammars' `entity` sections and the club's locations, over tokens no time covers.
    func entityMatches(skipping times: [Found]) -> [Found] {
        var covered = [Bool](repeating: false, count: tokens.count)
        for time in times { for index in time.tokens { covered[index] = true } }
        var entityItems: [MatchItem] = []
        var numbers: [Int?] = []
        entityItems.reserveCapacity(tokens.count)
        numbers.reserveCapacity(tokens.count)
        for (index, token) in tokens.enumerated() {
            entityItems.append(covered[index] ? MatchItem() : tokenItems[index])
            numbers.append(token.number ?? token.ordinal)
        }
        let wordLabels = (Automaton.label(.word), Automaton.label(.proper))
        var found: [Found] = []
        var index = 0
        while index < tokens.count {
            if covered[index] {
                index += 1
                continue
            }
            switch tokens[index].kind {
            case .reference(let reference):
                found.append(Found(tokens: index..<index + 1, slot: .ref, text: reference))
                index += 1
                continue
            case .phone(let phone):
                found.append(Found(tokens: index..<index + 1, slot: .phone, text: phone))
                index += 1
                continue
            case .word, .question, .pause:
                break
            }
            guard
                let match = parser.entities.longestMatch(
                    entityItems,
                    from: index,
                    numbers: numbers,
                    wordLabels: wordLabels
                )
            else {
                index += 1
                continue
            }
            let template = parser.entities.templates[match.template]
            guard case .entity(let slot) = template.section else {
                index += 1
                continue
            }
            // "table for four adults and two kids": a match of the same kind that starts inside this one and runs
            // past its end reads more of the message.
            if let inner = (index + 1..<match.end).first(where: { start in
                guard
                    let other = parser.entities.longestMatch(
                        entityItems,
                        from: start,
                        numbers: numbers,
                        wordLabels: wordLabels
                    ), other.end > match.end
                else { return false }
                return parser.entities.templates[other.template].section == template.section
            }) {
                index = inner
                continue
            }
            var item = Found(tokens: index..<match.end, slot: slot)
            switch template.value {
            case .number(let plus)?:
                item.number = match.number.map { $0 + plus }
            case .constant(let value)?:
                item.number = value
            case .sum?:
                if let first = match.number, let second = match.secondNumber { item.number = first + second }
            case .product(let factor)?:
                item.number = match.number.map { $0 * factor }
            case .words?:
                // "this is Paul calling", "I'm retired": a word that is never a name ends the name or voids it.
                if let words = match.words {
                    let notNames = parser.normalizer.lexicon.notNames
                    var last = words.lowerBound
                    while last < words.upperBound, !notNames.contains(tokens[last].key) { last += 1 }
                    if last > words.lowerBound {
                        let raw = Self.slice(text, tokens[words.lowerBound].start, tokens[last - 1].end)
                        // "RYAN" in an all-caps message is Ryan; "MacKay" keeps its capitals.
                        item.text = raw.split(separator: " ").map { word in
                            let rest = String(word.dropFirst())
                            return word.prefix(1).uppercased() + (rest == rest.uppercased() ? rest.lowercased() : rest)
                        }
                        .joined(separator: " ")
                    }
                }
            case nil:
                item.text = parser.locationOfTemplate[match.template]
            }
            let isValid: Bool
            switch slot {
            case .party: isValid = (1...40).contains(item.number ?? 0)
            case .bay: isValid = (1...99).contains(item.number ?? 0)
            case .choice: isValid = (1...20).contains(item.number ?? 0)
            default: isValid = item.number != nil || item.text != nil
            }
            // "- kev" and "thanks, Jen" sign a message off only at its end: "the in-laws" is no name.
            item.isSignOff = template.isWholeMessage
            if template.isWholeMessage, tokens[match.end...].contains(where: { $0.kind == .word }) {
                index += 1
                continue
            }
            if isValid {
                found.append(item)
                index = match.end
            } else {
                index += 1
            }
        }
        return found
    }

    /// The grammar's view of the message: one unit per plain token, one per recognized time or entity.
    mutating func buildUnits() {
        units.reserveCapacity(tokens.count)
        items.reserveCapacity(tokens.count)
        var index = 0
        var nextFound = 0
        while index < tokens.count {
            if nextFound < found.count, found[nextFound].tokens.lowerBound == index {
                units.append(Unit(tokens: found[nextFound].tokens, found: nextFound))
                var item = MatchItem()
                item.add(Automaton.label(found[nextFound].slot))
                item.skipCost = 0.05
                items.append(item)
                index = found[nextFound].tokens.upperBound
                nextFound += 1
                continue
            }
            units.append(Unit(tokens: index..<index + 1, found: nil))
            items.append(tokenItems[index])
            index += 1
        }
        // Which sentence (or clause) each unit is in: a new one after "?", a comma, or ".", "!" or a line break.
        let bytes = Array(text.utf8)
        sentenceOf.reserveCapacity(units.count)
        var current = 0
        for unit in units {
            sentenceOf.append(current)
            let last = tokens[unit.tokens.upperBound - 1]
            let next = unit.tokens.upperBound < tokens.count ? tokens[unit.tokens.upperBound].start : last.end
            let ends =
                last.end < next
                && bytes[last.end..<min(next, bytes.count)].contains { byte in
                    byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") || byte == 10
                }
            if last.kind == .question || last.kind == .pause || ends { current += 1 }
        }
        sentenceCount = current + 1
    }

    // MARK: Decision

    /// The intent and slots: short replies by what was expected, then the grammars, then slot-only messages.
    mutating func decide() -> Parse {
        let content = units.indices.filter { index in
            let unit = units[index]
            if unit.found != nil { return true }
            let token = tokens[unit.tokens.lowerBound]
            return !token.isFiller && token.kind == .word && token.key != "-" && token.key != "#"
        }
        let hasWords = units.contains { unit in
            unit.found != nil || tokens[unit.tokens.lowerBound].isFiller
                || tokens[unit.tokens.lowerBound].key.unicodeScalars.contains(where: Normalizer.isAlphabetic)
        }
        if content.isEmpty, !hasWords {
            explanation.decidedBy = "nothing to read"
            return Parse(text: text, intent: .unknown, confidence: 0.95, slots: Slots())
        }
        if expecting == .nothing, isDecisivelyOffTopic() {
            explanation.decidedBy = "out of domain"
            return Parse(text: text, intent: .unknown, confidence: 0.8, slots: Slots())
        }
        var bareReply: Parse?
        if content.count == 1 {
            let unit = units[content[0]]
            let token = tokens[unit.tokens.lowerBound]
            if unit.found == nil, token.ordinal == nil {
                bareReply = bareNumberReply(token)
            } else if unit.tokens.count == 1, let ordinal = token.ordinal, expecting == .choice || expecting == .nothing
            {
                // "2nd" or "first" alone picks an option; it is not the second of the month.
                explanation.decidedBy = "ordinal alone"
                return Parse(
                    text: text,
                    intent: .choose,
                    confidence: expecting == .choice ? 0.9 : 0.5,
                    slots: Slots(choice: ordinal)
                )
            }
        }
        // A clause read on its own counts only in a message mostly of words the grammars know: in junk, any two
        // tokens between punctuation would make a whole "clause".
        let readsClauses = wordCounts().unknown * 10 <= tokens.count * 5
        let result = parser.intents.match(items)
        var candidates: [(template: Int, score: Float, ratio: Float, consumed: Int, path: [PathStep])] = []
        // Best first: only the winner (and for `--explain` the runner-up) is read, so a few paths suffice.
        let ranked = result.best.sorted { lhs, rhs in
            lhs.score != rhs.score ? lhs.score > rhs.score : lhs.template < rhs.template
        }
        for best in ranked {
            if !isExplaining, candidates.count >= 4 { break }
            let path = Automaton.path(result.trail, from: best.step)
            if parser.intents.templates[Int(best.template)].isWholeMessage, skipsContent(path) { continue }
            var gain: Float = 0
            var consumed = 0
            for step in path where step.edge >= 0 {
                gain += items[Int(step.item)].gain
                if units[Int(step.item)].found == nil { consumed += 1 }
            }
            let skipped = gain - best.score
            var ratio = gain / max(0.001, gain + skipped)
            if consumed >= 2, readsClauses { ratio = max(ratio, sentenceRatio(path) * 0.95) }
            candidates.append((Int(best.template), best.score, ratio, consumed, path))
        }
        candidates.sort { lhs, rhs in
            if lhs.score != rhs.score { return lhs.score > rhs.score }
            return lhs.template < rhs.template
        }
        if var reply = bareReply {
            // "actually 4" is a correction the grammars know; "4" alone is the answer to the question.
            if let best = candidates.first, parser.intents.templates[best.template].section == .correction,
                best.ratio >= Self.minimumRatio
            {
                reply.isCorrection = true
            }
            return reply
        }
        if let answer = hedgedAnswer(best: candidates.first.map { parser.intents.templates[$0.template].section }) {
            return answer
        }
        let isSlotOnly = content.allSatisfy { units[$0].found != nil }
        if isSlotOnly, !content.isEmpty, candidates.first.map({ $0.consumed == 0 }) ?? true {
            explanation.decidedBy = "slots only"
            let intent = slotOnlyIntent()
            var parse = Parse(
                text: text,
                intent: intent,
                confidence: expecting == .nothing ? 0.75 : 0.9,
                slots: Slots()
            )
            parse.slots = slots(intent: intent, path: [])
            return parse
        }
        guard let best = candidates.first, best.ratio >= Self.minimumRatio, best.consumed > 0 else {
            if let best = candidates.first { describe(best.template, best.path, runnerUpFrom: candidates) }
            // The best template's intent, when it took two words or more, leans a message of request details.
            let hint = candidates.first.flatMap { $0.consumed >= 2 ? parser.intents.templates[$0.template] : nil }
                .map { Self.intent(of: $0.section).0 }
            if let parse = fromEvidence(hint: hint) { return parse }
            explanation.decidedBy = "no match"
            let sureness = candidates.first.map { 1 - Double($0.ratio) * 0.8 } ?? 0.9
            return Parse(text: text, intent: .unknown, confidence: Self.rounded(sureness), slots: Slots())
        }
        explanation.decidedBy = "grammar"
        let template = parser.intents.templates[best.template]
        var (intent, isCorrection) = Self.intent(of: template.section)
        if intent == .thanks || intent == .greeting, expecting == .nothing, skipsKnownWords(best.path),
            let request = fromEvidence(), request.intent != intent
        {
            // "hey its Chris, any way we can add an hour?": the greeting opens the message, the request is in it.
            return request
        }
        if intent == .thanks || intent == .greeting, expecting == .nothing, bookingSlotKinds() >= 2 {
            // "fri 7pm bedford 4 of us thanks -kev": the thanks is a sign-off, the request is the message.
            intent = .book
        }
        if [.availability, .hours, .pricing, .book].contains(intent), isOutOfDomain() {
            // "is the bar open" fits a question about opening times, but not about the bays.
            explanation.decidedBy = "out of domain"
            describe(best.template, best.path, runnerUpFrom: candidates)
            return Parse(text: text, intent: .unknown, confidence: 0.7, slots: Slots())
        }
        switch (intent, expecting) {
        case (.book, .choice) where !isCorrection:
            intent = .choose
        case (.choose, .nothing) where bookingSlotKinds() >= 2 && !found.contains(where: { $0.slot == .choice }):
            // "we're 4, can we do 7:45 tomorrow" with no options offered is a whole request, not a pick.
            intent = .book
        case (.choose, .location), (.choose, .day), (.choose, .time), (.choose, .duration), (.choose, .partySize),
            (.choose, .bay), (.choose, .bookingRef):
            // Naming one value when asked for it answers the question; it is not picking an offered option.
            intent = .book
        default:
            break
        }
        if [.cancel, .reschedule, .extend].contains(intent), expecting == .nothing, let change = cueHits().change,
            change.intent != intent, change.points > (cueHits().byIntent[intent] ?? 0)
        {
            // "something came up friday, any way to shift us to the weekend?": the reason reads as a cancellation,
            // the words of the change ask to move.
            intent = change.intent
        }
        if intent == .hours, found.contains(where: { $0.slot == .bay }) {
            // "is bay 6 at hfx open sat 2-4?": a bay is open when it is free; a club is open during its hours.
            intent = .availability
        }
        if intent == .book, expecting == .nothing, !isCorrection {
            // "got a spot for 3 around 6:30 tonight?", "do you have a table for 2 at 7": asked about what is free,
            // with no booking word.
            if asksWhatIsFree(cueHits()) { intent = .availability }
        }
        if [.book, .choose, .availability, .listBookings, .thanks, .greeting].contains(intent), expecting == .nothing,
            !isCorrection, let change = cueHits().change
        {
            // "I need to cancel my booking for friday", "can we keep bay 3 another hour": the change asked for
            // wins over the words about a booking around it.
            intent = change.intent
        }
        var confidence = Double(best.ratio) * (best.consumed >= 3 ? 1 : best.consumed == 2 ? 0.96 : 0.92)
        if expecting == .confirmation, intent == .confirm || intent == .deny { confidence = max(confidence, 0.95) }
        if expecting == .choice, intent == .choose { confidence = max(confidence, 0.95) }
        describe(best.template, best.path, runnerUpFrom: candidates)
        var parse = Parse(text: text, intent: intent, confidence: Self.rounded(min(0.99, confidence)), slots: Slots())
        parse.isCorrection = isCorrection
        parse.slots = Self.trim(slots(intent: intent, path: best.path), for: intent)
        if let (number, role) = pathNumber(best.path) {
            if role == .time, !Self.hasWhat(parse.slots) {
                apply(number: number, as: .time, to: &parse.slots)
            } else if intent == .choose, parse.slots.choice == nil, (1...20).contains(number) {
                parse.slots.choice = number
            } else if isCorrection || intent == .book, !Self.hasWhat(parse.slots) {
                apply(number: number, as: expecting, to: &parse.slots)
            }
        }
        return parse
    }

    /// The cue words of the message outside what was recognised: "2 hours" is a length, not a question about hours.
    func cueHits() -> CueIndex.Hits { hits }

    private func countCues() -> CueIndex.Hits {
        var keys: [String] = []
        keys.reserveCapacity(tokens.count)
        for token in tokens { keys.append(token.key) }
        for item in found { for index in item.tokens { keys[index] = "" } }
        return parser.cues.hits(in: keys, explaining: isExplaining)
    }

    /// How many kinds of booking detail the message gives: a time, a length, a party, a bay, a place.
    func bookingSlotKinds() -> Int {
        var kinds = Set<SlotClass>()
        for item in found where [.when, .duration, .party, .bay, .location].contains(item.slot) {
            kinds.insert(item.slot)
        }
        return kinds.count
    }

    /// Whether the message is about something the agent does not handle here: out-of-domain cues
    /// (`cues_out_of_domain.words`), and neither a request cue nor a booking slot beside them.
    mutating func isOutOfDomain() -> Bool {
        guard mentionsOutOfDomain() else { return false }
        let hits = cueHits()
        guard hits.outOfDomain > 0, hits.byIntent.isEmpty else { return false }
        // A place named in the question ("the address of the dartmouth one") does not make it a request.
        return !found.contains { [.when, .duration, .party, .bay, .ref].contains($0.slot) }
    }

    /// Whether a time is over before the message was written: yesterday, last night, last week.
    func isPast(_ value: TimeValue) -> Bool {
        switch value {
        case .day(let day, _):
            return LocalDay(year: day.year, month: day.month, day: day.day) < LocalDay(containing: reference, in: zone)
        case .instant(let date, _):
            return date < reference.addingTimeInterval(-3600)
        case .interval(let start, let end, _):
            guard let end else { return false }
            return end <= reference && (start.map { $0 < reference } ?? true)
        case .partOfDay(_, _, _, let end):
            return end <= reference
        case .duration:
            return false
        }
    }

    /// The message's words (not numbers or marks) the grammars know, chatter included, and those they do not.
    func wordCounts() -> (known: Int, unknown: Int) {
        var known = 0
        var unknown = 0
        for token in tokens where token.kind == .word && token.number == nil {
            if token.isKnown || token.isChatter { known += 1 } else { unknown += 1 }
        }
        return (known, unknown)
    }

    /// Whether a request is worded as a question about what is free: more words about what is free and
    /// question openers ("do you have", "is there") than booking words, and a question mark or two such words.
    func asksWhatIsFree(_ hits: CueIndex.Hits) -> Bool {
        let asking = (hits.byIntent[.availability] ?? 0) + hits.openers
        let isQuestion = tokens.contains(where: { $0.kind == .question })
        return asking >= (isQuestion ? 1 : 2) && asking > (hits.byIntent[.book] ?? 0)
    }

    /// How much of the sentences (or clauses, between commas) a path touches it covers.
    ///
    /// "just moved here from Calgary, what are your hours?" asks about hours in a whole sentence, whatever the
    /// sentence before it says.
    func sentenceRatio(_ path: [PathStep]) -> Float {
        guard sentenceCount > 1 else { return 0 }
        var consumed = [Bool](repeating: false, count: units.count)
        var touched = [Bool](repeating: false, count: sentenceCount)
        for step in path where step.edge >= 0 {
            consumed[Int(step.item)] = true
            touched[sentenceOf[Int(step.item)]] = true
        }
        var gain: Float = 0
        var skipped: Float = 0
        for index in units.indices where touched[sentenceOf[index]] {
            if consumed[index] { gain += items[index].gain } else { skipped += items[index].skipCost }
        }
        return gain / max(0.001, gain + skipped)
    }

    /// Whether any word of the message starts an out-of-domain cue: the cheap test before the cue points.
    mutating func mentionsOutOfDomain() -> Bool {
        if let known = startsOutOfDomainCue { return known }
        let answer = tokens.contains { parser.cues.mayBeOutOfDomain($0.key) }
        startsOutOfDomainCue = answer
        return answer
    }

    /// Whether the message is about something else altogether (a decisive out-of-domain cue such as "playlist"
    /// or "weather") and names none of the club's bays.

    mutating func isDecisivelyOffTopic() -> Bool {
        guard mentionsOutOfDomain() else { return false }
        guard cueHits().decisive > 0 else { return false }
        let bayWords = parser.normalizer.lexicon.bayWords
        return !tokens.contains { bayWords.contains($0.key) }
    }

    /// The answer to the question asked, said with a hedge: "probably 6", "45 min should do it".
    ///
    /// Only when the message carries what was asked for and no template says it is something else.
    mutating func hedgedAnswer(best: TemplateSection?) -> Parse? {
        let asked: Set<SlotClass>
        switch expecting {
        case .duration: asked = [.duration]
        case .partySize: asked = [.party]
        case .day, .time: asked = [.when]
        case .location: asked = [.location]
        case .bay: asked = [.bay]
        default: return nil
        }
        if let best, case .intent(let intent) = best, ![.confirm, .book, .choose, .unknown].contains(intent) {
            return nil
        }
        if case .correction? = best { return nil }
        let numbers = tokens.filter { $0.kind == .word && $0.number != nil }
        let hasSlot = found.contains { asked.contains($0.slot) }
        guard hasSlot || (found.isEmpty && numbers.count == 1) else { return nil }
        guard cueHits().change == nil else { return nil }
        explanation.decidedBy = "expected \(expecting.rawValue), hedged"
        var parse = Parse(text: text, intent: .book, confidence: 0.7, slots: slots(intent: .book, path: []))
        if !hasSlot, let number = numbers.first?.number {
            apply(number: number, as: expecting, to: &parse.slots)
        }
        return parse.slots.isEmpty ? nil : parse
    }

    /// Whether a path leaves out a word the grammars know and that is not chatter or filler.
    func skipsKnownWords(_ path: [PathStep]) -> Bool {
        var consumed = Set<Int32>()
        for step in path where step.edge >= 0 { consumed.insert(step.item) }
        return units.indices.contains { index in
            guard !consumed.contains(Int32(index)), units[index].found == nil else { return false }
            let token = tokens[units[index].tokens.lowerBound]
            return token.kind == .word && token.isKnown && !token.isFiller && !token.isChatter
        }
    }

    /// Whether a path leaves out a unit that says something: a word other than filler, or a recognised slot.
    func skipsContent(_ path: [PathStep]) -> Bool {
        var consumed = Set<Int32>()
        for step in path where step.edge >= 0 { consumed.insert(step.item) }
        return units.indices.contains { index in
            guard !consumed.contains(Int32(index)) else { return false }
            let unit = units[index]
            if unit.found != nil { return true }
            let token = tokens[unit.tokens.lowerBound]
            return token.kind == .word && !token.isFiller
        }
    }

    /// The intent that cue words and slots point to when no template covers the message, or nil for `unknown`.
    ///
    /// Cues of what the club does not handle here ("is the bar open") keep a message unknown unless request
    /// cues outweigh them; with no cue at all, booking slots (a time, a party, a place, a bay) make it a request.
    mutating func fromEvidence(hint: Intent? = nil) -> Parse? {
        let (knownWords, unknownWords) = wordCounts()
        // Mostly words no grammar knows: junk or another language, whatever cue turns up in it. Past a few dozen
        // tokens a message must also be made of words, a third of them known, not of numbers and symbols.
        if unknownWords * 10 > tokens.count * 7 { return nil }
        if tokens.count > 30, knownWords * 10 < tokens.count * 3 { return nil }
        let hits = cueHits()
        explanation.cues = hits.found
        var all = slots(intent: .book, path: [])
        let isTimed = all.start != nil || all.date != nil || all.windowStart != nil
        let slotKinds = [
            isTimed, all.durationMinutes != nil, all.partySize != nil, all.bay != nil, all.location != nil,
        ]
        .filter { $0 }.count
        let points = hits.best?.points ?? 0
        // "is the bar open" is about the bar; "book a booth for 4 at a sports bar" is a request with a bar in it.
        if hits.outOfDomain > 0, hits.outOfDomain >= points + (points > 0 ? slotKinds : 0) { return nil }
        var intent: Intent
        let confidence: Double
        let isSocial = hits.best.map { [.thanks, .greeting, .help].contains($0.intent) } ?? false
        let hasAnySlot = slotKinds > 0 || all.bookingRef != nil
        if let hint, [.book, .availability].contains(hint), hasAnySlot, hits.change == nil,
            isSocial || (hint == .book && slotKinds >= 3)
        {
            // "hey its jess, can we get the same bay tmrw at 7": the request the nearest template read outweighs
            // a greeting, and a whole request outweighs a side question ("... we're trying to figure out the cost").
            intent = hint
            confidence = 0.65
        } else if let best = hits.best, points >= 2 || hasAnySlot, !(isSocial && slotKinds >= 2) {
            // Two cue words, or one beside a slot: "cant make it tmrw", "how much for 2 hrs"; thanks with a
            // whole request around it is the request.
            intent = best.intent
            confidence = slotKinds > 0 ? 0.7 : 0.55
        } else if expecting != .nothing, hasAnySlot, points == 0 || isSocial {
            // An answer to the question asked, said with a few more words: "halifax i guess", "its Q3W-8LK".
            intent = expecting == .choice ? .choose : .book
            confidence = 0.6
        } else if points == 0 || isSocial, slotKinds >= 2 {
            // Request details without a request word: "fri 7pm bedford 4 of us thanks -kev"; a question about
            // what is free when the nearest template asked one ("got space for 6 tonight? i know it's late").
            let asks = hint == .availability || hits.openers > 0
            intent = expecting == .choice ? .choose : asks ? .availability : .book
            confidence = 0.6
        } else {
            return nil
        }
        if intent == .book, expecting == .nothing, asksWhatIsFree(hits) { intent = .availability }
        if intent == .reschedule { all = slots(intent: .reschedule, path: []) }
        explanation.decidedBy = "evidence"
        var parse = Parse(text: text, intent: intent, confidence: confidence, slots: Slots())
        parse.slots = Self.trim(all, for: intent)
        return parse
    }

    /// A message of slots only is an answer or a request: `book` (or `choose` when options were offered).
    ///
    /// Said out of the blue, a booking reference alone is a look-up and a name or phone number alone an
    /// introduction.
    func slotOnlyIntent() -> Intent {
        if expecting == .choice { return .choose }
        guard expecting == .nothing else { return .book }
        let kinds = Set(found.map(\.slot))
        if kinds == [.choice] { return .choose }
        if kinds.isSubset(of: [.ref, .name, .phone]) {
            return kinds.contains(.ref) ? .listBookings : .greeting
        }
        return .book
    }

    /// The share of a message's weight a template must cover to count; below it the message is `unknown`.
    static let minimumRatio: Float = 0.6

    /// Drops slots an intent cannot use: a greeting's "good *morning*", the "24 hours" in "open 24 hours".
    static func trim(_ slots: Slots, for intent: Intent) -> Slots {
        switch intent {
        case .greeting:
            return Slots(name: slots.name, phone: slots.phone)
        case .hours:
            var kept = Slots(location: slots.location, name: slots.name)
            kept.date = slots.date ?? (slots.windowStart == nil ? nil : slots.date)
            kept.windowStart = slots.windowStart
            kept.windowEnd = slots.windowEnd
            return kept
        default:
            return slots
        }
    }

    static func intent(of section: TemplateSection) -> (Intent, Bool) {
        switch section {
        case .intent(let intent): (intent, false)
        case .correction: (.book, true)
        case .entity: (.unknown, false)
        }
    }

    static func hasWhat(_ slots: Slots) -> Bool {
        slots.start != nil || slots.partySize != nil || slots.durationMinutes != nil || slots.bay != nil
            || slots.windowStart != nil || slots.windowEnd != nil || slots.date != nil
    }

    /// A lone number, read by what the conversation asked for.
    mutating func bareNumberReply(_ token: Token) -> Parse? {
        guard token.number != nil || token.decimal != nil else { return nil }
        var slots = Slots()
        var intent = Intent.book
        switch expecting {
        case .duration, .partySize, .time, .bay:
            apply(number: token.number, decimal: token.decimal, as: expecting, to: &slots)
        case .choice, .nothing, .confirmation, .location, .day, .bookingRef:
            guard let number = token.number, (1...9).contains(number) else { return nil }
            intent = .choose
            slots.choice = number
        }
        guard !slots.isEmpty else { return nil }
        explanation.decidedBy = "expected \(expecting.rawValue)"
        let confidence = expecting == .nothing || expecting == .confirmation ? 0.5 : 0.9
        return Parse(text: text, intent: intent, confidence: confidence, slots: slots)
    }

    /// A number whose kind the words leave open: a time unless the conversation asked for something else.
    func apply(number: Int?, decimal: Double? = nil, as expectation: Expectation, to slots: inout Slots) {
        switch expectation {
        case .duration:
            if let number { slots.durationMinutes = number <= 12 ? number * 60 : number }
            if let decimal, decimal > 0, decimal <= 12 { slots.durationMinutes = Int((decimal * 60).rounded()) }
        case .partySize:
            if let number, (1...40).contains(number) { slots.partySize = number }
        case .bay:
            if let number, (1...99).contains(number) { slots.bay = number }
        case .choice:
            if let number, (1...20).contains(number) { slots.choice = number }
        default:
            guard let number, (0...24).contains(number) else { return }
            let matches = parser.timeParser.parse("at \(number)", reference: reference, timeZone: zone)
            if case .instant(let date, _)? = matches.first?.value {
                slots.start = date
                slots.date = nil
                if let minutes = slots.durationMinutes {
                    slots.end = date.addingTimeInterval(TimeInterval(minutes * 60))
                }
            }
        }
    }

    /// The first number the winning template took through `{number}`.
    func pathNumber(_ path: [PathStep]) -> (Int, SlotRole)? {
        for step in path where step.edge >= 0 && parser.intents.edgeLabel[Int(step.edge)] == Automaton.label(.number) {
            let unit = units[Int(step.item)]
            if unit.found == nil, let number = tokens[unit.tokens.lowerBound].number {
                return (number, parser.intents.edgeRole[Int(step.edge)])
            }
        }
        return nil
    }

    // MARK: Slots

    /// Every slot said, with times split into the booking as it is and as wanted for `reschedule`.
    func slots(intent: Intent, path: [PathStep]) -> Slots {
        var slots = Slots()
        var fromIndexes = Set<Int>()
        for step in path where step.edge >= 0 && parser.intents.edgeRole[Int(step.edge)] == .from {
            if let index = units[Int(step.item)].found { fromIndexes.insert(index) }
        }
        let timeIndexes = found.indices.filter { found[$0].slot == .when }
        if intent == .reschedule, fromIndexes.isEmpty, timeIndexes.count >= 2 { fromIndexes.insert(timeIndexes[0]) }
        var wanted: [TimeValue] = []
        var previous: [TimeValue] = []
        var movedInterval: Int?
        // "move my 6pm to 7pm" reads to the temporal parser as one span; moving a booking means from → to.
        if intent == .reschedule, fromIndexes.isEmpty, timeIndexes.count == 1,
            case .interval(let start?, let end?, let grain)? = found[timeIndexes[0]].time,
            grain == .hour || grain == .minute
        {
            movedInterval = timeIndexes[0]
            previous.append(.instant(start, grain: grain))
            wanted.append(.instant(end, grain: grain))
        } else if intent == .reschedule, fromIndexes.isEmpty, timeIndexes.count == 1,
            case .interval(let start?, let end?, .day)? = found[timeIndexes[0]].time
        {
            // "move my booking from thursday to friday": a range of days to the temporal parser, a move here.
            movedInterval = timeIndexes[0]
            let first = LocalDay(containing: start, in: zone)
            let last = LocalDay(containing: end, in: zone).adding(days: -1)
            previous.append(.day(CalendarDay(year: first.year, month: first.month, day: first.day), timeZone: zone))
            wanted.append(.day(CalendarDay(year: last.year, month: last.month, day: last.day), timeZone: zone))
        }
        for (index, item) in found.enumerated() {
            if let time = item.time {
                if index == movedInterval {
                    continue
                } else if !fromIndexes.contains(index) {
                    // "I left my driver here last night": a time gone by is no time to book.
                    if !isPast(time) { wanted.append(time) }
                } else if intent == .reschedule {
                    previous.append(time)
                }
                continue
            }
            if fromIndexes.contains(index) { continue }
            switch item.slot {
            // Everyone counted once: "my colleagues and I ... for 5", "my 2 boys ... so 3 of us".
            case .party: if let number = item.number { slots.partySize = max(slots.partySize ?? 0, number) }
            case .bay: if slots.bay == nil { slots.bay = item.number }
            case .choice: if slots.choice == nil { slots.choice = item.number }
            case .location: if slots.location == nil { slots.location = item.text }
            case .ref: if slots.bookingRef == nil { slots.bookingRef = item.text }
            case .phone: if slots.phone == nil { slots.phone = item.text }
            case .name: if slots.name == nil || item.isSignOff { slots.name = item.text }
            default: break
            }
        }
        TimeSlots.apply(wanted, to: &slots, zone: zone, reference: reference)
        if !previous.isEmpty {
            var old = Slots()
            TimeSlots.apply(previous, to: &old, zone: zone, reference: reference)
            slots.fromStart = old.start
            slots.fromDate = old.start == nil ? old.date : nil
        }
        return slots
    }

    // MARK: Explanation

    mutating func describe(
        _ templateIndex: Int,
        _ path: [PathStep],
        runnerUpFrom candidates: [(template: Int, score: Float, ratio: Float, consumed: Int, path: [PathStep])]
    ) {
        // Only `--explain` reads it: building it was a few per cent of every parse.
        guard isExplaining else { return }
        describeAlways(templateIndex, path, runnerUpFrom: candidates)
    }

    mutating func describeAlways(
        _ templateIndex: Int,
        _ path: [PathStep],
        runnerUpFrom candidates: [(template: Int, score: Float, ratio: Float, consumed: Int, path: [PathStep])]
    ) {
        let template = parser.intents.templates[templateIndex]
        explanation.template = template.text
        explanation.templateLocation = template.location.description
        var rules: [String] = []
        for step in path where step.edge >= 0 {
            let rule = parser.intents.edgeRule[Int(step.edge)]
            if rule >= 0, !rules.contains(parser.intents.ruleNames[Int(rule)]) {
                rules.append(parser.intents.ruleNames[Int(rule)])
            }
        }
        explanation.rules = rules
        var consumed = Set<Int32>()
        for step in path where step.edge >= 0 { consumed.insert(step.item) }
        explanation.skipped = units.indices.compactMap { index in
            let unit = units[index]
            guard unit.found == nil, !consumed.contains(Int32(index)) else { return nil }
            let token = tokens[unit.tokens.lowerBound]
            return token.kind == .word ? token.key : nil
        }
        if let chosen = candidates.first(where: { $0.template == templateIndex }) {
            explanation.score = (Double(chosen.score) * 100).rounded() / 100
            explanation.coverage = Self.rounded(Double(chosen.ratio))
        }
        let (winner, _) = Self.intent(of: template.section)
        if let runner = candidates.first(where: {
            Self.intent(of: parser.intents.templates[$0.template].section).0 != winner
        }) {
            explanation.runnerUp = Self.intent(of: parser.intents.templates[runner.template].section).0
            explanation.runnerUpConfidence = Self.rounded(Double(runner.ratio))
            explanation.runnerUpScore = (Double(runner.score) * 100).rounded() / 100
        }
    }

    static func spanName(_ item: Found) -> String {
        switch item.slot {
        case .when: "when"
        case .duration: "duration_minutes"
        case .party: "party_size"
        case .ref: "booking_ref"
        default: item.slot.rawValue
        }
    }

    static func slice(_ text: String, _ start: Int, _ end: Int) -> String {
        let utf8 = Array(text.utf8)
        guard start >= 0, end <= utf8.count, start <= end else { return "" }
        return String(decoding: utf8[start..<end], as: UTF8.self)
    }

    static func rounded(_ value: Double) -> Double { (min(1, max(0, value)) * 100).rounded() / 100 }
}
