public import BookingCore
public import Foundation

/// What a customer or staff member wants, by name; the raw values are the JSON contract.
public enum Intent: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    case book
    case availability
    case cancel
    case reschedule
    case listBookings = "list_bookings"
    case extend
    case pricing
    case hours
    case confirm
    case deny
    case choose
    case greeting
    case thanks
    case help
    case human
    case unknown
}

/// The typed, resolved slots of one message; a slot is present only when said or implied.
public struct Slots: Sendable, Equatable {
    /// A day with no time yet ("saturday").
    public var date: LocalDay?
    public var start: Date?
    public var end: Date?
    /// A vague period ("saturday morning", "after 6").
    public var windowStart: Date?
    public var windowEnd: Date?
    public var durationMinutes: Int?
    public var partySize: Int?
    public var bay: Int?
    /// A location id from the club config.
    public var location: String?
    public var bookingRef: String?
    public var name: String?
    /// E.164.
    public var phone: String?
    /// 1-based, for `choose`.
    public var choice: Int?
    /// For `reschedule`: the day or start of the booking being moved ("move my friday one to sat").
    public var fromDate: LocalDay?
    public var fromStart: Date?

    public init(
        date: LocalDay? = nil,
        start: Date? = nil,
        end: Date? = nil,
        windowStart: Date? = nil,
        windowEnd: Date? = nil,
        durationMinutes: Int? = nil,
        partySize: Int? = nil,
        bay: Int? = nil,
        location: String? = nil,
        bookingRef: String? = nil,
        name: String? = nil,
        phone: String? = nil,
        choice: Int? = nil,
        fromDate: LocalDay? = nil,
        fromStart: Date? = nil
    ) {
        self.date = date
        self.start = start
        self.end = end
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.durationMinutes = durationMinutes
        self.partySize = partySize
        self.bay = bay
        self.location = location
        self.bookingRef = bookingRef
        self.name = name
        self.phone = phone
        self.choice = choice
        self.fromDate = fromDate
        self.fromStart = fromStart
    }

    /// Whether no slot is filled.
    public var isEmpty: Bool { self == Slots() }
}

/// What the conversation is waiting for, so a short reply can be read in context: after
/// "for how long?", "2" is two hours; after "how many players?", it is two people.
public enum Expectation: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    case nothing
    case location
    case day
    case time
    case duration
    case partySize = "party_size"
    case bay
    case choice
    case confirmation
    case bookingRef = "booking_ref"
}

/// One message understood: the intent, how sure the parser is, and the slots.
public struct Parse: Sendable, Equatable {
    public var text: String
    public var intent: Intent
    /// 0...1.
    public var confidence: Double
    public var slots: Slots
    /// Whether the message changes something already said ("actually make it 8", "no, Dartmouth").
    ///
    /// A correction has intent `book` and carries only the changed slots; the dialogue manager applies them to
    /// whatever it is arranging (a new booking or a move), rather than starting over.
    public var isCorrection: Bool = false
    /// The zone the times were resolved in: the named location's zone, else the one passed to the parser.
    public var timeZone: TimeZone?
    /// How the parse was reached, when asked for (`UtteranceParser.explain`).
    public var explanation: Explanation?

    public init(text: String, intent: Intent, confidence: Double, slots: Slots) {
        self.text = text
        self.intent = intent
        self.confidence = confidence
        self.slots = slots
    }
}
