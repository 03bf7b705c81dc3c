import Foundation

/// How the store writes instants: whole Unix seconds for booking spans, Unix milliseconds for timestamps.
enum StoredTime {
    static func seconds(_ date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.down))
    }

    static func date(seconds: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1000)
    }
}

/// Lists of short strings (tags, aliases) as JSON text, so a tag may hold any character.
enum StoredList {
    static func text(_ list: [String]) throws -> String {
        if list.isEmpty { return "[]" }
        let data = try JSONEncoder().encode(list)
        return String(decoding: data, as: UTF8.self)
    }

    static func list(_ text: String) throws -> [String] {
        if text == "[]" { return [] }
        return try JSONDecoder().decode([String].self, from: Data(text.utf8))
    }
}
