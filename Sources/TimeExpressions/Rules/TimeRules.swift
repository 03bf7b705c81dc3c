/// Times of day: "7", "7pm", "7 p.m.", "7:30", "730", "19:00", "19h", "noon", "half past 6", "seven thirty".
enum TimeRules {
    /// The clock-time productions, tried at one index; the longest wins.
    static func longest(_ scanner: Scanner, _ index: Int) -> (ClockTime, Int)? {
        var best: (ClockTime, Int)?
        // noon | midday | mid day | 12 noon
        Rule.keepLonger(&best, noon(scanner, index), than: index)
        // midnight
        Rule.keepLonger(&best, midnight(scanner, index), than: index)
        // half|quarter past|to|of <hour>
        Rule.keepLonger(&best, fractionOfHour(scanner, index), than: index)
        // <minutes> [minutes] past|to <hour>
        Rule.keepLonger(&best, minutesAroundHour(scanner, index), than: index)
        // <hour>[:<minutes>] [am|pm] [o'clock] [ish]
        Rule.keepLonger(&best, numericTime(scanner, index), than: index)
        // <hour word> [<minute words>] [am|pm] [o'clock]
        Rule.keepLonger(&best, spelledTime(scanner, index), than: index)
        return best
    }

    /// A clock time at `index`, accepted only when strong enough for `cue`.
    static func clockTime(_ scanner: Scanner, _ index: Int, cue: Cue) -> (ClockTime, Int)? {
        guard mayStart(scanner.word(index)), var (time, next) = longest(scanner, index) else { return nil }
        // "17h" is a time on its own; "2h" needs "at" ("at 2h30"), else it is a duration.
        if time.isHourLetter && cue != .explicit && time.hour < 13 { return nil }
        // "at 6 30": a spaced two-digit number after a cued hour is its minutes.
        if cue == .explicit, time.isBareNumber, let minutes = scanner.atom(next), minutes.word == .number,
            minutes.digits == 2, minutes.value < 60, !scanner.countsSomething(after: next + 1)
        {
            time.minute = minutes.value
            time.hasMinutes = true
            time.isBareNumber = false
            next += 1
            if let (meridiem, afterMeridiem) = meridiem(scanner, next), time.hour >= 1, time.hour <= 12 {
                time.meridiem = meridiem
                time.is24Hour = false
                next = afterMeridiem
            }
        }
        // "from 2 july", "from 10/1": the number is the day of a date, not an hour.
        if time.isBareNumber {
            if case .month = scanner.word(next) { return nil }
            if scanner.isPunctuation(next, .slash), scanner.isGlued(next), scanner.number(next + 1) != nil {
                return nil
            }
        }
        if time.isDotted && !time.isStrong && cue != .explicit { return nil }
        if time.isBareNumber && scanner.countsSomething(after: next) { return nil }
        if !time.isStrong && cue == .none { return nil }
        return (time, next)
    }

    /// A dotted time such as "7.30" read without a cue, for when a day follows it ("7.30 tmrw").
    static func dottedTime(_ scanner: Scanner, _ index: Int) -> (ClockTime, Int)? {
        guard mayStart(scanner.word(index)), let (time, next) = longest(scanner, index), time.isDotted
        else { return nil }
        return (time, next)
    }

    /// Whether a clock time can begin with `word`.
    ///
    /// Every production in `rules` starts with a number, a number word, "noon", "midnight", "half", "quarter" or
    /// "a". Checked first because clock times are tried at most places of a text, and running six productions to
    /// find nothing was the commonest work of a parse.
    static func mayStart(_ word: Word) -> Bool {
        switch word {
        case .number, .numberWord, .noon, .midnight, .keyword(.article), .keyword(.half), .keyword(.quarter): true
        default: false
        }
    }

    /// "at 7", "@ 7", "around 7", "at around 7", "~7": a cue word, then a time.
    static func cuedTime(_ scanner: Scanner, _ index: Int) -> (ClockTime, Int)? {
        var next = index
        var cued = false
        if scanner.isKeyword(next, .at) || scanner.isPunctuation(next, .atSign) {
            next += 1
            cued = true
        }
        if scanner.isKeyword(next, .around) || scanner.isPunctuation(next, .tilde) {
            next += 1
            cued = true
        }
        guard cued else { return nil }
        return clockTime(scanner, next, cue: .explicit)
    }

    static func noon(_ scanner: Scanner, _ index: Int) -> (ClockTime, Int)? {
        var next = index
        if scanner.number(next) == 12 { next += 1 }
        guard scanner.word(next) == .noon else { return nil }
        return (ClockTime(hour: 12, meridiem: .pm, isStrong: true), next + 1)
    }

    static func midnight(_ scanner: Scanner, _ index: Int) -> (ClockTime, Int)? {
        var next = index
        if scanner.number(next) == 12 { next += 1 }
        guard scanner.word(next) == .midnight else { return nil }
        return (ClockTime(hour: 0, meridiem: .am, isMidnight: true, isStrong: true), next + 1)
    }

    /// "half past 6", "quarter to 8", "a quarter past seven", "quarter of 8".
    static func fractionOfHour(_ scanner: Scanner, _ index: Int) -> (ClockTime, Int)? {
        var next = index
        if scanner.isKeyword(next, .article) { next += 1 }
        let minutes: Int
        if scanner.isKeyword(next, .half) {
            minutes = 30
        } else if scanner.isKeyword(next, .quarter) {
            minutes = 15
        } else {
            return nil
        }
        next += 1
        let isBefore: Bool
        switch scanner.word(next) {
        case .keyword(.past), .keyword(.after): isBefore = false
        case .keyword(.to), .keyword(.of), .keyword(.until), .keyword(.before): isBefore = true
        case .number, .numberWord:
            // "half seven": half past seven where the club says so (`ResolutionPolicy.halfMeansHalfPast`).
            guard scanner.policy.halfMeansHalfPast, minutes == 30, next == index + 1 else { return nil }
            return hourAfterOffset(scanner, next, minutes: minutes, isBefore: false)
        default: return nil
        }
        guard minutes == 15 || !isBefore else { return nil }
        return hourAfterOffset(scanner, next + 1, minutes: minutes, isBefore: isBefore)
    }

    /// "10 past 7", "twenty to eight", "10 minutes to 8", "5 after 6".
    static func minutesAroundHour(_ scanner: Scanner, _ index: Int) -> (ClockTime, Int)? {
        guard let (minutes, afterNumber) = scanner.cardinal(index), minutes >= 1, minutes < 60 else { return nil }
        var next = afterNumber
        var hasUnit = false
        if scanner.word(next) == .unit(.minute) {
            hasUnit = true
            next += 1
        }
        let isSpelled = scanner.number(index, maxDigits: 2) == nil
        let isBefore: Bool
        switch scanner.word(next) {
        case .keyword(.past): isBefore = false
        case .keyword(.after) where hasUnit || isSpelled: isBefore = false
        case .keyword(.to), .keyword(.until), .keyword(.of), .keyword(.before):
            // "15 to noon", "20 to 9": a count above any 12-hour hour can only be minutes.
            guard hasUnit || isSpelled || minutes > 12 else { return nil }
            isBefore = true
        default: return nil
        }
        // "seven to nine pm" is a range from 7 to 9, not 8:53: without "minutes", a count that could be an hour
        // before the hour named is read as the range's start (the interval rules), never as minutes to it.
        if isBefore, !hasUnit, minutes <= 12, let (hour, _) = scanner.cardinal(next + 1), minutes < hour {
            return nil
        }
        return hourAfterOffset(scanner, next + 1, minutes: minutes, isBefore: isBefore)
    }

    /// The hour after "past"/"to", with an optional meridiem; shifts it by `minutes`.
    private static func hourAfterOffset(
        _ scanner: Scanner,
        _ index: Int,
        minutes: Int,
        isBefore: Bool
    ) -> (ClockTime, Int)? {
        var hour: Int
        var next: Int
        var time = ClockTime(hour: 0, hasMinutes: true, isStrong: true)
        if scanner.word(index) == .noon {
            hour = 12
            next = index + 1
            time.meridiem = .pm
        } else if scanner.word(index) == .midnight {
            hour = 0
            next = index + 1
            time.meridiem = .am
        } else if let value = scanner.number(index) ?? spelledHour(scanner, index), value >= 1, value <= 12 {
            hour = value
            next = index + 1
        } else {
            return nil
        }
        if time.meridiem == nil, let (meridiem, afterMeridiem) = meridiem(scanner, next) {
            time.meridiem = meridiem
            next = afterMeridiem
        } else if scanner.isKeyword(next, .oclock) {
            next += 1
        }
        if isBefore {
            hour -= 1
            if hour < 0 { hour = 23 }
            if hour == 0, time.meridiem == nil { hour = 12 }
            time.minute = 60 - minutes
        } else {
            time.minute = minutes
        }
        time.hour = hour
        if hour == 11, isBefore, time.meridiem == .pm, scanner.word(index) == .noon { time.meridiem = .am }
        return (time, next)
    }

    private static func spelledHour(_ scanner: Scanner, _ index: Int) -> Int? {
        if case .numberWord(let value) = scanner.word(index) { return value }
        return nil
    }

    /// "7", "7pm", "7 p.m.", "7p", "7:30", "7.30pm", "730", "1930", "19h", "19h30", "7ish", "8 o'clock".
    static func numericTime(_ scanner: Scanner, _ index: Int) -> (ClockTime, Int)? {
        guard let atom = scanner.atom(index), atom.word == .number, atom.digits <= 4 else { return nil }
        var time = ClockTime(hour: atom.value)
        var next = index + 1
        if atom.digits <= 2 {
            guard atom.value <= 24 else { return nil }
            time.is24Hour = atom.value > 12 || atom.value == 0 || atom.digits == 2 && atom.value < 10
            if scanner.isGlued(next), scanner.isGlued(next + 1),
                scanner.isPunctuation(next, .colon) || scanner.isPunctuation(next, .dot),
                let minutes = scanner.atom(next + 1), minutes.word == .number, minutes.digits == 2, minutes.value < 60
            {
                time.isDotted = scanner.isPunctuation(next, .dot)
                time.isStrong = !time.isDotted
                time.minute = minutes.value
                time.hasMinutes = true
                next += 2
            } else if scanner.isKeyword(next, .hLetter), scanner.isGlued(next) {
                time.isHourLetter = true
                time.is24Hour = true
                next += 1
                if scanner.isGlued(next), let minutes = scanner.atom(next), minutes.word == .number,
                    minutes.digits == 2, minutes.value < 60
                {
                    time.minute = minutes.value
                    time.hasMinutes = true
                    next += 1
                }
                time.isStrong = time.hour >= 13
            }
        } else {
            time.hour = atom.value / 100
            time.minute = atom.value % 100
            guard time.hour <= 23, time.minute < 60 else { return nil }
            time.hasMinutes = true
            time.is24Hour = time.hour > 12 || time.hour == 0 || atom.digits == 4 && time.hour < 10
            // "1900 hrs", "1900h": a 24-hour time without a cue ("my number ends in 0730" is none).
            if atom.digits == 4, scanner.word(next) == .unit(.hour) || scanner.isKeyword(next, .hLetter) {
                time.isStrong = true
                next += 1
            }
        }
        if time.hour == 24 {
            guard time.minute == 0 else { return nil }
            time.hour = 0
            time.isMidnight = true
        }
        let beforeSuffix = next
        if let (meridiem, afterMeridiem) = meridiem(scanner, next) {
            guard time.hour >= 1, time.hour <= 12 else { return nil }
            time.meridiem = meridiem
            time.is24Hour = false
            time.isStrong = true
            next = afterMeridiem
            // "7pmish": a meridiem written longer than two letters carries its own "ish".
            if scanner.key(next - 1).utf8.count > 2, scanner.word(next - 1) != .keyword(.article) {
                return (time, next)
            }
        }
        if scanner.isKeyword(next, .oclock) {
            time.isStrong = true
            next += 1
            if time.meridiem == nil, time.hour >= 1, time.hour <= 12, let (meridiem, after) = meridiem(scanner, next) {
                time.meridiem = meridiem
                time.is24Hour = false
                next = after
            }
        }
        if scanner.isKeyword(next, .ish) || scanner.isPunctuation(next, .dash) && scanner.isKeyword(next + 1, .ish) {
            time.isStrong = true
            next += scanner.isKeyword(next, .ish) ? 1 : 2
        }
        time.isBareNumber = next == beforeSuffix && !time.hasMinutes && !time.isHourLetter
        if time.isBareNumber && atom.digits > 2 { time.isBareNumber = false }
        return (time, next)
    }

    /// "seven", "seven thirty", "eight pm", "seven oh five", "eight o'clock".
    static func spelledTime(_ scanner: Scanner, _ index: Int) -> (ClockTime, Int)? {
        guard let hour = spelledHour(scanner, index), hour >= 1, hour <= 12 else { return nil }
        var time = ClockTime(hour: hour)
        var next = index + 1
        if scanner.isKeyword(next, .oh), case .numberWord(let minutes) = scanner.word(next + 1), minutes >= 1,
            minutes <= 9
        {
            time.minute = minutes
            time.hasMinutes = true
            time.isStrong = true
            next += 2
        } else if case .numberWord = scanner.word(next + (scanner.isPunctuation(next, .dash) ? 1 : 0)),
            let (minutes, afterMinutes) = scanner.cardinal(next + (scanner.isPunctuation(next, .dash) ? 1 : 0)),
            minutes >= 10, minutes < 60
        {
            time.minute = minutes
            time.hasMinutes = true
            time.isStrong = true
            next = afterMinutes
        }
        if let (meridiem, afterMeridiem) = meridiem(scanner, next) {
            time.meridiem = meridiem
            time.isStrong = true
            next = afterMeridiem
        } else if scanner.isKeyword(next, .oclock) {
            time.isStrong = true
            next += 1
        }
        if scanner.countsSomething(after: next) { return nil }
        return (time, next)
    }

    /// "pm", "p", "p.m.", "a.m.", "am"; a lone "a" or "p" only when glued to the number ("7p").
    static func meridiem(_ scanner: Scanner, _ index: Int) -> (Meridiem, Int)? {
        // "9.am": a dot glued between the hour and its meridiem.
        if scanner.isPunctuation(index, .dot), scanner.isGlued(index), scanner.isGlued(index + 1),
            case .meridiem = scanner.word(index + 1), scanner.key(index + 1).utf8.count == 2
        {
            return meridiem(scanner, index + 1)
        }
        var found: Meridiem?
        var next = index + 1
        // One letter ("7p", "7 p.m.", "7a", "a.m."): the afternoon one from the vocabulary, the morning one is the
        // one-letter article; either needs to be glued or followed by a dot.
        let isOneLetter = scanner.atom(index).map { $0.end - $0.start == 1 } ?? false
        if case .meridiem(let meridiem) = scanner.word(index) {
            if isOneLetter, !scanner.isGlued(index), !scanner.isPunctuation(next, .dot) { return nil }
            found = meridiem
        } else if isOneLetter, scanner.isKeyword(index, .article),
            scanner.isGlued(index) || scanner.isPunctuation(next, .dot)
        {
            found = .am
        }
        guard let meridiem = found else { return nil }
        // "p.m.", "a.m.": the "m" is the one-letter minute unit.
        if isOneLetter, scanner.isPunctuation(next, .dot), scanner.word(next + 1) == .unit(.minute),
            scanner.key(next + 1).utf8.count == 1
        {
            next += 2
            if scanner.isPunctuation(next, .dot) { next += 1 }
        }
        return (meridiem, next)
    }
}
