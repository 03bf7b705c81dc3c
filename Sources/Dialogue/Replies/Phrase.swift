public import BookingCore
public import Foundation

/// One sentence (or part of one) the agent says: a key of the wording file and its typed arguments.
///
/// The machine decides what to say as phrases; the wording file of the conversation's language says how.
public struct Phrase: Sendable, Equatable {
    public var key: ReplyKey
    public var arguments: [String: ReplyValue]
    /// Whether the phrase starts a new line (an option of a list), rather than following on the same line.
    public var startsLine: Bool

    public init(_ key: ReplyKey, _ arguments: [String: ReplyValue] = [:], startsLine: Bool = false) {
        self.key = key
        self.arguments = arguments
        self.startsLine = startsLine
    }
}

/// A typed value a phrase's placeholder shows; how it is written comes from the wording file.
public enum ReplyValue: Sendable, Equatable {
    /// Shown as given: a name, a reference, a phone number.
    case text(String)
    /// A count; the value a key's plural form is chosen by.
    case count(Int)
    /// Cents, written as the club's money ("$90", "$97.20").
    case money(Int)
    /// Minutes, written as a length ("1 hour", "90 minutes").
    case minutes(Int)
    /// A clock time in a zone ("7:00 pm").
    case time(Date, TimeZone)
    /// A span of clock times in a zone ("7:00-9:00 pm").
    case span(Interval, TimeZone)
    /// A calendar day ("Fri Nov 27").
    case date(LocalDay)
    /// A day said relative to today: "today", "tomorrow", else the date.
    case day(LocalDay, today: LocalDay)
    /// A bay at a location for a span ("Bay 3 at Bedford, Fri Nov 27, 7:00-9:00 pm").
    case slot(location: String, bay: Int, Interval, TimeZone)
    /// Phrases said in place of the placeholder (a list of options).
    case phrases([Phrase])

    /// The kind of value, as a template may name it (`{start:time}`).
    public var kind: ReplyValueKind {
        switch self {
        case .text: .text
        case .count: .count
        case .money: .money
        case .minutes: .minutes
        case .time: .time
        case .span: .span
        case .date: .date
        case .day: .day
        case .slot: .slot
        case .phrases: .phrases
        }
    }
}

/// The kinds of value a placeholder may hold.
public enum ReplyValueKind: String, Sendable, CaseIterable {
    case text, count, money, minutes, time, span, date, day, slot, phrases
}
