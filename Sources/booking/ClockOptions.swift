import ArgumentParser
import Foundation

/// `--now` and `--tz`, shared by every command so that any run can be reproduced exactly.
struct ClockOptions: ParsableArguments {
    @Option(help: "The reference instant, ISO 8601 (e.g. 2026-11-25T10:00:00-04:00). Default: the system clock.")
    var now: String?

    @Option(help: "The IANA time zone for times without a location (e.g. America/Halifax). Default: the club's.")
    var tz: String?

    /// The reference instant: `--now` when given, otherwise the system clock.
    func referenceDate() throws -> Date {
        guard let now else { return Date() }
        if let date = ISO8601Parsing.date(from: now) { return date }
        throw ValidationError("--now '\(now)' is not an ISO 8601 instant such as 2026-11-25T10:00:00-04:00")
    }

    /// The time zone named by `--tz`, or `fallback` when none was given.
    func timeZone(fallback: TimeZone) throws -> TimeZone {
        guard let tz else { return fallback }
        guard let zone = TimeZone(identifier: tz) else {
            throw ValidationError("--tz '\(tz)' is not an IANA time zone such as America/Halifax")
        }
        return zone
    }
}

/// Lenient ISO 8601 reading for `--now`: with or without seconds, fractional seconds, `Z` or an offset.
enum ISO8601Parsing {
    static func date(from text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime],
            [.withInternetDateTime, .withFractionalSeconds],
        ] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: trimmed) { return date }
        }
        // Without seconds: 2026-11-25T10:00-04:00 or 2026-11-25T10:00Z.
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        for pattern in ["yyyy-MM-dd'T'HH:mmXXXXX", "yyyy-MM-dd'T'HH:mm:ssXXXXX"] {
            formatter.dateFormat = pattern
            if let date = formatter.date(from: trimmed) { return date }
        }
        return nil
    }
}
