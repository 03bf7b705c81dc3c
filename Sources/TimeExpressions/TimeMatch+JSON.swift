public import Foundation

/// The flat, tool-friendly shape of a match used by `booking time --json` and the fixtures.
public struct TimeMatchRecord: Sendable, Equatable {
    /// The words covered.
    public var text: String
    /// `day`, `instant`, `interval`, `part_of_day` or `duration`.
    public var kind: String
    /// The part of the day (`morning`, `after_work`…) for `part_of_day`.
    public var name: String?
    /// `YYYY-MM-DD` for `day` and `part_of_day`.
    public var date: String?
    /// ISO 8601 with the zone's offset at that instant, as `2026-11-25T19:00:00-04:00`.
    public var start: String?
    /// ISO 8601 with offset; omitted for an open end.
    public var end: String?
    /// `minute`, `hour`, `day`, `week` or `month` for instants and intervals.
    public var grain: String?
    /// Whole minutes of a duration.
    public var minutes: Int?

    /// The fields in output order, omitting the absent ones.
    public var fields: [(key: String, value: String)] {
        var fields: [(key: String, value: String)] = [("text", Self.quoted(text)), ("kind", Self.quoted(kind))]
        if let name { fields.append(("name", Self.quoted(name))) }
        if let date { fields.append(("date", Self.quoted(date))) }
        if let start { fields.append(("start", Self.quoted(start))) }
        if let end { fields.append(("end", Self.quoted(end))) }
        if let grain { fields.append(("grain", Self.quoted(grain))) }
        if let minutes { fields.append(("minutes", String(minutes))) }
        return fields
    }

    /// One human-readable line: "instant 2026-11-26T19:00:00-04:00 (hour) ← tmrw at 7".
    public var summary: String {
        var parts = [kind]
        if let name { parts.append(name) }
        if let date { parts.append(date) }
        switch (start, end) {
        case (let start?, let end?): parts.append("\(start) → \(end)")
        case (let start?, nil): parts.append(kind == "interval" ? "from \(start)" : start)
        case (nil, let end?): parts.append("until \(end)")
        case (nil, nil): break
        }
        if let grain { parts.append("(\(grain))") }
        if let minutes { parts.append("\(minutes) min") }
        return parts.joined(separator: " ") + " ← \(text)"
    }

    /// One JSON object, keys in a fixed order.
    public var json: String {
        "{" + fields.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
    }

    /// A JSON array of records, one object per line.
    public static func jsonArray(_ records: [TimeMatchRecord]) -> String {
        guard !records.isEmpty else { return "[]" }
        return "[\n" + records.map { "  " + $0.json }.joined(separator: ",\n") + "\n]"
    }

    /// JSON string literal for `text`; exposed for tests.
    public static func quotedForTesting(_ text: String) -> String { quoted(text) }

    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    result += "\\u" + CalendarDay.pad(Int(scalar.value), 4)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

extension TimeMatch {
    /// The record of this match, with instants written in `timeZone`'s offsets.
    public func record(in timeZone: TimeZone) -> TimeMatchRecord {
        var record = TimeMatchRecord(text: text, kind: "")
        switch value {
        case .day(let day, _):
            record.kind = "day"
            record.date = day.description
        case .instant(let date, let grain):
            record.kind = "instant"
            record.start = ISO8601Offset.string(date, in: timeZone)
            record.grain = grain.rawValue
        case .interval(let start, let end, let grain):
            record.kind = "interval"
            record.start = start.map { ISO8601Offset.string($0, in: timeZone) }
            record.end = end.map { ISO8601Offset.string($0, in: timeZone) }
            record.grain = grain.rawValue
        case .partOfDay(let part, let day, let start, let end):
            record.kind = "part_of_day"
            record.name = part.rawValue
            record.date = day.description
            record.start = ISO8601Offset.string(start, in: timeZone)
            record.end = ISO8601Offset.string(end, in: timeZone)
        case .duration(let minutes):
            record.kind = "duration"
            record.minutes = minutes
        }
        return record
    }
}

/// ISO 8601 with the zone's UTC offset ("2026-11-25T19:00:00-04:00", "+00:00" for UTC), no formatter.
public enum ISO8601Offset {
    /// `date` as the wall clock of `timeZone` reads it, with that offset.
    public static func string(_ date: Date, in timeZone: TimeZone) -> String {
        let offset = timeZone.secondsFromGMT(for: date)
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let minutes = local >= 0 ? local / 60 : (local - 59) / 60
        let seconds = local - minutes * 60
        let dayNumber = minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440
        let minuteOfDay = minutes - dayNumber * 1440
        let day = CivilCalendar.day(dayNumber)
        let sign = offset < 0 ? "-" : "+"
        let absolute = abs(offset) / 60
        return "\(day)T\(CalendarDay.pad(minuteOfDay / 60, 2)):\(CalendarDay.pad(minuteOfDay % 60, 2)):"
            + "\(CalendarDay.pad(seconds, 2))\(sign)\(CalendarDay.pad(absolute / 60, 2)):\(CalendarDay.pad(absolute % 60, 2))"
    }
}
