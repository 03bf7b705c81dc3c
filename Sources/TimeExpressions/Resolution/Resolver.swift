import Foundation

/// Turns a `Piece` into a `TimeValue` against one reference instant and zone, applying the policy.
struct Resolver {
    let policy: ResolutionPolicy
    let clock: ZoneClock
    let reference: Date
    /// The reference's local day number, weekday (1 = Monday) and minute of the day.
    let today: Int
    let todayWeekday: Int
    let nowMinute: Int

    init(policy: ResolutionPolicy, zone: TimeZone, reference: Date) {
        self.policy = policy
        self.clock = ZoneClock(zone: zone, repeatedTime: policy.repeatedTime)
        self.reference = reference
        let local = clock.localSeconds(reference)
        let localMinutes = local >= 0 ? local / 60 : (local - 59) / 60
        let day = localMinutes >= 0 ? localMinutes / 1440 : (localMinutes - 1439) / 1440
        self.today = day
        self.todayWeekday = CivilCalendar.weekday(day)
        self.nowMinute = localMinutes - day * 1440
    }

    func resolve(_ piece: Piece) -> TimeValue? {
        switch piece {
        case .moment(let day, let partOfDay, let time):
            return moment(day: day, partOfDay: partOfDay, time: time)
        case .relative(let duration, let sign):
            return relative(duration, sign: sign)
        case .relativeToDay(let daySpec, let duration):
            guard let base = dayNumber(daySpec) else { return nil }
            return .day(CivilCalendar.day(add(duration, to: base, sign: 1)), timeZone: clock.zone)
        case .span(let span):
            return self.span(span)
        case .duration(let duration):
            return .duration(minutes: duration.minutes)
        }
    }

    // MARK: Days

    /// The day a spec names, looking forward from today when the policy prefers the future.
    func dayNumber(_ spec: DaySpec) -> Int? {
        let civilToday = CivilCalendar.day(today)
        switch spec {
        case .relative(let offset):
            return today + offset
        case .weekday(let weekday, let modifier):
            let ahead = (weekday - todayWeekday + 7) % 7
            switch modifier {
            case nil, .this:
                return today + ahead
            case .coming:
                return today + (ahead == 0 ? 7 : ahead)
            case .next:
                switch policy.nextWeekday {
                case .followingWeek: return today - (todayWeekday - 1) + 7 + (weekday - 1)
                case .nextOccurrence: return today + (ahead == 0 ? 7 : ahead)
                }
            case .last:
                let behind = (todayWeekday - weekday + 7) % 7
                return today - (behind == 0 ? 7 : behind)
            }
        case .date(let month, let day, let year):
            if let year {
                return CivilCalendar.isValid(year: year, month: month, day: day)
                    ? CivilCalendar.dayNumber(year: year, month: month, day: day) : nil
            }
            for year in civilToday.year...(civilToday.year + 8)
            where CivilCalendar.isValid(year: year, month: month, day: day) {
                let candidate = CivilCalendar.dayNumber(year: year, month: month, day: day)
                if candidate >= today || !policy.prefersFuture { return candidate }
            }
            return nil
        case .dayOfMonth(let day, let weekday):
            var fallback: Int?
            for offset in 0..<24 {
                let (year, month) = CivilCalendar.addMonths(offset, year: civilToday.year, month: civilToday.month)
                guard CivilCalendar.isValid(year: year, month: month, day: day) else { continue }
                let candidate = CivilCalendar.dayNumber(year: year, month: month, day: day)
                guard candidate >= today || !policy.prefersFuture else { continue }
                if fallback == nil { fallback = candidate }
                if weekday == nil || CivilCalendar.weekday(candidate) == weekday { return candidate }
            }
            return fallback
        case .holiday(let holiday, let year):
            if let year { return holiday.dayNumber(in: year) }
            let thisYear = holiday.dayNumber(in: civilToday.year)
            return thisYear >= today || !policy.prefersFuture ? thisYear : holiday.dayNumber(in: civilToday.year + 1)
        case .nthWeekday(let ordinal, let weekday, let month):
            for (year, month) in months(month) {
                if let candidate = CivilCalendar.nthWeekday(ordinal, weekday: weekday, year: year, month: month),
                    candidate >= today || !policy.prefersFuture
                {
                    return candidate
                }
            }
            return nil
        case .endOfMonth(let month):
            for (year, month) in months(month) {
                let candidate = CivilCalendar.dayNumber(
                    year: year,
                    month: month,
                    day: CivilCalendar.daysInMonth(year: year, month: month)
                )
                if candidate >= today || !policy.prefersFuture { return candidate }
            }
            return nil
        case .weekdayAfter(let weekday, let spec):
            guard let base = dayNumber(spec) else { return nil }
            let ahead = (weekday - CivilCalendar.weekday(base) + 7) % 7
            return base + (ahead == 0 ? 7 : ahead)
        case .nthDayOfMonth(let day, let reference):
            // The month named, as said: "the 20th of this month" may be behind us.
            guard let (year, month) = months(reference).first,
                CivilCalendar.isValid(year: year, month: month, day: day)
            else { return nil }
            return CivilCalendar.dayNumber(year: year, month: month, day: day)
        }
    }

    /// The months a reference may mean, the likeliest first: a named month this year then next year,
    /// "the month" this month then next month.
    private func months(_ reference: MonthReference) -> [(Int, Int)] {
        let civilToday = CivilCalendar.day(today)
        switch reference {
        case .named(let month, let year):
            if let year { return [(year, month)] }
            return [(civilToday.year, month), (civilToday.year + 1, month)]
        case .current:
            return [
                (civilToday.year, civilToday.month),
                CivilCalendar.addMonths(1, year: civilToday.year, month: civilToday.month),
            ]
        case .next:
            return [CivilCalendar.addMonths(1, year: civilToday.year, month: civilToday.month)]
        case .afterNext:
            return [CivilCalendar.addMonths(2, year: civilToday.year, month: civilToday.month)]
        }
    }

    // MARK: Times

    /// Minutes after the day's midnight for a time; midnight is 1440, the end of the day.
    ///
    /// The meridiem comes from the words, else the part of the day, else the policy's bare afternoon hours.
    func minute(_ time: ClockTime, context: PartOfDay?) -> Int {
        if time.isMidnight { return 1440 }
        let hour24 = hour(time, meridiem: inferredMeridiem(time, context: context))
        let minute = hour24 * 60 + time.minute
        // "tonight at 1": after midnight.
        if context == .night, time.meridiem == nil, !time.is24Hour, time.hour >= 1, time.hour <= 4 {
            return 1440 + time.hour * 60 + time.minute
        }
        if context == .night, time.meridiem == nil, !time.is24Hour, time.hour == 12 { return 1440 + time.minute }
        return minute
    }

    private func inferredMeridiem(_ time: ClockTime, context: PartOfDay?) -> Meridiem? {
        if let meridiem = time.meridiem { return meridiem }
        if time.is24Hour || time.hour > 12 || time.hour == 0 { return nil }
        if time.hour == 12 { return .pm }
        switch context {
        case .morning: return .am
        case .lunch: return time.hour >= 11 ? .am : .pm
        case .afternoon, .evening, .night, .afterWork, .afterSchool: return .pm
        case .daytime: return time.hour >= 9 ? .am : .pm
        case nil: return policy.bareAfternoonHours.contains(time.hour) ? .pm : .am
        }
    }

    private func hour(_ time: ClockTime, meridiem: Meridiem?) -> Int {
        guard let meridiem, time.hour <= 12 else { return time.hour }
        switch meridiem {
        case .am: return time.hour == 12 ? 0 : time.hour
        case .pm: return time.hour == 12 ? 12 : time.hour + 12
        }
    }

    private func isAmbiguous(_ time: ClockTime) -> Bool {
        time.meridiem == nil && !time.is24Hour && !time.isMidnight && time.hour >= 1 && time.hour <= 12
    }

    /// Start and end minutes of a range: an end inherits the start's meridiem or the other way round
    /// ("6-8pm" is 18–20, "11-1pm" is 11–13, "7-9" is 19–21, "10-12" is 10–12); an end at or before
    /// its start runs past midnight.
    func rangeMinutes(_ first: ClockTime, _ second: ClockTime, context: PartOfDay?) -> (Int, Int) {
        var start = minute(first, context: context)
        var end = minute(second, context: context)
        if context == nil {
            if isAmbiguous(first), !isAmbiguous(second) {
                // "8 to midnight": the evening before the midnight that ends it.
                let secondMeridiem = second.isMidnight ? .pm : second.meridiem ?? (end >= 720 ? .pm : .am)
                start = hour(first, meridiem: secondMeridiem) * 60 + first.minute
                if start >= end { start = hour(first, meridiem: secondMeridiem.opposite) * 60 + first.minute }
            } else if !isAmbiguous(first), isAmbiguous(second) {
                let firstMeridiem = first.meridiem ?? (start >= 720 ? .pm : .am)
                end = hour(second, meridiem: firstMeridiem) * 60 + second.minute
                if end <= start { end = hour(second, meridiem: firstMeridiem.opposite) * 60 + second.minute }
            } else if isAmbiguous(first), isAmbiguous(second), end <= start {
                let morningStart = hour(first, meridiem: .am) * 60 + first.minute
                if morningStart < end { start = morningStart }
            }
        }
        if end <= start { end += 1440 }
        return (start, end)
    }

    // MARK: Moments

    private func moment(day daySpec: DaySpec?, partOfDay: PartOfDay?, time: TimePart?) -> TimeValue? {
        var day: Int?
        if let daySpec {
            guard let found = dayNumber(daySpec) else { return nil }
            day = found
        }
        // A weekday said without "next"/"last" that is today, at a time already past, is next week's.
        let rollsWeekly: Bool = {
            guard case .weekday(_, let modifier) = daySpec else { return false }
            return modifier == nil || modifier == .this
        }()
        guard let time else {
            guard let partOfDay else {
                guard let day else { return nil }
                return .day(CivilCalendar.day(day), timeZone: clock.zone)
            }
            let window = policy.window(for: partOfDay)
            var chosen = day ?? today
            if day == nil, policy.prefersFuture, window.end <= nowMinute { chosen += 1 }
            if rollsWeekly, chosen == today, policy.prefersFuture, window.end <= nowMinute { chosen += 7 }
            return .partOfDay(
                partOfDay,
                day: CivilCalendar.day(chosen),
                start: clock.instant(dayNumber: chosen, minute: window.start),
                end: clock.instant(dayNumber: chosen, minute: window.end)
            )
        }
        let grain: Grain = time.grainIsMinute ? .minute : .hour
        let (startMinute, endMinute): (Int?, Int?)
        switch time {
        case .clock(let clock):
            let value = minute(clock, context: partOfDay)
            (startMinute, endMinute) = (value, nil)
        case .range(let first, let second):
            let (start, end) = rangeMinutes(first, second, context: partOfDay)
            (startMinute, endMinute) = (start, end)
        case .after(let clock):
            (startMinute, endMinute) = (minute(clock, context: partOfDay), nil)
        case .before(let clock):
            (startMinute, endMinute) = (nil, minute(clock, context: partOfDay))
        }
        var chosen = day ?? today
        let anchor = startMinute ?? endMinute ?? 0
        if policy.prefersFuture, chosen == today, clock.instant(dayNumber: chosen, minute: anchor) < reference {
            if day == nil {
                chosen += 1
            } else if rollsWeekly {
                chosen += 7
            }
        }
        let start = startMinute.map { clock.instant(dayNumber: chosen, minute: $0) }
        let end = endMinute.map { clock.instant(dayNumber: chosen, minute: $0) }
        if case .clock = time, let start { return .instant(start, grain: grain) }
        return .interval(start: start, end: end, grain: grain)
    }

    // MARK: Relative and spans

    private func add(_ duration: DurationSpec, to day: Int, sign: Int) -> Int {
        if duration.months > 0 {
            let civil = CivilCalendar.day(day)
            let (year, month) = CivilCalendar.addMonths(sign * duration.months, year: civil.year, month: civil.month)
            let clamped = min(civil.day, CivilCalendar.daysInMonth(year: year, month: month))
            return CivilCalendar.dayNumber(year: year, month: month, day: clamped)
        }
        return day + sign * Int((Double(duration.minutes) / 1440).rounded())
    }

    private func relative(_ duration: DurationSpec, sign: Int) -> TimeValue {
        if duration.unit >= .day {
            return .day(CivilCalendar.day(add(duration, to: today, sign: sign)), timeZone: clock.zone)
        }
        let seconds = TimeInterval(sign * duration.minutes * 60)
        return .instant(reference.addingTimeInterval(seconds), grain: .minute)
    }

    private func span(_ span: SpanSpec) -> TimeValue? {
        switch span {
        case .now:
            return .instant(reference, grain: .minute)
        case .laterToday:
            return .interval(start: reference, end: clock.instant(dayNumber: today, minute: 1440), grain: .minute)
        case .weekend(let modifier):
            // Saturday of this week (weeks start on Monday); on a Sunday, yesterday.
            var saturday = today - (todayWeekday - 1) + 5
            switch modifier {
            case .next: saturday += policy.nextWeekday == .followingWeek || todayWeekday >= 6 ? 7 : 0
            case .last: saturday -= 7
            case .coming: saturday += todayWeekday >= 6 ? 7 : 0
            case .this, nil: break
            }
            return .interval(
                start: clock.instant(dayNumber: saturday, minute: 0),
                end: clock.instant(dayNumber: saturday + 2, minute: 0),
                grain: .day
            )
        case .weekOf(let spec, let starting):
            guard let day = dayNumber(spec) else { return nil }
            let start = starting ? day : day - (CivilCalendar.weekday(day) - 1)
            return .interval(
                start: clock.instant(dayNumber: start, minute: 0),
                end: clock.instant(dayNumber: start + 7, minute: 0),
                grain: .week
            )
        case .holidayWeekend(let spec):
            // A Monday holiday makes Saturday to Monday; a Friday one Friday to Sunday; a weekend one its weekend.
            guard let day = dayNumber(spec) else { return nil }
            let (start, end): (Int, Int)
            switch CivilCalendar.weekday(day) {
            case 1: (start, end) = (day - 2, day + 1)
            case 5: (start, end) = (day, day + 3)
            case 6: (start, end) = (day, day + 2)
            case 7: (start, end) = (day - 1, day + 1)
            default: return nil
            }
            return .interval(
                start: clock.instant(dayNumber: start, minute: 0),
                end: clock.instant(dayNumber: end, minute: 0),
                grain: .day
            )
        case .weekOfMonth(let first, let isWeekend, let reference):
            for (year, month) in months(reference) {
                let firstDay = CivilCalendar.dayNumber(year: year, month: month, day: 1)
                let lastDay = CivilCalendar.dayNumber(
                    year: year,
                    month: month,
                    day: CivilCalendar.daysInMonth(year: year, month: month)
                )
                let start: Int
                let length: Int
                if isWeekend {
                    // The month's first or last Saturday, and its Sunday.
                    let firstSaturday = firstDay + (6 - CivilCalendar.weekday(firstDay) + 7) % 7
                    let lastSaturday = lastDay - (CivilCalendar.weekday(lastDay) - 6 + 7) % 7
                    start = first ? firstSaturday : lastSaturday
                    length = 2
                } else {
                    // The Monday-to-Sunday week holding the month's first or last day.
                    let anchor = first ? firstDay : lastDay
                    start = anchor - (CivilCalendar.weekday(anchor) - 1)
                    length = 7
                }
                if start + length > today || !policy.prefersFuture {
                    return .interval(
                        start: clock.instant(dayNumber: start, minute: 0),
                        end: clock.instant(dayNumber: start + length, minute: 0),
                        grain: isWeekend ? .day : .week
                    )
                }
            }
            return nil
        case .following(let duration):
            if duration.unit == .hour {
                return .interval(
                    start: reference,
                    end: reference.addingTimeInterval(TimeInterval(duration.minutes * 60)),
                    grain: .minute
                )
            }
            let days = duration.minutes / DurationUnit.day.minutes
            return .interval(
                start: clock.instant(dayNumber: today + 1, minute: 0),
                end: clock.instant(dayNumber: today + 1 + days, minute: 0),
                grain: .day
            )
        case .untilEndOf(let spec):
            guard let day = dayNumber(spec), day >= today else { return nil }
            return .interval(start: reference, end: clock.instant(dayNumber: day + 1, minute: 0), grain: .minute)
        case .restOf(let unit):
            let civil = CivilCalendar.day(today)
            let end: Int
            switch unit {
            case .week: end = today - (todayWeekday - 1) + 7
            case .month:
                let (year, month) = CivilCalendar.addMonths(1, year: civil.year, month: civil.month)
                end = CivilCalendar.dayNumber(year: year, month: month, day: 1)
            default: end = today + 1
            }
            return .interval(start: reference, end: clock.instant(dayNumber: end, minute: 0), grain: .minute)
        case .weekAfterDiscussed, .weekAfterDay:
            return nil
        case .weekAfterNext:
            let monday = today - (todayWeekday - 1) + 14
            return .interval(
                start: clock.instant(dayNumber: monday, minute: 0),
                end: clock.instant(dayNumber: monday + 7, minute: 0),
                grain: .week
            )
        case .week(let modifier):
            var monday = today - (todayWeekday - 1)
            switch modifier {
            case .next, .coming: monday += 7
            case .last: monday -= 7
            case .this, nil: break
            }
            return .interval(
                start: clock.instant(dayNumber: monday, minute: 0),
                end: clock.instant(dayNumber: monday + 7, minute: 0),
                grain: .week
            )
        case .days(let firstSpec, let lastSpec):
            // "the 9th to the 12th of june": a bare day number takes the month named at the other end.
            var first = firstSpec
            var last = lastSpec
            if case .dayOfMonth(let day, nil) = first, case .date(let month, _, let year) = last {
                first = .date(month: month, day: day, year: year)
            }
            guard let start = dayNumber(first) else { return nil }
            if case .dayOfMonth(let day, nil) = last {
                // "the 28th to the 2nd": a smaller day number is in the next month.
                let civil = CivilCalendar.day(start)
                let (year, month) =
                    day < civil.day
                    ? CivilCalendar.addMonths(1, year: civil.year, month: civil.month) : (civil.year, civil.month)
                last = .date(month: month, day: day, year: year)
            }
            guard var end = dayNumber(last) else { return nil }
            if end < start, case .date(let month, let day, nil) = last {
                // "dec 30 to jan 2": the end is in the year after the start.
                let civil = CivilCalendar.day(start)
                guard let later = dayNumber(.date(month: month, day: day, year: civil.year + 1)) else { return nil }
                end = later
            } else if end < start, case .weekday = last {
                // "from monday to wednesday" said on a wednesday: the wednesday after that monday.
                end += ((start - end) / 7 + 1) * 7
            }
            guard end >= start, end - start <= 62 else { return nil }
            return .interval(
                start: clock.instant(dayNumber: start, minute: 0),
                end: clock.instant(dayNumber: end + 1, minute: 0),
                grain: .day
            )
        case .month(let reference):
            let civilToday = CivilCalendar.day(today)
            let year: Int
            let month: Int
            switch reference {
            case .current:
                (year, month) = (civilToday.year, civilToday.month)
            case .next:
                (year, month) = CivilCalendar.addMonths(1, year: civilToday.year, month: civilToday.month)
            case .afterNext:
                (year, month) = CivilCalendar.addMonths(2, year: civilToday.year, month: civilToday.month)
            case .named(let named, let written):
                month = named
                if let written {
                    year = written
                } else {
                    year = named < civilToday.month && policy.prefersFuture ? civilToday.year + 1 : civilToday.year
                }
            }
            let first = CivilCalendar.dayNumber(year: year, month: month, day: 1)
            let (nextYear, nextMonth) = CivilCalendar.addMonths(1, year: year, month: month)
            return .interval(
                start: clock.instant(dayNumber: first, minute: 0),
                end: clock.instant(
                    dayNumber: CivilCalendar.dayNumber(year: nextYear, month: nextMonth, day: 1),
                    minute: 0
                ),
                grain: .month
            )
        }
    }
}
