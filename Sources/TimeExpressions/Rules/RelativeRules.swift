/// Times relative to now: "in 30 minutes", "in 2 hrs", "an hour from now", "in 3 days", "a week from today",
/// "2 days ago", "later today", "now".
enum RelativeRules {
    /// The relative productions, tried at one index; the longest wins.
    static func longest(_ scanner: Scanner, _ index: Int) -> (Piece, Int)? {
        var best: (Piece, Int)?
        // in <duration>
        Rule.keepLonger(&best, inDuration(scanner, index), than: index)
        // <duration> from now | <duration> ago | <duration> from <day> | <duration> from|after <time>
        Rule.keepLonger(&best, fromDuration(scanner, index), than: index)
        // <n> <weekday>s from now
        Rule.keepLonger(&best, weekdaysFromNow(scanner, index), than: index)
        // <weekday> after next | <weekday> <n> weeks from now | [the] day after [<day>]
        Rule.keepLonger(&best, weekdayAfterNext(scanner, index), than: index)
        // later today
        Rule.keepLonger(&best, laterToday(scanner, index), than: index)
        // [right] now
        Rule.keepLonger(&best, now(scanner, index), than: index)
        return best
    }

    /// Whether a relative expression can begin with `word`.
    ///
    /// Every production starts with "in", "the", "later", "right", "now", "day", a weekday, a count or the start
    /// of a duration; checked before the productions, which most words start none of.
    static func mayStart(_ word: Word) -> Bool {
        switch word {
        case .keyword(.in), .keyword(.the), .keyword(.later), .keyword(.right), .keyword(.now), .unit(.day), .weekday:
            true
        default:
            DurationRules.mayStart(word)
        }
    }

    static func inDuration(_ scanner: Scanner, _ index: Int) -> (Piece, Int)? {
        guard scanner.isKeyword(index, .in) else { return nil }
        var next = index + 1
        if scanner.isKeyword(next, .around) { next += 1 }
        guard let (duration, afterDuration) = DurationRules.duration(scanner, next) else { return nil }
        // "in 5 days at 5pm": whole days from today, then a time on that day.
        if duration.unit == .day || duration.unit == .week, duration.months == 0 {
            var timeIndex = afterDuration
            if scanner.isPunctuation(timeIndex, .comma) { timeIndex += 1 }
            if let (time, afterTime) = IntervalRules.timePart(scanner, timeIndex, cue: .context) {
                let days = duration.minutes / DurationUnit.day.minutes
                return (.moment(day: .relative(days), partOfDay: nil, time: time), afterTime)
            }
        }
        return (.relative(duration, sign: 1), afterDuration)
    }

    /// A length, then what it is counted from: now, a day or a clock time.
    ///
    /// The length is read once for the three; the longest reading wins, the earlier on a tie (now, then a day,
    /// then a time).
    static func fromDuration(_ scanner: Scanner, _ index: Int) -> (Piece, Int)? {
        guard let (duration, next) = DurationRules.duration(scanner, index) else { return nil }
        var best = durationFromNow(scanner, duration, next)
        if let found = durationFromDay(scanner, duration, next), found.1 > (best?.1 ?? index) { best = found }
        if let found = durationFromTime(scanner, duration, next), found.1 > (best?.1 ?? index) { best = found }
        return best
    }

    /// A clock time moved by a length under a day: "15 minutes from 1pm", "an hour after 6:30".
    ///
    /// "2 hrs from noon" is a booking's length and start, not 2 pm: with "from", only lengths under an hour move
    /// the time.
    static func durationFromTime(_ scanner: Scanner, _ duration: DurationSpec, _ next: Int) -> (Piece, Int)? {
        guard duration.unit < .day,
            scanner.isKeyword(next, .after) || scanner.isKeyword(next, .from) && duration.minutes < 60,
            let (time, afterTime) = TimeRules.clockTime(scanner, next + 1, cue: .explicit), time.isStrong
        else { return nil }
        var moved = time
        let total = (time.hour % 12) * 60 + time.minute + duration.minutes
        guard total < 12 * 60 else { return nil }
        moved.hour = time.hour >= 12 && time.meridiem == nil ? 12 + total / 60 : total / 60
        if moved.hour == 0, time.hour % 12 == 0 { moved.hour = time.hour }
        moved.minute = total % 60
        moved.hasMinutes = true
        return (.moment(day: nil, partOfDay: nil, time: .clock(moved)), afterTime)
    }

    static func durationFromNow(_ scanner: Scanner, _ duration: DurationSpec, _ next: Int) -> (Piece, Int)? {
        if scanner.isKeyword(next, .fromNow) { return (.relative(duration, sign: 1), next + 1) }
        if scanner.isKeyword(next, .ago) { return (.relative(duration, sign: -1), next + 1) }
        return nil
    }

    static func durationFromDay(_ scanner: Scanner, _ duration: DurationSpec, _ next: Int) -> (Piece, Int)? {
        guard duration.unit >= .day,
            scanner.isKeyword(next, .from) || scanner.isKeyword(next, .after),
            let (day, afterDay) = DateRules.longest(scanner, next + 1)
        else { return nil }
        return (.relativeToDay(day, duration), afterDay)
    }

    /// "friday after next" (the friday of the week after next), "friday two weeks from now", "the day after
    /// christmas", "the day after" (tomorrow, with no day under discussion).
    static func weekdayAfterNext(_ scanner: Scanner, _ index: Int) -> (Piece, Int)? {
        var next = index
        if scanner.isKeyword(next, .the) { next += 1 }
        if scanner.word(next) == .unit(.day), scanner.isKeyword(next + 1, .after) {
            let oneDay = DurationSpec(minutes: DurationUnit.day.minutes, unit: .day)
            if let (day, afterDay) = DateRules.longest(scanner, next + 2) {
                return (.relativeToDay(day, oneDay), afterDay)
            }
            return (.relativeToDay(.relative(0), oneDay), next + 2)
        }
        guard case .weekday(let weekday) = scanner.word(next) else { return nil }
        if scanner.isKeyword(next + 1, .after), scanner.word(next + 2) == .modifier(.next) {
            let week = DurationSpec(minutes: DurationUnit.week.minutes, unit: .week)
            return (.relativeToDay(.weekday(weekday, .next), week), next + 3)
        }
        // "the monday after christmas": the first such weekday after that day.
        if next > index, scanner.isKeyword(next + 1, .after),
            let (day, afterDay) = DateRules.longest(scanner, next + 2)
        {
            return (.moment(day: .weekdayAfter(weekday, day), partOfDay: nil, time: nil), afterDay)
        }
        // "friday two weeks from now": that weekday in the week two weeks on.
        if let (count, afterCount) = scanner.cardinal(next + 1), (1...8).contains(count),
            scanner.word(afterCount) == .unit(.week), scanner.isKeyword(afterCount + 1, .fromNow)
        {
            // The week two weeks on from this one: next week's weekday and one more week per count past one.
            let weeks = DurationSpec(minutes: (count - 1) * DurationUnit.week.minutes, unit: .week)
            return (.relativeToDay(.weekday(weekday, .next), weeks), afterCount + 2)
        }
        return nil
    }

    /// "3 fridays from now": the third friday to come.
    static func weekdaysFromNow(_ scanner: Scanner, _ index: Int) -> (Piece, Int)? {
        guard let (count, next) = scanner.cardinal(index), (1...10).contains(count),
            case .weekday(let weekday) = scanner.word(next)
        else { return nil }
        let isFromNow =
            scanner.isKeyword(next + 1, .fromNow)
            || scanner.isKeyword(next + 1, .from) && scanner.word(next + 2) == .relativeDay(0)
        guard isFromNow else { return nil }
        // Today does not count: said on a wednesday, "3 wednesdays from now" is in three weeks.
        let weeks = DurationSpec(minutes: (count - 1) * DurationUnit.week.minutes, unit: .week)
        return (
            .relativeToDay(.weekday(weekday, .coming), weeks),
            scanner.isKeyword(next + 1, .fromNow) ? next + 2 : next + 3
        )
    }

    static func laterToday(_ scanner: Scanner, _ index: Int) -> (Piece, Int)? {
        guard scanner.isKeyword(index, .later) else { return nil }
        var next = index + 1
        if scanner.isKeyword(next, .on) { next += 1 }
        guard scanner.word(next) == .relativeDay(0) else { return nil }
        return (.span(.laterToday), next + 1)
    }

    static func now(_ scanner: Scanner, _ index: Int) -> (Piece, Int)? {
        var next = index
        if scanner.isKeyword(next, .right) { next += 1 }
        guard scanner.isKeyword(next, .now) else { return nil }
        return (.span(.now), next + 1)
    }
}
