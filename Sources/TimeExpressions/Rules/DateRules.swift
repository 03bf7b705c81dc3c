/// Days: "today", "tmrw", "day after tomorrow", "sat", "next fri", "Nov 28", "the 28th", "november 28th 2026",
/// "11/28", "2026-11-28", "monday the 30th", "first saturday in december", "last friday of the month";
/// and stretches of days: "this weekend", "next week", "in december".
enum DateRules {
    /// The day productions, tried at one index; the longest wins.
    static func longest(_ scanner: Scanner, _ index: Int) -> (DaySpec, Int)? {
        var best: (DaySpec, Int)?
        // [the] today|tomorrow|yesterday|day after tomorrow
        Rule.keepLonger(&best, relativeDay(scanner, index), than: index)
        // [this|next|coming|last] <weekday> [next week]
        Rule.keepLonger(&best, weekday(scanner, index), than: index)
        // next week <weekday>
        Rule.keepLonger(&best, weekdayOfNextWeek(scanner, index), than: index)
        // yyyy-mm-dd
        Rule.keepLonger(&best, isoDate(scanner, index), than: index)
        // mm/dd[/yyyy] (order from the policy)
        Rule.keepLonger(&best, slashedDate(scanner, index), than: index)
        // <month> [the] <day> [, yyyy]
        Rule.keepLonger(&best, monthDay(scanner, index), than: index)
        // [the] <day> [of] <month> [yyyy]
        Rule.keepLonger(&best, dayMonth(scanner, index), than: index)
        // [the] <ordinal day>
        Rule.keepLonger(&best, dayOfMonth(scanner, index), than: index)
        // [the] first|2nd|last <weekday> of|in <month>
        Rule.keepLonger(&best, nthWeekdayOfMonth(scanner, index), than: index)
        // [the] end of [the] month | [the] last day of <month>
        Rule.keepLonger(&best, endOfMonth(scanner, index), than: index)
        // <holiday> [yyyy]
        Rule.keepLonger(&best, HolidayRules.holiday(scanner, index), than: index)
        return best
    }

    /// The span productions: stretches longer than a day.
    static func longestSpan(_ scanner: Scanner, _ index: Int) -> (SpanSpec, Int)? {
        var best: (SpanSpec, Int)?
        // [this|next|last|the] weekend
        Rule.keepLonger(&best, weekend(scanner, index), than: index)
        // this|next|last week
        Rule.keepLonger(&best, week(scanner, index), than: index)
        // this|next|last month | in|during <month> | <month> yyyy
        Rule.keepLonger(&best, month(scanner, index), than: index)
        // [from|between] <day> -|to|until|and <day> | <month> <n>-<n> | <n>-<n> <month>
        Rule.keepLonger(&best, dayRange(scanner, index), than: index)
        // [the] <holiday> weekend | [the] weekend of <holiday>
        Rule.keepLonger(&best, holidayWeekend(scanner, index), than: index)
        // [the] first|last week|weekend of|in <month>
        Rule.keepLonger(&best, weekOfMonth(scanner, index), than: index)
        // [the] week of <day> | [the] week starting <day> | the following week
        Rule.keepLonger(&best, weekOf(scanner, index), than: index)
        // [the] next <n> days|weeks|hours
        Rule.keepLonger(&best, following(scanner, index), than: index)
        // between now and <day> | from now until <day> | [the] rest of the week|month|day
        Rule.keepLonger(&best, untilEnd(scanner, index), than: index)
        return best
    }

    static func weekOf(_ scanner: Scanner, _ index: Int) -> (SpanSpec, Int)? {
        var next = index
        if scanner.isKeyword(next, .the) { next += 1 }
        if next > index, scanner.isKeyword(next, .following), scanner.word(next + 1) == .unit(.week) {
            return (.week(.next), next + 2)
        }
        guard scanner.word(next) == .unit(.week) else { return nil }
        let starts = scanner.isKeyword(next + 1, .starting)
        guard starts || scanner.isKeyword(next + 1, .of),
            let (day, afterDay) = longest(scanner, next + 2)
        else { return nil }
        return (.weekOf(day, starting: starts), afterDay)
    }

    static func holidayWeekend(_ scanner: Scanner, _ index: Int) -> (SpanSpec, Int)? {
        var next = index
        if scanner.isKeyword(next, .the) { next += 1 }
        if scanner.isKeyword(next, .weekend), scanner.isKeyword(next + 1, .of),
            let (day, afterDay) = HolidayRules.holiday(scanner, next + 2)
        {
            return (.holidayWeekend(day), afterDay)
        }
        guard case .holiday = scanner.word(next), let (day, afterDay) = HolidayRules.holiday(scanner, next),
            scanner.isKeyword(afterDay, .weekend)
        else { return nil }
        return (.holidayWeekend(day), afterDay + 1)
    }

    static func weekOfMonth(_ scanner: Scanner, _ index: Int) -> (SpanSpec, Int)? {
        var next = index
        if scanner.isKeyword(next, .the) { next += 1 }
        let first: Bool
        if scanner.word(next) == .ordinalWord(1) {
            first = true
        } else if scanner.word(next) == .modifier(.last) {
            first = false
        } else {
            return nil
        }
        let isWeekend = scanner.isKeyword(next + 1, .weekend)
        guard isWeekend || scanner.word(next + 1) == .unit(.week),
            scanner.isKeyword(next + 2, .of) || scanner.isKeyword(next + 2, .in),
            let (month, afterMonth) = monthReference(scanner, next + 3)
        else { return nil }
        return (.weekOfMonth(first: first, isWeekend: isWeekend, month), afterMonth)
    }

    static func following(_ scanner: Scanner, _ index: Int) -> (SpanSpec, Int)? {
        var next = index
        if scanner.isKeyword(next, .the) { next += 1 }
        guard scanner.word(next) == .modifier(.next),
            let (duration, afterDuration) = DurationRules.duration(scanner, next + 1),
            duration.unit == .day || duration.unit == .week || duration.unit == .hour, duration.months == 0
        else { return nil }
        // "next 3 days" names how many, not "next day": a plain "next week" is the week rule's.
        guard case .numberWord = scanner.word(next + 1) else {
            guard
                scanner.number(next + 1) != nil || scanner.isKeyword(next + 1, .couple)
                    || scanner.isKeyword(next + 1, .few)
            else { return nil }
            return (.following(duration), afterDuration)
        }
        return (.following(duration), afterDuration)
    }

    static func untilEnd(_ scanner: Scanner, _ index: Int) -> (SpanSpec, Int)? {
        var next = index
        if scanner.isKeyword(next, .the) { next += 1 }
        if scanner.isKeyword(next, .rest), scanner.isKeyword(next + 1, .of) {
            var unitIndex = next + 2
            if scanner.isKeyword(unitIndex, .the) { unitIndex += 1 }
            if case .unit(let unit) = scanner.word(unitIndex), unit == .day || unit == .week || unit == .month {
                return (.restOf(unit), unitIndex + 1)
            }
            return nil
        }
        let isBetween =
            scanner.isKeyword(next, .between) && scanner.isKeyword(next + 1, .now)
            && scanner.isKeyword(next + 2, .and)
        // "from now" is one word to the lexicon.
        let isFrom = scanner.isKeyword(next, .fromNow) && scanner.isKeyword(next + 1, .until)
        guard isBetween || isFrom, let (day, afterDay) = longest(scanner, next + (isFrom ? 2 : 3)) else {
            return nil
        }
        return (.untilEndOf(day), afterDay)
    }

    /// A range of whole days; the end may be a bare day number after a date ("dec 19-20").
    static func dayRange(_ scanner: Scanner, _ index: Int) -> (SpanSpec, Int)? {
        // Cheap first: a range needs a joining word or dash within a few words; reading a day at every position
        // of every text was most of the temporal parser's time.
        let hasJoin = (index..<min(index + 8, scanner.atoms.count)).contains { position in
            switch scanner.word(position) {
            case .punctuation(.dash), .keyword(.to), .keyword(.until), .keyword(.and): return true
            default: return false
            }
        }
        guard hasJoin else { return nil }
        var next = index
        let isBetween = scanner.isKeyword(next, .between)
        if isBetween || scanner.isKeyword(next, .from) { next += 1 }
        // "19-20 dec", "19-20 of december".
        if let first = scanner.number(next), scanner.isPunctuation(next + 1, .dash), let last = scanner.number(next + 2)
        {
            var monthIndex = next + 3
            if scanner.isKeyword(monthIndex, .of) { monthIndex += 1 }
            if case .month(let month) = scanner.word(monthIndex), first < last {
                return (
                    .days(.date(month: month, day: first, year: nil), .date(month: month, day: last, year: nil)),
                    monthIndex + 1
                )
            }
        }
        guard let (first, afterFirst) = longest(scanner, next) else { return nil }
        let separator = scanner.word(afterFirst)
        let joins =
            isBetween
            ? separator == .keyword(.and)
            : separator == .punctuation(.dash) || separator == .keyword(.to) || separator == .keyword(.until)
        guard joins else { return nil }
        let secondIndex = afterFirst + 1
        if let (second, afterSecond) = longest(scanner, secondIndex) {
            return (.days(first, second), afterSecond)
        }
        // "dec 19-20": a bare day number after a date.
        if case .date(let month, let day, let year) = first, let last = scanner.number(secondIndex), last > day,
            last <= 31, !scanner.countsSomething(after: secondIndex + 1)
        {
            return (.days(first, .date(month: month, day: last, year: year)), secondIndex + 1)
        }
        return nil
    }

    static func relativeDay(_ scanner: Scanner, _ index: Int) -> (DaySpec, Int)? {
        var next = index
        if scanner.isKeyword(next, .the) { next += 1 }
        guard case .relativeDay(let offset) = scanner.word(next) else { return nil }
        if next > index && offset < 2 && offset > -2 { return nil }
        return (.relative(offset), next + 1)
    }

    static func weekday(_ scanner: Scanner, _ index: Int) -> (DaySpec, Int)? {
        var next = index
        var modifier: Modifier?
        if case .modifier(let found) = scanner.word(next) {
            modifier = found
            next += 1
        }
        guard case .weekday(let day) = scanner.word(next) else { return nil }
        // "the sun was in my eyes": a short form after "the" is another word.
        if modifier == nil, scanner.isKeyword(next - 1, .the), scanner.key(next).utf8.count <= 3 { return nil }
        next += 1
        // "friday next week", "tuesday of next week", "friday of this week".
        let week = scanner.isKeyword(next, .of) ? next + 1 : next
        if modifier == nil, scanner.word(week) == .modifier(.next), scanner.word(week + 1) == .unit(.week) {
            return (.weekday(day, .next), week + 2)
        }
        if modifier == nil, scanner.word(week) == .modifier(.this), scanner.word(week + 1) == .unit(.week) {
            return (.weekday(day, .this), week + 2)
        }
        return (.weekday(day, modifier), next)
    }

    static func weekdayOfNextWeek(_ scanner: Scanner, _ index: Int) -> (DaySpec, Int)? {
        guard scanner.word(index) == .modifier(.next), scanner.word(index + 1) == .unit(.week) else { return nil }
        var next = index + 2
        if scanner.isKeyword(next, .on) || scanner.isPunctuation(next, .comma) { next += 1 }
        guard case .weekday(let day) = scanner.word(next) else { return nil }
        return (.weekday(day, .next), next + 1)
    }

    static func isoDate(_ scanner: Scanner, _ index: Int) -> (DaySpec, Int)? {
        guard let year = scanner.number(index, maxDigits: 4), scanner.atom(index)?.digits == 4,
            scanner.isPunctuation(index + 1, .dash) || scanner.isPunctuation(index + 1, .slash),
            let month = scanner.number(index + 2), scanner.word(index + 3) == scanner.word(index + 1),
            let day = scanner.number(index + 4), scanner.isGlued(index + 2), scanner.isGlued(index + 4),
            CivilCalendar.isValid(year: year, month: month, day: day)
        else { return nil }
        return (.date(month: month, day: day, year: year), index + 5)
    }

    static func slashedDate(_ scanner: Scanner, _ index: Int) -> (DaySpec, Int)? {
        guard let first = scanner.number(index), scanner.isPunctuation(index + 1, .slash),
            scanner.isGlued(index + 1), scanner.isGlued(index + 2), let second = scanner.number(index + 2),
            first >= 1, second >= 1
        else { return nil }
        var next = index + 3
        var year: Int?
        if scanner.isPunctuation(next, .slash), scanner.isGlued(next), scanner.isGlued(next + 1),
            let written = scanner.number(next + 1, maxDigits: 4), scanner.atom(next + 1)?.digits != 3
        {
            year = written < 100 ? 2000 + written : written
            next += 2
        }
        if scanner.countsSomething(after: next) { return nil }
        // "1/2 of the group", "1/3 of the bays": a share, not a day.
        if year == nil, scanner.isKeyword(next, .of) { return nil }
        // "24/7" means always.
        if year == nil, first == 24, second == 7 { return nil }
        var month = first
        var day = second
        if scanner.policy.slashedDateOrder == .dayFirst {
            swap(&month, &day)
        }
        if month > 12 && day <= 12 { swap(&month, &day) }
        guard CivilCalendar.isValid(year: year ?? 2000, month: month, day: day) else { return nil }
        return (.date(month: month, day: day, year: year), next)
    }

    /// A day of the month as "28", "28th", "twenty-eighth"; not followed by what makes it something else.
    ///
    /// After a month name the number is a day whatever follows: "dec 5 booking", "dec 5 bay 2" (`afterMonth`).
    private static func dayNumber(_ scanner: Scanner, _ index: Int, afterMonth: Bool = false) -> (Int, Int)? {
        let found: (Int, Int)?
        if let value = scanner.number(index) {
            guard !scanner.isPunctuation(index + 1, .colon) else { return nil }
            if case .meridiem = scanner.word(index + 1) { return nil }
            if scanner.isKeyword(index + 1, .oclock) || scanner.isKeyword(index + 1, .ish) { return nil }
            found = (value, index + 1)
        } else {
            found = scanner.ordinal(index)
        }
        guard let (day, next) = found, day >= 1, day <= 31, !scanner.countsSomething(after: next) else {
            return nil
        }
        if !afterMonth, scanner.word(next) == .label { return nil }
        return (day, next)
    }

    private static func year(_ scanner: Scanner, _ index: Int) -> (Int, Int)? {
        var next = index
        // "june 26th, 2027", "june 26th of 2027".
        if scanner.isPunctuation(next, .comma) || scanner.isKeyword(next, .of) { next += 1 }
        guard let value = scanner.number(next, maxDigits: 4), scanner.atom(next)?.digits == 4, value >= 1900,
            value <= 2200
        else { return nil }
        return (value, next + 1)
    }

    /// A day of the month in words after the month's name ("may twenty nine", "june fifth" is an ordinal): not
    /// when it counts something ("june five people"), nor after a month that is also a verb and before a word no
    /// rule knows ("may two come").
    private static func spelledDay(_ scanner: Scanner, _ index: Int, _ monthIndex: Int) -> (Int, Int)? {
        guard case .numberWord = scanner.word(index), let (day, next) = scanner.cardinal(index), day >= 1, day <= 31,
            !scanner.countsSomething(after: next)
        else { return nil }
        if scanner.lexicon.verbMonths.contains(scanner.key(monthIndex)), scanner.word(next) == .other { return nil }
        return (day, next)
    }

    static func monthDay(_ scanner: Scanner, _ index: Int) -> (DaySpec, Int)? {
        guard case .month(let month) = scanner.word(index) else { return nil }
        var next = index + 1
        // "oct. 1st", "oct, 1st".
        if scanner.isPunctuation(next, .dot) || scanner.isPunctuation(next, .comma) { next += 1 }
        if scanner.isKeyword(next, .the) { next += 1 }
        guard let (day, afterDay) = dayNumber(scanner, next, afterMonth: true) ?? spelledDay(scanner, next, index)
        else { return nil }
        if let (year, afterYear) = year(scanner, afterDay) {
            guard CivilCalendar.isValid(year: year, month: month, day: day) else { return nil }
            return (.date(month: month, day: day, year: year), afterYear)
        }
        guard CivilCalendar.isValid(year: 2028, month: month, day: day) else { return nil }
        return (.date(month: month, day: day, year: nil), afterDay)
    }

    static func dayMonth(_ scanner: Scanner, _ index: Int) -> (DaySpec, Int)? {
        var next = index
        if scanner.isKeyword(next, .the) { next += 1 }
        guard let (day, afterDay) = dayNumber(scanner, next) else { return nil }
        next = afterDay
        if scanner.isKeyword(next, .of) { next += 1 }
        guard case .month(let month) = scanner.word(next) else { return nil }
        // "2 or 3 may come": a month's name that is also a verb, before a word no rule knows, is the verb.
        if scanner.lexicon.verbMonths.contains(scanner.key(next)), scanner.word(next + 1) == .other { return nil }
        next += 1
        if scanner.isPunctuation(next, .dot), scanner.isGlued(next) { next += 1 }
        if let (year, afterYear) = year(scanner, next) {
            guard CivilCalendar.isValid(year: year, month: month, day: day) else { return nil }
            return (.date(month: month, day: day, year: year), afterYear)
        }
        guard CivilCalendar.isValid(year: 2028, month: month, day: day) else { return nil }
        return (.date(month: month, day: day, year: nil), next)
    }

    static func dayOfMonth(_ scanner: Scanner, _ index: Int) -> (DaySpec, Int)? {
        var next = index
        let hasArticle = scanner.isKeyword(next, .the)
        if hasArticle { next += 1 }
        let isDigits = scanner.word(next) == .ordinal
        guard isDigits || hasArticle, let (day, afterOrdinal) = scanner.ordinal(next), day >= 1, day <= 31 else {
            return nil
        }
        var afterDay = afterOrdinal
        // "the 20th day of this month": the word "day" says what the ordinal counts.
        let saysDay = scanner.word(afterDay) == .unit(.day) && scanner.isKeyword(afterDay + 1, .of)
        if saysDay {
            afterDay += 1
        } else if scanner.countsSomething(after: afterDay) || scanner.word(afterDay) == .label {
            return nil
        }
        if case .weekday = scanner.word(afterDay) { return nil }
        // "the 31st of november" is no day at all (a valid one is read by the day-month rule).
        if scanner.isKeyword(afterDay, .of), case .month = scanner.word(afterDay + 1) { return nil }
        // "the 3rd of next month", "the 20th of this month".
        if scanner.isKeyword(afterDay, .of), case .modifier(let modifier) = scanner.word(afterDay + 1),
            scanner.word(afterDay + 2) == .unit(.month), modifier == .next || modifier == .this
        {
            return (.nthDayOfMonth(day, modifier == .next ? .next : .current), afterDay + 3)
        }
        // "the 3rd of the month after next".
        if scanner.isKeyword(afterDay, .of), let (month, afterMonth) = monthReference(scanner, afterDay + 1),
            month == .afterNext
        {
            return (.nthDayOfMonth(day, .afterNext), afterMonth)
        }
        if saysDay { return nil }
        return (.dayOfMonth(day, weekday: nil), afterDay)
    }

    /// "first saturday in december", "the 2nd tuesday of next month", "last friday of the month".
    static func nthWeekdayOfMonth(_ scanner: Scanner, _ index: Int) -> (DaySpec, Int)? {
        guard let (ordinal, weekday, next) = nthWeekday(scanner, index),
            scanner.isKeyword(next, .of) || scanner.isKeyword(next, .in),
            let (month, afterMonth) = monthReference(scanner, next + 1)
        else { return nil }
        return (.nthWeekday(ordinal, weekday: weekday, month: month), afterMonth)
    }

    /// The nth weekday of a month with a part of that day between: "the first monday evening of next month".
    ///
    /// The moment rule joins the day and its part.
    static func nthWeekdayWithPartOfDay(_ scanner: Scanner, _ index: Int) -> (DaySpec, PartOfDay, Int)? {
        guard let (ordinal, weekday, next) = nthWeekday(scanner, index),
            case .partOfDay(let part) = scanner.word(next),
            scanner.isKeyword(next + 1, .of) || scanner.isKeyword(next + 1, .in),
            let (month, afterMonth) = monthReference(scanner, next + 2)
        else { return nil }
        return (.nthWeekday(ordinal, weekday: weekday, month: month), part, afterMonth)
    }

    /// "[the] first|2nd|last <weekday>": the position (-1 for the last), the weekday and the index after it.
    private static func nthWeekday(_ scanner: Scanner, _ index: Int) -> (Int, Int, Int)? {
        var next = index
        if scanner.isKeyword(next, .the) { next += 1 }
        let ordinal: Int
        if scanner.word(next) == .modifier(.last) {
            ordinal = -1
            next += 1
        } else if let (value, afterOrdinal) = scanner.ordinal(next), value >= 1, value <= 5 {
            ordinal = value
            next = afterOrdinal
        } else {
            return nil
        }
        guard case .weekday(let weekday) = scanner.word(next) else { return nil }
        return (ordinal, weekday, next + 1)
    }

    static func endOfMonth(_ scanner: Scanner, _ index: Int) -> (DaySpec, Int)? {
        var next = index
        if scanner.isKeyword(next, .the) { next += 1 }
        // "the end of the month", "the last day of february".
        let isEnd = scanner.isKeyword(next, .end)
        let isLastDay = scanner.word(next) == .modifier(.last) && scanner.word(next + 1) == .unit(.day)
        guard isEnd || isLastDay else { return nil }
        next += isEnd ? 1 : 2
        guard scanner.isKeyword(next, .of), let (month, afterMonth) = monthReference(scanner, next + 1) else {
            return nil
        }
        return (.endOfMonth(month), afterMonth)
    }

    /// "december [2026]", "the month", "this month", "next month".
    static func monthReference(_ scanner: Scanner, _ index: Int) -> (MonthReference, Int)? {
        if case .month(let month) = scanner.word(index) {
            if let (year, afterYear) = year(scanner, index + 1) { return (.named(month, year: year), afterYear) }
            return (.named(month, year: nil), index + 1)
        }
        guard scanner.word(index + 1) == .unit(.month) else { return nil }
        // "the month after next".
        if scanner.isKeyword(index, .the), scanner.isKeyword(index + 2, .after),
            scanner.word(index + 3) == .modifier(.next)
        {
            return (.afterNext, index + 4)
        }
        switch scanner.word(index) {
        case .keyword(.the), .modifier(.this): return (.current, index + 2)
        case .modifier(.next): return (.next, index + 2)
        default: return nil
        }
    }

    static func weekend(_ scanner: Scanner, _ index: Int) -> (SpanSpec, Int)? {
        var next = index
        var modifier: Modifier?
        if case .modifier(let found) = scanner.word(next) {
            modifier = found
            next += 1
        } else if scanner.isKeyword(next, .the) {
            next += 1
        }
        guard scanner.isKeyword(next, .weekend) else { return nil }
        return (.weekend(modifier), next + 1)
    }

    static func week(_ scanner: Scanner, _ index: Int) -> (SpanSpec, Int)? {
        var next = index
        if scanner.isKeyword(next, .the) { next += 1 }
        // "the week after next".
        if scanner.word(next) == .unit(.week), scanner.isKeyword(next + 1, .after),
            scanner.word(next + 2) == .modifier(.next)
        {
            return (.weekAfterNext, next + 3)
        }
        // "maybe the week after": the week after the one under discussion. "the week after christmas" may be the
        // days up to new year or the next Monday-to-Sunday week: read as no time, rather than as Christmas Day.
        if next > index, scanner.word(next) == .unit(.week), scanner.isKeyword(next + 1, .after) {
            if let (_, afterDay) = longest(scanner, next + 2) ?? HolidayRules.holiday(scanner, next + 2) {
                return (.weekAfterDay, afterDay)
            }
            return (.weekAfterDiscussed, next + 2)
        }
        guard case .modifier(let modifier) = scanner.word(next), scanner.word(next + 1) == .unit(.week) else {
            return nil
        }
        if next > index, modifier != .last { return nil }
        return (.week(modifier), next + 2)
    }

    static func month(_ scanner: Scanner, _ index: Int) -> (SpanSpec, Int)? {
        switch scanner.word(index) {
        case .keyword(.the):
            // "the month after next".
            guard let (reference, next) = monthReference(scanner, index), reference == .afterNext else { return nil }
            return (.month(reference), next)
        case .keyword(.in), .keyword(.during):
            if let (reference, next) = monthReference(scanner, index + 1), reference == .afterNext {
                return (.month(reference), next)
            }
            guard case .month(let month) = scanner.word(index + 1) else { return nil }
            if let (year, afterYear) = year(scanner, index + 2) {
                return (.month(.named(month, year: year)), afterYear)
            }
            return (.month(.named(month, year: nil)), index + 2)
        case .month(let month):
            guard let (year, afterYear) = year(scanner, index + 1) else { return nil }
            return (.month(.named(month, year: year)), afterYear)
        case .modifier(.this), .modifier(.next):
            guard let (reference, next) = monthReference(scanner, index) else { return nil }
            return (.month(reference), next)
        default:
            return nil
        }
    }
}
