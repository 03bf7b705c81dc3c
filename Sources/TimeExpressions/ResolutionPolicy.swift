/// Every choice the parser makes when a person's words leave room: one documented, configurable place.
///
/// The defaults are for booking a golf-simulator bay: people mean the future, a bare "7" is the evening,
/// and the club is open around the clock.
public struct ResolutionPolicy: Sendable, Equatable {
    /// Which number comes first in a slashed date such as "11/12".
    public enum SlashedDateOrder: Sendable, Equatable {
        /// "11/12" is November 12 (the default; common in Canada and the US).
        case monthFirst
        /// "11/12" is 11 December.
        case dayFirst
    }

    /// What "next friday" means.
    public enum NextWeekday: Sendable, Equatable {
        /// The friday of next week (weeks start on Monday): said on a Monday, eleven days away;
        /// said on a Saturday, six days away. Duckling's reading.
        case followingWeek
        /// The first friday after today: said on a Monday, four days away.
        case nextOccurrence
    }

    /// Which instant a wall-clock time that happens twice (the autumn DST repeat) means.
    public enum RepeatedTime: Sendable, Equatable {
        /// The first one, still on daylight time (2026-11-01 01:30 in Halifax is 01:30-03:00).
        case first
        /// The second one, on standard time (01:30-04:00).
        case second
    }

    /// A window of a day in minutes from midnight; `end` may be 1440 (midnight at the end of the day).
    public struct Window: Sendable, Equatable {
        /// Minutes from midnight where the window opens.
        public var start: Int
        /// Minutes from midnight where the window closes (exclusive).
        public var end: Int

        /// A window from the hour `start` to the hour `end`, as 17 and 22.
        public init(fromHour start: Int, toHour end: Int) {
            self.start = start * 60
            self.end = end * 60
        }
    }

    /// Order of the numbers in "11/12"; a number above 12 in either place wins over this.
    public var slashedDateOrder: SlashedDateOrder = .monthFirst

    /// Bare hours ("at 7", "7-9", "7:30") read as pm unless the morning or "am" is said.
    ///
    /// 12 is noon; 0 and 13–23 are taken as written.
    public var bareAfternoonHours: ClosedRange<Int> = 1...11

    /// When true, a time or day given without a date lands on its next occurrence, never in the past.
    ///
    /// "at 7" said at 20:00 is 19:00 tomorrow (not 07:00 tomorrow: the evening reading is kept),
    /// "friday at 3" said on a Friday at 17:00 is next week's Friday, "nov 2" said on Nov 25 is next year.
    /// An explicit day is kept as said ("today at 7" said at 20:00 stays in the past).
    public var prefersFuture = true

    /// What "next friday" (and "next weekend") means.
    public var nextWeekday: NextWeekday = .followingWeek

    /// Whether "half seven" is half past seven (7:30), as in Britain and Ireland.
    ///
    /// Off by default: in North America the form is rarely said and sometimes meant as 6:30, so nothing is read
    /// rather than a time that may be wrong. A club whose customers say it turns it on.
    public var halfMeansHalfPast = false

    /// The instant chosen for a wall-clock time that occurs twice.
    ///
    /// A time that does not exist (the spring DST gap) always moves forward by the gap: 2026-03-08 02:30 in Halifax is 03:30 ADT.
    public var repeatedTime: RepeatedTime = .first

    /// "morning": 06:00–12:00.
    public var morning = Window(fromHour: 6, toHour: 12)
    /// "afternoon": 12:00–17:00.
    public var afternoon = Window(fromHour: 12, toHour: 17)
    /// "evening": 17:00–22:00.
    public var evening = Window(fromHour: 17, toHour: 22)
    /// "night", "tonight": 18:00–24:00.
    public var night = Window(fromHour: 18, toHour: 24)
    /// "after work": 17:00–21:00.
    public var afterWork = Window(fromHour: 17, toHour: 21)
    /// "lunch", "lunchtime": 12:00–14:00.
    public var lunch = Window(fromHour: 12, toHour: 14)
    /// "after school": 15:00–18:00.
    public var afterSchool = Window(fromHour: 15, toHour: 18)
    /// "daytime", "during the day": 09:00–17:00.
    public var daytime = Window(fromHour: 9, toHour: 17)

    /// The booking defaults described on each property.
    public init() {}

    /// The window a part of the day covers.
    public func window(for part: PartOfDay) -> Window {
        switch part {
        case .morning: morning
        case .afternoon: afternoon
        case .evening: evening
        case .night: night
        case .afterWork: afterWork
        case .lunch: lunch
        case .afterSchool: afterSchool
        case .daytime: daytime
        }
    }
}
