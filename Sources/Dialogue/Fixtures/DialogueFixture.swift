public import BookingCore
public import BookingEngine
import Foundation
import Synchronization

/// A conversation written by hand, the regression net for the dialogue.
///
/// What the user says, what each reply must contain, and the bookings that must exist afterwards.
public struct DialogueFixture: Sendable, Codable, Equatable {
    /// A booking that exists before the conversation, or must exist after it.
    public struct BookingSpec: Sendable, Codable, Equatable {
        public var location: String
        public var bay: Int?
        /// ISO 8601 with offset.
        public var start: String
        public var minutes: Int
        public var member: String
        public var party: Int?
        /// `confirmed` (default) or `cancelled`.
        public var status: String?
    }

    /// One user message and what its reply must show.
    public struct Turn: Sendable, Codable, Equatable {
        public var user: String
        /// Moves the clock before this turn (expiry, time passing).
        public var now: String?
        /// Texts the reply must contain, case-insensitively.
        public var expect: [String]?
        /// Texts the reply must not contain.
        public var reject: [String]?
        public var phase: String?
        public var handoff: Bool?
    }

    public var name: String
    public var now: String
    /// The customer's phone; absent with `staff: true`.
    public var `as`: String?
    public var staff: Bool?
    public var setup: [BookingSpec]?
    public var turns: [Turn]
    /// Every booking that must exist afterwards; omitted means no check.
    ///
    /// Setup bookings are listed only when they changed.
    public var bookings: [BookingSpec]?
}

/// What running a fixture found.
public struct DialogueFixtureResult: Sendable, Equatable {
    public var name: String
    public var failures: [String]
    /// The 1-based turn at which a booking was confirmed, if one was.
    public var turnsToBooking: Int?
    /// Where the conversation stood after the first message: `confirming` when it had everything.
    public var firstPhase: Phase?

    public var passed: Bool { failures.isEmpty }

    public init(name: String, failures: [String], turnsToBooking: Int? = nil, firstPhase: Phase? = nil) {
        self.name = name
        self.failures = failures
        self.turnsToBooking = turnsToBooking
        self.firstPhase = firstPhase
    }
}

/// Runs dialogue fixtures against a real engine and store.
public enum DialogueFixtureRunner {
    /// Plays `fixture` through a fresh manager and checks every reply and the bookings afterwards.
    ///
    /// - Parameters:
    ///   - fixture: the conversation.
    ///   - makeManager: builds the manager and its engine for a clock; called once.
    ///   - allBookings: reads every booking afterwards, for the final check.
    /// - Returns: the failures found and how many turns a booking took.
    /// - Throws: what the store throws.
    public static func run(
        _ fixture: DialogueFixture,
        makeManager: @Sendable (any Clock) async throws -> (DialogueDriver, BookingEngine),
        allBookings: @Sendable () async throws -> [Booking]
    ) async throws -> DialogueFixtureResult {
        var failures: [String] = []
        guard let start = Timestamp.parse(fixture.now) else {
            return DialogueFixtureResult(name: fixture.name, failures: ["bad now: \(fixture.now)"])
        }
        let clock = SteppingClock(start)
        let (manager, engine) = try await makeManager(clock)
        for spec in fixture.setup ?? [] {
            guard let when = Timestamp.parse(spec.start) else {
                failures.append("setup: bad start \(spec.start)")
                continue
            }
            let outcome = try await engine.book(
                BookingRequest(
                    location: spec.location,
                    bay: spec.bay,
                    start: when,
                    minutes: spec.minutes,
                    memberPhone: spec.member,
                    partySize: spec.party ?? 1,
                    channel: "fixture",
                    isStaff: true
                )
            )
            if outcome.booking == nil { failures.append("setup booking refused: \(outcome)") }
        }
        let identity: Identity = fixture.staff == true ? .staff : .customer(phone: fixture.as ?? "902-555-0101")
        var turnsToBooking: Int?
        var firstPhase: Phase?
        for (index, turn) in fixture.turns.enumerated() {
            if let now = turn.now {
                guard let date = Timestamp.parse(now) else {
                    failures.append("turn \(index + 1): bad now \(now)")
                    continue
                }
                clock.set(date)
            }
            let reply = try await manager.respond(to: turn.user, conversation: "fixture", identity: identity)
            let text = reply.text.lowercased()
            let label = "turn \(index + 1) \"\(turn.user)\" → \"\(reply.text)\""
            for wanted in turn.expect ?? [] where !text.contains(wanted.lowercased()) {
                failures.append("\(label): missing \"\(wanted)\"")
            }
            for unwanted in turn.reject ?? [] where text.contains(unwanted.lowercased()) {
                failures.append("\(label): should not contain \"\(unwanted)\"")
            }
            if let phase = turn.phase, phase != reply.phase.rawValue {
                failures.append("\(label): phase \(reply.phase.rawValue), expected \(phase)")
            }
            if let handoff = turn.handoff, handoff != reply.handoff {
                failures.append("\(label): handoff \(reply.handoff), expected \(handoff)")
            }
            if reply.phase == .booked, turnsToBooking == nil { turnsToBooking = index + 1 }
            if index == 0 { firstPhase = reply.phase }
        }
        if let expected = fixture.bookings {
            let actual = try await allBookings()
            failures += compare(expected: expected, actual: actual)
        }
        return DialogueFixtureResult(
            name: fixture.name,
            failures: failures,
            turnsToBooking: turnsToBooking,
            firstPhase: firstPhase
        )
    }

    static func compare(expected: [DialogueFixture.BookingSpec], actual: [Booking]) -> [String] {
        var failures: [String] = []
        var remaining = actual
        for spec in expected {
            let status = spec.status ?? "confirmed"
            let index = remaining.firstIndex { booking in
                booking.locationID == spec.location && (spec.bay == nil || spec.bay == booking.bay)
                    && Timestamp.parse(spec.start) == booking.interval.start && booking.interval.minutes == spec.minutes
                    && PhoneNumber.e164(spec.member) == booking.memberPhone && booking.status.rawValue == status
                    && (spec.party == nil || spec.party == booking.partySize)
            }
            if let index {
                remaining.remove(at: index)
            } else {
                failures.append("missing booking \(spec)")
            }
        }
        // Setup bookings that did not change need not be listed.
        for booking in remaining where !(booking.channel == "fixture" && booking.status == .confirmed) {
            failures.append(
                "unexpected booking \(booking.ref) \(booking.locationID) bay \(booking.bay) "
                    + "\(ISOTime.string(booking.interval.start, zone: TimeZone(identifier: "America/Halifax") ?? .current)) "
                    + "\(booking.interval.minutes) min \(booking.status.rawValue)"
            )
        }
        return failures
    }
}

/// A clock the fixture runner moves by hand between turns.
final class SteppingClock: Clock {
    private let current: Mutex<Date>

    init(_ date: Date) { current = Mutex(date) }
    func set(_ date: Date) { current.withLock { $0 = date } }
    func now() -> Date { current.withLock { $0 } }
}

/// ISO 8601 instants as fixtures write them.
enum Timestamp {
    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
