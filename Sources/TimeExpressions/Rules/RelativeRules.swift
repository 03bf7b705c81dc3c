/// Times relative to now: "in 30 minutes", "in 2 hrs", "an hour from now", "in 3 days", "a week from today",
/// "2 days ago", "later today", "now".
enum RelativeRules {
    static let vocabulary: [(String, Word)] = [
        ("now", .keyword(.now)), ("rn", .keyword(.now)), ("asap", .keyword(.now)), ("right", .keyword(.right)),
        ("ago", .keyword(.ago)), ("from now", .keyword(.fromNow)), ("frm now", .keyword(.fromNow)),
        ("hence", .keyword(.fromNow)), ("later", .keyword(.later)), ("within", .keyword(.in)),
    ]

    /// The relative productions, tried at one index; the longest wins.
    static let rules: [Rule<Piece>] = [
        Rule("in <duration>", inDuration),
        Rule("<duration> from now | <duration> ago", durationFromNow),
        Rule("<duration> from <day>", durationFromDay),
        Rule("<n> <weekday>s from now", weekdaysFromNow),
        Rule("later today", laterToday),
        Rule("[right] now", now),
    ]

    static func inDuration(_ scanner: Scanner, _ index: Int) -> (Piece, Int)? {
        guard scanner.isKeyword(index, .in) else { return nil }
        var next = index + 1
        if scanner.isKeyword(next, .around) { next += 1 }
        guard let (duration, afterDuration) = DurationRules.duration(scanner, next) else { return nil }
        return (.relative(duration, sign: 1), afterDuration)
    }

    static func durationFromNow(_ scanner: Scanner, _ index: Int) -> (Piece, Int)? {
        guard let (duration, next) = DurationRules.duration(scanner, index) else { return nil }
        if scanner.isKeyword(next, .fromNow) { return (.relative(duration, sign: 1), next + 1) }
        if scanner.isKeyword(next, .ago) { return (.relative(duration, sign: -1), next + 1) }
        return nil
    }

    static func durationFromDay(_ scanner: Scanner, _ index: Int) -> (Piece, Int)? {
        guard let (duration, next) = DurationRules.duration(scanner, index), duration.unit >= .day,
            scanner.isKeyword(next, .from) || scanner.isKeyword(next, .after),
            let (day, afterDay) = Rule.longest(DateRules.rules, scanner, next + 1)
        else { return nil }
        return (.relativeToDay(day, duration), afterDay)
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
        let weeks = DurationSpec(minutes: (count - 1) * DurationUnit.week.minutes, unit: .week)
        return (
            .relativeToDay(.weekday(weekday, nil), weeks), scanner.isKeyword(next + 1, .fromNow) ? next + 2 : next + 3
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
