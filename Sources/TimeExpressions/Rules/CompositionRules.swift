/// Combination productions: "<day> [at] <time>", "<time> <day>", "<day> <part of day> [at] <time>",
/// "<weekday> the <day of month>", "<time> in the <part of day>", "<day> <time> - <time>".
///
/// A moment is a chain of at most one day, one part of the day and one time part, in any order, joined by
/// connectors ("on", "of", ","). Each link comes from the dimension rules; this file only composes them.
enum CompositionRules {
    /// A moment starting at `index`, and the index after it.
    static func moment(_ scanner: Scanner, _ index: Int) -> (Piece, Int)? {
        var day: DaySpec?
        var partOfDay: PartOfDay?
        var impliesToday = false
        var impliesYesterday = false
        var time: TimePart?
        var end = index
        var links = 0
        if let (nth, part, after) = DateRules.nthWeekdayWithPartOfDay(scanner, index) {
            // "the first monday evening of next month [at 7]": a day and its part in one, a time may follow.
            day = nth
            partOfDay = part
            end = after
            links = 2
        }
        while true {
            let start = links == 0 ? end : skipConnectors(scanner, end)
            let cue: Cue = day != nil || partOfDay != nil ? .context : .none
            var bestEnd = start
            var choice: Link?
            if time == nil, let (found, next) = IntervalRules.timePart(scanner, start, cue: cue), next > bestEnd {
                bestEnd = next
                choice = .time(found)
            }
            if day == nil || day?.isWeekday == true, let (found, next) = DateRules.longest(scanner, start),
                next > bestEnd
            {
                bestEnd = next
                choice = .day(found)
            }
            if partOfDay == nil, let (found, next) = PartOfDayRules.longest(scanner, start),
                next > bestEnd
            {
                bestEnd = next
                choice = .partOfDay(found)
            }
            // "7 tomorrow", "8 in the evening": a bare number is a time when a day or part of day follows it.
            // Not across a comma: "we're 8, dec 19" counts people.
            if choice == nil, links == 0, !scanner.isLabelled(start),
                let (found, next) = TimeRules.clockTime(scanner, start, cue: .context)
                    ?? TimeRules.dottedTime(scanner, start),
                !scanner.isPunctuation(next, .comma), isDayOrPartOfDay(scanner, skipConnectors(scanner, next))
            {
                bestEnd = next
                choice = .time(.clock(found))
            }
            guard let link = choice else { break }
            switch link {
            case .time(let found):
                time = found
            case .day(let found):
                day = merge(day, found)
            case .partOfDay(let found):
                partOfDay = found.part
                impliesToday = impliesToday || found.isToday
                impliesYesterday = impliesYesterday || found.isYesterday
            }
            end = bestEnd
            links += 1
        }
        guard links > 0 else { return nil }
        // "monday evening next week": the weekday of next week.
        if case .weekday(let weekday, nil)? = day {
            let week = scanner.isKeyword(end, .of) ? end + 1 : end
            if scanner.word(week) == .modifier(.next), scanner.word(week + 1) == .unit(.week) {
                day = .weekday(weekday, .next)
                end = week + 2
            }
        }
        if day == nil && impliesToday { day = .relative(0) }
        if day == nil && impliesYesterday { day = .relative(-1) }
        return (.moment(day: day, partOfDay: partOfDay, time: time), end)
    }

    private enum Link {
        case time(TimePart)
        case day(DaySpec)
        case partOfDay(PartOfDayRules.Found)
    }

    /// "monday the 30th": the date wins, the weekday helps choose the month.
    private static func merge(_ existing: DaySpec?, _ found: DaySpec) -> DaySpec {
        guard case .weekday(let weekday, _) = existing else { return found }
        if case .dayOfMonth(let day, _) = found { return .dayOfMonth(day, weekday: weekday) }
        return found
    }

    private static func isDayOrPartOfDay(_ scanner: Scanner, _ index: Int) -> Bool {
        DateRules.longest(scanner, index) != nil
            || PartOfDayRules.longest(scanner, index) != nil
    }

    /// ",", "on", "of", "anytime" and a spaced "-" join the links of a moment.
    private static func skipConnectors(_ scanner: Scanner, _ index: Int) -> Int {
        var next = index
        while true {
            switch scanner.word(next) {
            case .punctuation(.comma), .keyword(.on), .keyword(.of), .keyword(.anytime):
                next += 1
            case .punctuation(.dash) where !scanner.isGlued(next):
                next += 1
            case .keyword(.at), .keyword(.for):
                // "tomorrow at lunch", "friday for lunch"; "saturday for 9am" (a strong time only: "friday for 4"
                // is four people).
                switch scanner.word(next + 1) {
                case .partOfDay, .tonight: next += 1
                default:
                    guard scanner.isKeyword(next, .for) else { return next }
                    if TimeRules.clockTime(scanner, next + 1, cue: .none) != nil {
                        next += 1
                    } else if scanner.number(next + 1) != nil, scanner.isKeyword(next + 2, .at) {
                        // "sat for 2 at 9am": the count is people; the time is the day's.
                        next += 2
                    } else {
                        return next
                    }
                }
            default:
                return next
            }
        }
    }
}
