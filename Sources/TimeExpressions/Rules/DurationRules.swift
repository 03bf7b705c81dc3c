/// Durations: "2 hours", "2hrs", "90 min", "1.5h", "2h30", "an hour and a half", "half an hour",
/// "a couple of hours", "2 hours 30 minutes", "three days".
enum DurationRules {
    /// The duration productions, tried at one index; the longest wins.
    static func longest(_ scanner: Scanner, _ index: Int) -> (DurationSpec, Int)? {
        var best: (DurationSpec, Int)?
        // half an hour | a half hour | half hour
        Rule.keepLonger(&best, halfUnit(scanner, index), than: index)
        // a quarter hour | quarter of an hour
        Rule.keepLonger(&best, quarterHour(scanner, index), than: index)
        // <quantity> <unit> [and a half | [and] <quantity> <unit> | <minutes>]
        Rule.keepLonger(&best, quantityUnit(scanner, index), than: index)
        // hour and a half
        Rule.keepLonger(&best, unitAndAHalf(scanner, index), than: index)
        // [a] fortnight
        Rule.keepLonger(&best, fortnight(scanner, index), than: index)
        // three quarters [of] [an] hour
        Rule.keepLonger(&best, threeQuarters(scanner, index), than: index)
        return best
    }

    static func duration(_ scanner: Scanner, _ index: Int) -> (DurationSpec, Int)? {
        mayStart(scanner.word(index)) ? longest(scanner, index) : nil
    }

    /// Whether a duration can begin with `word`: every one starts with a count, an article, a fraction or an hour
    /// unit, and most words are none.
    static func mayStart(_ word: Word) -> Bool {
        switch word {
        case .number, .numberWord, .keyword(.article), .keyword(.couple), .keyword(.few), .keyword(.fraction),
            .keyword(.half), .keyword(.quarter), .keyword(.fortnight), .unit(.hour):
            true
        default:
            false
        }
    }

    /// An hour unit, including the "h" of "1.5h".
    private static func unit(_ scanner: Scanner, _ index: Int) -> DurationUnit? {
        switch scanner.word(index) {
        case .unit(let unit):
            // A lone "m", "d", "w" is a unit only glued to its number ("90m"), never as a word.
            if scanner.key(index).utf8.count == 1 && !scanner.isGlued(index) { return nil }
            return unit
        case .keyword(.hLetter): return .hour
        default: return nil
        }
    }

    /// A fraction written as one character: "½", "¾", "¼".

    /// "1/2", "3/4" (a proper fraction in halves, thirds or quarters) at `index`: value and next index.
    private static func fraction(_ scanner: Scanner, _ index: Int) -> (Double, Int)? {
        if scanner.isKeyword(index, .fraction), let value = scanner.lexicon.fractions[scanner.key(index)] {
            return (value, index + 1)
        }
        guard let top = scanner.number(index, maxDigits: 1), scanner.isPunctuation(index + 1, .slash),
            scanner.isGlued(index + 1), scanner.isGlued(index + 2),
            let bottom = scanner.number(index + 2, maxDigits: 1),
            (2...4).contains(bottom), top >= 1, top < bottom
        else { return nil }
        return (Double(top) / Double(bottom), index + 3)
    }

    /// "2", "1.5", "1/2", "1 1/2", "1½", "two", "twenty five", "a", "an", "a couple of", "a few": value and next
    /// index.
    static func quantity(_ scanner: Scanner, _ index: Int) -> (Double, Int)? {
        if let (value, next) = fraction(scanner, index) { return (value, next) }
        var next = index
        if scanner.isKeyword(next, .article) {
            next += 1
            if scanner.isKeyword(next, .couple) || scanner.isKeyword(next, .few) {
                let value: Double = scanner.isKeyword(next, .couple) ? 2 : 3
                next += 1
                if scanner.isKeyword(next, .of) { next += 1 }
                return (value, next)
            }
            return (1, next)
        }
        if scanner.isKeyword(next, .couple) || scanner.isKeyword(next, .few) {
            let value: Double = scanner.isKeyword(next, .couple) ? 2 : 3
            next += 1
            if scanner.isKeyword(next, .of) { next += 1 }
            return (value, next)
        }
        if let whole = scanner.number(next, maxDigits: 4) {
            if scanner.isPunctuation(next + 1, .dot), scanner.isGlued(next + 1), scanner.isGlued(next + 2),
                let fraction = scanner.atom(next + 2), fraction.word == .number, fraction.digits <= 2
            {
                let scale = fraction.digits == 1 ? 10.0 : 100.0
                return (Double(whole) + Double(fraction.value) / scale, next + 3)
            }
            // "1 1/2 hours", "1½ hrs".
            if let (part, afterPart) = fraction(scanner, next + 1) { return (Double(whole) + part, afterPart) }
            return (Double(whole), next + 1)
        }
        if case .numberWord = scanner.word(next), let (value, afterValue) = scanner.cardinal(next) {
            return (Double(value), afterValue)
        }
        return nil
    }

    private static func spec(_ value: Double, _ unit: DurationUnit) -> DurationSpec? {
        guard value > 0, value <= 1000 else { return nil }
        var spec = DurationSpec(minutes: Int((value * Double(unit.minutes)).rounded()), unit: unit)
        if unit == .month { spec.months = Int(value.rounded()) }
        return spec
    }

    static func quantityUnit(_ scanner: Scanner, _ index: Int) -> (DurationSpec, Int)? {
        // "2 hrs a day": "a day" after a length is a rate, not a day long.
        if scanner.isKeyword(index, .article), case .unit = scanner.word(index - 1) { return nil }
        guard let (value, afterQuantity) = quantity(scanner, index) else { return nil }
        // "2 and a half hours", "one and half hour".
        if scanner.isKeyword(afterQuantity, .and) {
            let half = scanner.isKeyword(afterQuantity + 1, .article) ? afterQuantity + 2 : afterQuantity + 1
            if scanner.isKeyword(half, .half), let later = self.unit(scanner, half + 1),
                let halved = spec(value + 0.5, later)
            {
                return (halved, half + 2)
            }
        }
        // "1/2 an hour", "3/4 of an hour": a share of one unit.
        var unitIndex = afterQuantity
        if value < 1 {
            if scanner.isKeyword(unitIndex, .of) { unitIndex += 1 }
            if scanner.isKeyword(unitIndex, .article) { unitIndex += 1 }
        }
        guard let unit = unit(scanner, unitIndex), var result = spec(value, unit) else { return nil }
        var next = unitIndex + 1
        // "an hour and a half", "an hour and a quarter", "an hour and three quarters".
        if scanner.isKeyword(next, .and), scanner.isKeyword(next + 1, .article), scanner.isKeyword(next + 2, .half) {
            result.minutes += unit.minutes / 2
            return (result, next + 3)
        }
        if unit == .hour, scanner.isKeyword(next, .and) {
            if scanner.isKeyword(next + 1, .article), scanner.isKeyword(next + 2, .quarter) {
                result.minutes += 15
                return (result, next + 3)
            }
            if scanner.word(next + 1) == .numberWord(3), scanner.isKeyword(next + 2, .quarter) {
                result.minutes += 45
                return (result, next + 3)
            }
            // "an hour and 15": minutes with no unit of their own.
            if let minutes = scanner.number(next + 1), minutes > 0, minutes < 60, self.unit(scanner, next + 2) == nil,
                !scanner.countsSomething(after: next + 2)
            {
                result.minutes += minutes
                return (result, next + 2)
            }
        }
        // "2h30", "2h30m".
        if unit == .hour, scanner.isGlued(next), let minutes = scanner.number(next), minutes < 60 {
            result.minutes += minutes
            next += 1
            if scanner.isGlued(next), scanner.word(next) == .unit(.minute) { next += 1 }
            return (result, next)
        }
        // "2 hours 30 minutes", "1 hr and 15 mins".
        var extra = next
        if scanner.isKeyword(extra, .and) { extra += 1 }
        if unit > .minute, let (more, afterMore) = quantity(scanner, extra),
            let smaller = self.unit(scanner, afterMore),
            smaller < unit, let added = spec(more, smaller)
        {
            result.minutes += added.minutes
            return (result, afterMore + 1)
        }
        return (result, next)
    }

    /// "half an hour", "a half hour", "half hour", "half a day".
    static func halfUnit(_ scanner: Scanner, _ index: Int) -> (DurationSpec, Int)? {
        var next = index
        if scanner.isKeyword(next, .article) { next += 1 }
        guard scanner.isKeyword(next, .half) else { return nil }
        next += 1
        if scanner.isKeyword(next, .article) { next += 1 }
        guard let unit = unit(scanner, next), unit > .minute, let result = spec(0.5, unit) else { return nil }
        return (result, next + 1)
    }

    /// "a quarter hour", "quarter of an hour".
    static func quarterHour(_ scanner: Scanner, _ index: Int) -> (DurationSpec, Int)? {
        var next = index
        if scanner.isKeyword(next, .article) { next += 1 }
        guard scanner.isKeyword(next, .quarter) else { return nil }
        next += 1
        if scanner.isKeyword(next, .of) { next += 1 }
        if scanner.isKeyword(next, .article) { next += 1 }
        guard unit(scanner, next) == .hour else { return nil }
        return (DurationSpec(minutes: 15, unit: .minute), next + 1)
    }

    /// "three quarters of an hour": 45 minutes.
    static func threeQuarters(_ scanner: Scanner, _ index: Int) -> (DurationSpec, Int)? {
        guard scanner.word(index) == .numberWord(3), scanner.isKeyword(index + 1, .quarter) else { return nil }
        var next = index + 2
        if scanner.isKeyword(next, .of) { next += 1 }
        if scanner.isKeyword(next, .article) { next += 1 }
        guard unit(scanner, next) == .hour else { return nil }
        return (DurationSpec(minutes: 45, unit: .minute), next + 1)
    }

    /// "a fortnight": two weeks.
    static func fortnight(_ scanner: Scanner, _ index: Int) -> (DurationSpec, Int)? {
        var next = index
        if scanner.isKeyword(next, .article) { next += 1 }
        guard scanner.isKeyword(next, .fortnight) else { return nil }
        return (DurationSpec(minutes: 2 * DurationUnit.week.minutes, unit: .week), next + 1)
    }

    /// "hour and a half" without an article.
    static func unitAndAHalf(_ scanner: Scanner, _ index: Int) -> (DurationSpec, Int)? {
        guard scanner.word(index) == .unit(.hour), scanner.isKeyword(index + 1, .and) else { return nil }
        if scanner.isKeyword(index + 2, .article), scanner.isKeyword(index + 3, .half) {
            return (DurationSpec(minutes: 90, unit: .hour), index + 4)
        }
        // "hour and 1/2".
        if let (part, afterPart) = fraction(scanner, index + 2), part == 0.5 {
            return (DurationSpec(minutes: 90, unit: .hour), afterPart)
        }
        return nil
    }
}
