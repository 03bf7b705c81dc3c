/// Ranges and open intervals of times: "7-9", "7 to 9pm", "from 6:30 till 8", "between 6 and 8",
/// "after 6", "before noon", "by 8", "no later than 9", "7 or later".
enum IntervalRules {
    /// The productions for "when within a day", tried at one index; the longest that `cue` allows wins.
    static func longest(_ scanner: Scanner, _ index: Int, cue: Cue) -> (TimePart, Int)? {
        var best: (TimePart, Int)?
        func consider(_ found: (TimePart, Int)?) {
            guard let found, found.1 > (best?.1 ?? index), isAcceptable(found.0, scanner, index, cue: cue) else {
                return
            }
            best = found
        }
        // [from] <time> -|to|till <time>
        consider(fromTo(scanner, index))
        // between <time> and <time>
        consider(between(scanner, index))
        // after|from <time> [onwards] | <time> or later | <time> onwards
        consider(after(scanner, index))
        // before|by|until|no later than <time>
        consider(before(scanner, index))
        return best
    }

    /// A time, a range or an open interval at `index`; `cue` says how much context allows a bare number.
    static func timePart(_ scanner: Scanner, _ index: Int, cue: Cue) -> (TimePart, Int)? {
        // Every production starts with a cue word ("from", "between", "after", "before", "by", "until", "no
        // later than", "at", "@", "around", "~") or a clock time: most words are none, and say so at once.
        switch scanner.word(index) {
        case .keyword(.from), .keyword(.between), .keyword(.after), .keyword(.before), .keyword(.by), .keyword(.until),
            .keyword(.no), .keyword(.at), .keyword(.around), .punctuation(.atSign), .punctuation(.tilde):
            break
        case let word where TimeRules.mayStart(word):
            break
        default:
            return nil
        }
        var best = longest(scanner, index, cue: cue)
        if let (time, next) = TimeRules.cuedTime(scanner, index), next > (best?.1 ?? index) {
            best = (.clock(time), next)
        }
        if let (time, next) = TimeRules.clockTime(scanner, index, cue: cue), next > (best?.1 ?? index) {
            best = (.clock(time), next)
        }
        return best
    }

    /// A bare range ("7-9", "7 to 9") needs a cue, a strong end ("7-9pm"), or two plain hours joined by "-"/"to".
    private static func isAcceptable(_ part: TimePart, _ scanner: Scanner, _ index: Int, cue: Cue) -> Bool {
        guard case .range(let first, let second) = part else { return true }
        if cue != .none || first.isStrong || second.isStrong { return true }
        switch scanner.word(index) {
        // "from 7-9", "at 7-9", "around 7-9": the cue word before the range says these are times.
        case .keyword(.from), .keyword(.between), .keyword(.at), .keyword(.around), .punctuation(.atSign),
            .punctuation(.tilde):
            return true
        default: break
        }
        let separator = scanner.word(index + 1)
        let isJoined = separator == .punctuation(.dash) || separator == .keyword(.to) || separator == .keyword(.until)
        // "9h30-11h00": two hour-letter times with their minutes are the 24-hour clock on both ends.
        if first.isHourLetter, second.isHourLetter, first.hasMinutes, second.hasMinutes { return true }
        // "0730-0930": two four-digit 24-hour times (the tokenizer left them unblocked only in that shape).
        if separator == .punctuation(.dash), first.hasMinutes, second.hasMinutes, !first.isDotted, !second.isDotted,
            scanner.atom(index)?.digits == 4, scanner.atom(index + 2)?.digits == 4
        {
            return true
        }
        // "we won 4-2", "final was 10-8": bare numbers falling are a score, not hours; "11-1" and "10-2" cross
        // noon.
        let isForward = second.hour > first.hour || first.hour >= 9 && second.hour + 12 - first.hour <= 5
        // "we lost 7-9": after a word of a game's result the numbers are a score. "meet at the 7-11": after "the" a
        // bare range is a name unless a slot follows ("the 7-9 slot").
        if scanner.isKeyword(index - 1, .score) { return false }
        if scanner.isKeyword(index - 1, .the), !scanner.isKeyword(index + 3, .slot) { return false }
        return isJoined && first.isBareNumber && second.isBareNumber && first.hour <= 12 && second.hour <= 12
            && isForward && !scanner.isLabelled(index)
    }

    private static func endpoint(_ scanner: Scanner, _ index: Int) -> (ClockTime, Int)? {
        if let found = TimeRules.cuedTime(scanner, index) { return found }
        return TimeRules.clockTime(scanner, index, cue: .explicit)
    }

    static func fromTo(_ scanner: Scanner, _ index: Int) -> (TimePart, Int)? {
        var next = index
        if scanner.isKeyword(next, .from) { next += 1 }
        guard let (first, afterFirst) = endpoint(scanner, next) else { return nil }
        next = afterFirst
        switch scanner.word(next) {
        case .punctuation(.dash), .keyword(.to), .keyword(.until): next += 1
        default: return nil
        }
        guard let (second, afterSecond) = endpoint(scanner, next) else { return nil }
        if first.isBareNumber && second.isBareNumber && scanner.countsSomething(after: afterSecond) { return nil }
        // "15 to noon": a count above any hour before "to" is minutes to the hour, not a range.
        if first.isBareNumber, first.hour > 12, scanner.isKeyword(afterFirst, .to), second.minute == 0,
            second.hour <= 12 || second.isMidnight
        {
            return nil
        }
        return (.range(first, second), afterSecond)
    }

    static func between(_ scanner: Scanner, _ index: Int) -> (TimePart, Int)? {
        guard scanner.isKeyword(index, .between), let (first, afterFirst) = endpoint(scanner, index + 1) else {
            return nil
        }
        var next = afterFirst
        guard scanner.isKeyword(next, .and) || scanner.isPunctuation(next, .dash) else { return nil }
        next += 1
        guard let (second, afterSecond) = endpoint(scanner, next) else { return nil }
        if first.isBareNumber && second.isBareNumber && scanner.countsSomething(after: afterSecond) { return nil }
        return (.range(first, second), afterSecond)
    }

    static func after(_ scanner: Scanner, _ index: Int) -> (TimePart, Int)? {
        var next = index
        if scanner.isKeyword(next, .after) || scanner.isKeyword(next, .from) {
            let isFrom = scanner.isKeyword(next, .from)
            next += 1
            if scanner.isKeyword(next, .around) { next += 1 }
            guard let (time, afterTime) = TimeRules.clockTime(scanner, next, cue: .explicit) else { return nil }
            next = afterTime
            if scanner.isKeyword(next, .onwards) || scanner.isKeyword(next, .on) && isFrom {
                return (.after(time), next + 1)
            }
            // A lone "from 6" is the start of a range that was never finished: still a start.
            return (.after(time), next)
        }
        let explicit = TimeRules.cuedTime(scanner, next)
        guard let (time, afterTime) = explicit ?? TimeRules.clockTime(scanner, next, cue: .context) else {
            return nil
        }
        next = afterTime
        if scanner.isKeyword(next, .or), scanner.isKeyword(next + 1, .later) { return (.after(time), next + 2) }
        if scanner.isKeyword(next, .onwards) { return (.after(time), next + 1) }
        if scanner.isKeyword(next, .at), scanner.isKeyword(next + 1, .the), scanner.isKeyword(next + 2, .earliest) {
            return (.after(time), next + 3)
        }
        if scanner.isKeyword(next, .at), scanner.isKeyword(next + 1, .the), scanner.isKeyword(next + 2, .latest) {
            return (.before(time), next + 3)
        }
        return nil
    }

    static func before(_ scanner: Scanner, _ index: Int) -> (TimePart, Int)? {
        var next = index
        switch scanner.word(next) {
        case .keyword(.before), .keyword(.by), .keyword(.until): next += 1
        case .keyword(.no) where scanner.isKeyword(next + 1, .later) && scanner.isKeyword(next + 2, .than):
            next += 3
        default: return nil
        }
        if scanner.isKeyword(next, .around) { next += 1 }
        guard let (time, afterTime) = TimeRules.clockTime(scanner, next, cue: .explicit) else { return nil }
        return (.before(time), afterTime)
    }
}
