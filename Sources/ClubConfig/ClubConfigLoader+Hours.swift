import BookingCore

extension ClubConfigLoader {
    static let weekdayNames: [String: Weekday] = [
        "mon": .monday, "monday": .monday, "tue": .tuesday, "tues": .tuesday, "tuesday": .tuesday,
        "wed": .wednesday, "wednesday": .wednesday, "thu": .thursday, "thur": .thursday, "thurs": .thursday,
        "thursday": .thursday, "fri": .friday, "friday": .friday, "sat": .saturday, "saturday": .saturday,
        "sun": .sunday, "sunday": .sunday,
    ]

    /// `24/7` (or `always`), or a mapping from days (`mon`, `mon-thu`, `weekends`, `daily`) to windows.
    static func readOpeningHours(_ node: ConfigNode) throws -> OpeningHours {
        if node.isScalar {
            let text = try node.string().lowercased()
            if text == "24/7" || text == "always" { return .alwaysOpen }
            throw node.error(
                "expected 24/7, always, or a mapping of days to \"HH:MM-HH:MM\", got \"\(text.prefix(40))\""
            )
        }
        var schedule: [Weekday: [DailyWindow]] = [:]
        var setBy: [Weekday: String] = [:]
        for entry in try node.anyMapping().entries {
            guard let days = weekdays(entry.key.lowercased()) else {
                var problem = "unknown day \"\(entry.key.prefix(40))\"; use mon..sun, a range such as mon-thu"
                problem += ", weekdays, weekends or daily"
                throw ConfigError(file: node.file, line: entry.keyLine, keyPath: node.path, problem: problem)
            }
            let windows = try readWindows(entry.value)
            for day in days {
                if let earlier = setBy[day] {
                    throw entry.value.error("\(shortName(day)) is already set by \"\(earlier)\"")
                }
                setBy[day] = entry.key
                if !windows.isEmpty { schedule[day] = windows }
            }
        }
        try checkOverlaps(schedule, node: node)
        return .weekly(schedule)
    }

    private static func readWindows(_ node: ConfigNode) throws -> [DailyWindow] {
        let texts = node.isScalar ? [node] : try node.sequence()
        var windows: [DailyWindow] = []
        for textNode in texts {
            let text = try textNode.string()
            if text.lowercased() == "closed" { continue }
            guard let window = dailyWindow(text) else {
                throw textNode.error("expected \"HH:MM-HH:MM\" or closed, got \"\(text.prefix(40))\"")
            }
            windows.append(window)
        }
        return windows.sorted { $0.openMinute < $1.openMinute }
    }

    /// A close at or before the open passes midnight, so `07:00-02:00` closes at 26:00.
    static func dailyWindow(_ text: String) -> DailyWindow? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2,
            let open = clockMinute(String(parts[0]).trimmingWhitespace()), open < 1440,
            let close = clockMinute(String(parts[1]).trimmingWhitespace())
        else { return nil }
        return DailyWindow(openMinute: open, closeMinute: close <= open ? close + 1440 : close)
    }

    private static func weekdays(_ key: String) -> [Weekday]? {
        switch key {
        case "daily", "every_day", "everyday": return Weekday.allCases
        case "weekdays": return [.monday, .tuesday, .wednesday, .thursday, .friday]
        case "weekends", "weekend": return [.saturday, .sunday]
        default: break
        }
        if let day = weekdayNames[key] { return [day] }
        let ends = key.split(separator: "-", omittingEmptySubsequences: false)
        guard ends.count == 2, let first = weekdayNames[String(ends[0])], let last = weekdayNames[String(ends[1])]
        else { return nil }
        var days = [first]
        var day = first
        while day != last {
            day = Weekday(rawValue: day.rawValue % 7 + 1) ?? .monday
            days.append(day)
        }
        return days
    }

    /// Overlapping windows, also one passing midnight into the next day's, would make a slot open twice.
    private static func checkOverlaps(_ schedule: [Weekday: [DailyWindow]], node: ConfigNode) throws {
        for day in Weekday.allCases {
            let windows = schedule[day] ?? []
            for (earlier, later) in zip(windows, windows.dropFirst()) where earlier.closeMinute > later.openMinute {
                throw node.error("\(shortName(day)): windows overlap")
            }
            let next = Weekday(rawValue: day.rawValue % 7 + 1) ?? .monday
            if let last = windows.last, let following = schedule[next]?.first,
                last.closeMinute - 1440 > following.openMinute
            {
                throw node.error("\(shortName(day)) runs past midnight into \(shortName(next))'s opening")
            }
        }
    }

    static func shortName(_ day: Weekday) -> String {
        switch day {
        case .monday: return "mon"
        case .tuesday: return "tue"
        case .wednesday: return "wed"
        case .thursday: return "thu"
        case .friday: return "fri"
        case .saturday: return "sat"
        case .sunday: return "sun"
        }
    }
}
