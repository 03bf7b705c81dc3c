import Foundation

/// Proleptic Gregorian arithmetic on day numbers (days since 1970-01-01), without Calendar or allocation.
enum CivilCalendar {
    /// Howard Hinnant's days_from_civil.
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let shiftedMonth = (month + 9) % 12
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Howard Hinnant's civil_from_days.
    static func day(_ number: Int) -> CalendarDay {
        let shifted = number + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return CalendarDay(year: year, month: month, day: day)
    }

    /// 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    static func weekday(_ number: Int) -> Int {
        ((number % 7 + 7) % 7 + 3) % 7 + 1
    }

    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year: year, month: month)
    }

    /// The nth (1…5, or -1 for the last) given weekday of a month, if the month has one.
    static func nthWeekday(_ ordinal: Int, weekday: Int, year: Int, month: Int) -> Int? {
        if ordinal < 0 {
            let last = dayNumber(year: year, month: month, day: daysInMonth(year: year, month: month))
            return last - (self.weekday(last) - weekday + 7) % 7
        }
        let first = dayNumber(year: year, month: month, day: 1)
        let candidate = first + (weekday - self.weekday(first) + 7) % 7 + (ordinal - 1) * 7
        return day(candidate).month == month ? candidate : nil
    }

    /// Easter Sunday (anonymous Gregorian computus) as a day number.
    static func easterSunday(_ year: Int) -> Int {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return dayNumber(year: year, month: month, day: day)
    }

    /// The month `offset` months after (year, month).
    static func addMonths(_ offset: Int, year: Int, month: Int) -> (year: Int, month: Int) {
        let total = year * 12 + (month - 1) + offset
        let newYear = total >= 0 ? total / 12 : (total - 11) / 12
        return (newYear, total - newYear * 12 + 1)
    }
}

/// Wall-clock time in one zone: local day and minute of an instant, and the instant of a local time,
/// with DST gaps moved forward and repeats resolved by the policy.
struct ZoneClock {
    let zone: TimeZone
    let repeatedTime: ResolutionPolicy.RepeatedTime

    /// Seconds since the epoch as the local wall clock reads them.
    func localSeconds(_ date: Date) -> Int {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        return seconds + zone.secondsFromGMT(for: date)
    }

    /// The instant at `minute` minutes after the local midnight starting day `dayNumber`.
    func instant(dayNumber: Int, minute: Int) -> Date {
        let wall = (dayNumber * 1440 + minute) * 60
        let offsetBefore = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(wall - 86_400)))
        let offsetAfter = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(wall + 86_400)))
        let early = wall - offsetBefore
        let late = wall - offsetAfter
        let earlyValid = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(early))) == offsetBefore
        let lateValid = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(late))) == offsetAfter
        let chosen: Int
        switch (earlyValid, lateValid) {
        case (true, true):
            chosen = repeatedTime == .first ? min(early, late) : max(early, late)
        case (true, false):
            chosen = early
        case (false, true):
            chosen = late
        case (false, false):
            // A skipped wall time: read it with the offset in force before the gap, which lands after it.
            chosen = early
        }
        return Date(timeIntervalSince1970: TimeInterval(chosen))
    }
}
