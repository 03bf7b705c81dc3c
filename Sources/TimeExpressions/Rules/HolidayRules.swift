/// Canadian holidays and a few observances people book around, each defined by one rule of the calendar.
enum Holiday: String, Sendable, CaseIterable {
    case newYearsDay
    case familyDay
    case valentinesDay
    case stPatricksDay
    case goodFriday
    case easterSunday
    case easterMonday
    case mothersDay
    case victoriaDay
    case fathersDay
    case canadaDay
    case civicHoliday
    case labourDay
    case thanksgiving
    case halloween
    case remembranceDay
    case christmasEve
    case christmasDay
    case boxingDay
    case newYearsEve

    /// How the holiday's date is found in a year.
    enum Definition: Sendable {
        /// The same month and day every year.
        case fixed(month: Int, day: Int)
        /// The nth weekday (1 = Monday) of a month: Thanksgiving is the 2nd Monday of October.
        case nthWeekday(Int, weekday: Int, month: Int)
        /// The last given weekday strictly before a date: Victoria Day is the Monday before May 25.
        case weekdayBefore(weekday: Int, month: Int, day: Int)
        /// Days from Easter Sunday: Good Friday is -2.
        case easter(offset: Int)
    }

    var definition: Definition {
        switch self {
        case .newYearsDay: .fixed(month: 1, day: 1)
        case .familyDay: .nthWeekday(3, weekday: 1, month: 2)
        case .valentinesDay: .fixed(month: 2, day: 14)
        case .stPatricksDay: .fixed(month: 3, day: 17)
        case .goodFriday: .easter(offset: -2)
        case .easterSunday: .easter(offset: 0)
        case .easterMonday: .easter(offset: 1)
        case .mothersDay: .nthWeekday(2, weekday: 7, month: 5)
        case .victoriaDay: .weekdayBefore(weekday: 1, month: 5, day: 25)
        case .fathersDay: .nthWeekday(3, weekday: 7, month: 6)
        case .canadaDay: .fixed(month: 7, day: 1)
        case .civicHoliday: .nthWeekday(1, weekday: 1, month: 8)
        case .labourDay: .nthWeekday(1, weekday: 1, month: 9)
        case .thanksgiving: .nthWeekday(2, weekday: 1, month: 10)
        case .halloween: .fixed(month: 10, day: 31)
        case .remembranceDay: .fixed(month: 11, day: 11)
        case .christmasEve: .fixed(month: 12, day: 24)
        case .christmasDay: .fixed(month: 12, day: 25)
        case .boxingDay: .fixed(month: 12, day: 26)
        case .newYearsEve: .fixed(month: 12, day: 31)
        }
    }

    /// The holiday's day number (days since 1970-01-01) in `year`.
    func dayNumber(in year: Int) -> Int {
        switch definition {
        case .fixed(let month, let day):
            return CivilCalendar.dayNumber(year: year, month: month, day: day)
        case .nthWeekday(let ordinal, let weekday, let month):
            return CivilCalendar.nthWeekday(ordinal, weekday: weekday, year: year, month: month) ?? 0
        case .weekdayBefore(let weekday, let month, let day):
            let limit = CivilCalendar.dayNumber(year: year, month: month, day: day)
            var candidate = limit - 1
            while CivilCalendar.weekday(candidate) != weekday { candidate -= 1 }
            return candidate
        case .easter(let offset):
            return CivilCalendar.easterSunday(year) + offset
        }
    }
}

/// The holiday names, and the rule that reads one with an optional year.
enum HolidayRules {
    /// "[this|next] christmas eve [2026]".
    static func holiday(_ scanner: Scanner, _ index: Int) -> (DaySpec, Int)? {
        var next = index
        if scanner.word(next) == .modifier(.this) || scanner.word(next) == .modifier(.next)
            || scanner.word(next) == .modifier(.coming)
        {
            next += 1
        }
        guard case .holiday(let holiday) = scanner.word(next) else { return nil }
        next += 1
        // "our christmas party on dec 18": the holiday names the event, not its day.
        if scanner.lexicon.eventNouns.contains(scanner.key(next)) { return nil }
        if let value = scanner.number(next, maxDigits: 4), scanner.atom(next)?.digits == 4, value >= 1900,
            value <= 2200
        {
            return (.holiday(holiday, year: value), next + 1)
        }
        return (.holiday(holiday, year: nil), next)
    }
}
