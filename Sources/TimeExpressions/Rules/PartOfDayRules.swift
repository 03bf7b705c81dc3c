/// Parts of a day: "morning", "this afternoon", "in the evening", "tonight", "after work", "lunch".
enum PartOfDayRules {
    /// A part of the day as said, and whether the words pin it to today ("this evening", "tonight").
    struct Found: Sendable, Equatable {
        var part: PartOfDay
        var isToday: Bool
        /// "last night": the part of yesterday.
        var isYesterday = false
    }

    /// "[this|in the|the|last] morning", "tonight", "last night", "after work".
    static func longest(_ scanner: Scanner, _ index: Int) -> (Found, Int)? {
        var best: (Found, Int)?
        // tonight
        Rule.keepLonger(&best, tonight(scanner, index), than: index)
        // [this|in the|the] <part of day>
        Rule.keepLonger(&best, partOfDay(scanner, index), than: index)
        return best
    }

    static func tonight(_ scanner: Scanner, _ index: Int) -> (Found, Int)? {
        guard scanner.word(index) == .tonight else { return nil }
        return (Found(part: .night, isToday: true), index + 1)
    }

    static func partOfDay(_ scanner: Scanner, _ index: Int) -> (Found, Int)? {
        var next = index
        var isToday = false
        if scanner.word(next) == .modifier(.this) {
            isToday = true
            next += 1
        } else if scanner.word(next) == .modifier(.last), case .partOfDay(let part) = scanner.word(next + 1) {
            return (Found(part: part, isToday: false, isYesterday: true), next + 2)
        } else if scanner.isKeyword(next, .in) || scanner.isKeyword(next, .during) {
            next += 1
            guard scanner.isKeyword(next, .the) else { return nil }
            next += 1
        } else if scanner.isKeyword(next, .the) {
            next += 1
        }
        // "early morning", "late evening": still that part of the day.
        if scanner.isKeyword(next, .early) || scanner.isKeyword(next, .late),
            case .partOfDay = scanner.word(next + 1)
        {
            next += 1
        }
        guard case .partOfDay(let part) = scanner.word(next) else { return nil }
        // "after lunch", "before lunch": said around the meal, not during it.
        if part == .lunch,
            scanner.isKeyword(index - 1, .after) || scanner.isKeyword(index - 1, .before)
        {
            return nil
        }
        return (Found(part: part, isToday: isToday), next + 1)
    }
}
