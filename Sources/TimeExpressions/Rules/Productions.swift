/// The typed tokens the rules produce, before they are resolved against a reference instant.

/// A time of day as said: "7", "7:30pm", "19:00", "noon", "quarter to 8".
struct ClockTime: Sendable, Equatable {
    var hour: Int
    var minute = 0
    var meridiem: Meridiem?
    var hasMinutes = false
    /// Written on a 24-hour clock ("19:00", "07:30", "0730"): the hour is taken as written.
    var is24Hour = false
    var isMidnight = false
    /// Recognisable as a time without any cue ("7pm", "7:30", "noon", "7ish").
    var isStrong = false
    /// Written with a dot ("6.30"): a time only with "am"/"pm" or a cue.
    var isDotted = false
    /// A bare number (no minutes, no suffix): may need a cue and a check of the next word.
    var isBareNumber = false
    /// The hour was written as digits glued to an "h" ("19h", "2h30"): needs an explicit cue.
    var isHourLetter = false
}

/// How strongly the words before a number say it is a time.
enum Cue: Sendable, Equatable, Comparable {
    /// Nothing: only strong forms ("7pm", "7:30") are times.
    case none
    /// Right after a day or part of day ("tomorrow 7", "friday 6:30-8").
    case context
    /// "at", "@", "around", "by", "after", "from", "between".
    case explicit
}

/// When, within a day: a time, a range of times, or one end of an open interval.
enum TimePart: Sendable, Equatable {
    case clock(ClockTime)
    case range(ClockTime, ClockTime)
    case after(ClockTime)
    case before(ClockTime)

    var grainIsMinute: Bool {
        switch self {
        case .clock(let time), .after(let time), .before(let time): time.hasMinutes
        case .range(let first, let second): first.hasMinutes || second.hasMinutes
        }
    }
}

/// Which month a rule such as "first saturday of <month>" refers to.
enum MonthReference: Sendable, Equatable {
    case named(Int, year: Int?)
    case current
    case next
    /// "the month after next".
    case afterNext
}

/// A day as said, before resolution.
enum DaySpec: Sendable, Equatable {
    case relative(Int)
    case weekday(Int, Modifier?)
    case date(month: Int, day: Int, year: Int?)
    case dayOfMonth(Int, weekday: Int?)
    case holiday(Holiday, year: Int?)
    case nthWeekday(Int, weekday: Int, month: MonthReference)
    case endOfMonth(MonthReference)
    /// "the monday after christmas": the first such weekday after a day.
    indirect case weekdayAfter(Int, DaySpec)
    /// "the 3rd of next month": a day number in a month named by reference.
    case nthDayOfMonth(Int, MonthReference)

    var isWeekday: Bool {
        if case .weekday = self { return true }
        return false
    }
}

/// A stretch of days or of today: "this weekend", "next week", "in december", "later today", "now".
enum SpanSpec: Sendable, Equatable {
    case weekend(Modifier?)
    case week(Modifier?)
    case month(MonthReference)
    case laterToday
    case now
    /// "the week after next".
    case weekAfterNext
    /// "the week after" with no day after it: the week after the one under discussion (`TimeParser.parse` makes
    /// it `.week(.next)` or `.weekAfterNext`; never resolved as itself).
    case weekAfterDiscussed
    /// "the week after christmas": said, but which days it means is not clear; no time is read from it.
    case weekAfterDay
    /// "labour day weekend", "the weekend of halloween": the weekend a holiday falls in or makes long.
    case holidayWeekend(DaySpec)
    /// "the first week of march", "the last weekend of the month" (`isWeekend`), `first` or last.
    case weekOfMonth(first: Bool, isWeekend: Bool, MonthReference)
    /// "the next 3 days" (from tomorrow), "the next couple of hours" (from now).
    case following(DurationSpec)
    /// "between now and friday", "from now until sunday", "the rest of the week": from now to the end of a day.
    case untilEndOf(DaySpec)
    /// "the week of the 18th" (its Monday-to-Sunday week), "the week starting dec 7" (seven days from it).
    case weekOf(DaySpec, starting: Bool)
    /// "the rest of the week", "the rest of the month".
    case restOf(DurationUnit)
    /// "dec 19-20", "the 9th to the 12th of june", "from monday to wednesday": whole days, both ends in.
    case days(DaySpec, DaySpec)
}

/// A length of time as said, with its largest unit (which decides how "in <duration>" resolves).
struct DurationSpec: Sendable, Equatable {
    var minutes: Int
    var unit: DurationUnit
    var months = 0
}

/// A complete expression, ready to resolve.
enum Piece: Sendable, Equatable {
    case moment(day: DaySpec?, partOfDay: PartOfDay?, time: TimePart?)
    case relative(DurationSpec, sign: Int)
    case relativeToDay(DaySpec, DurationSpec)
    case span(SpanSpec)
    case duration(DurationSpec)
}
