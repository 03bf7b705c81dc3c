public import Foundation

/// Where bookings live.
///
/// One `write` is one transaction: what the engine reads inside it cannot change before it
/// commits, which is how a check and an insert become one step.
public protocol BookingStore: Sendable {
    /// Runs `body` in one write transaction; commits when it returns, rolls back when it throws.
    func write<T: Sendable>(_ body: @Sendable (any BookingTransaction) throws -> T) async throws -> T
    /// Runs `body` on a consistent snapshot, without blocking writers.
    func read<T: Sendable>(_ body: @Sendable (any BookingReader) throws -> T) async throws -> T
}

/// Queries a store answers inside a transaction or a snapshot.
public protocol BookingReader {
    /// Confirmed bookings at a location overlapping `interval`, on any bay, ordered by bay and start.
    func confirmedBookings(locationID: String, overlapping interval: Interval) throws -> [Booking]
    /// Just the bay and span of each confirmed booking at a location overlapping `interval`: what
    /// availability needs, read without building whole bookings.
    func busySpans(locationID: String, overlapping interval: Interval) throws -> [BaySpan]
    /// A member's bookings (any status) overlapping `interval`, ordered by start.
    func bookings(memberPhone: String, overlapping interval: Interval) throws -> [Booking]
    /// All bookings overlapping `interval`, any location and status, ordered by start.
    func bookings(overlapping interval: Interval) throws -> [Booking]
    func booking(ref: String) throws -> Booking?
    func booking(idempotencyKey: String) throws -> Booking?
    func member(phone: String) throws -> Member?
    /// The audit entries for one booking, oldest first.
    func auditLog(bookingRef: String) throws -> [AuditEntry]
    /// The latest audit entry of a change that message `messageID` asked for, if it made one.
    func auditEntry(messageID: String) throws -> AuditEntry?
}

/// Writes a store accepts inside a transaction.
public protocol BookingTransaction: BookingReader {
    /// Inserts a new booking; fails if its ref or idempotency key is already used.
    func insert(_ booking: Booking) throws
    /// Replaces the booking with the same ref.
    func update(_ booking: Booking) throws
    /// Inserts or replaces a member keyed by phone.
    func save(_ member: Member) throws
    func append(_ entry: AuditEntry) throws
    /// Saves a conversation's state in this transaction, so a booking and the conversation that
    /// made it commit together.
    func saveConversation(id: String, state: Data, updatedAt: Date) throws
    /// Records the answer to the message that asked for this transaction's change, so the change and the
    /// answer commit together: a retried message can never find the one without the other.
    ///
    /// An id already recorded keeps its first answer.
    func recordAnswer(_ message: ProcessedMessage) throws
    /// Records an event in the outbox, committed with the change that caused it.
    func enqueue(_ event: BookingEvent) throws
    /// How many events a booking has had, to number the next one.
    func eventCount(bookingRef: String) throws -> Int
}

/// A bay that is busy for a span of time.
public struct BaySpan: Sendable, Equatable {
    public var bay: Int
    public var interval: Interval

    public init(bay: Int, interval: Interval) {
        self.bay = bay
        self.interval = interval
    }
}
