public import Foundation

/// Something that happened to a booking that the club's other systems must hear about.
///
/// The engine writes events in the same transaction as the change (the transactional outbox), so
/// an event exists if and only if its change committed; delivering it is the outbox's job.
public struct BookingEvent: Sendable, Equatable, Codable {
    /// What happened, named as the integrations and webhooks name it.
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        case created = "booking.created"
        case cancelled = "booking.cancelled"
        case rescheduled = "booking.rescheduled"
        case extended = "booking.extended"
    }

    /// Unique per event; `<ref>:<kind>:<n>`, where n counts the booking's events, so it is stable.
    public var id: String
    public var kind: Kind
    public var occurredAt: Date
    /// The booking as it is after the change.
    public var booking: Booking
    /// The span before a reschedule or extension.
    public var previousInterval: Interval?
    /// The location and bay before a reschedule that moved them.
    public var previousLocationID: String?
    public var previousBay: Int?

    public init(
        id: String,
        kind: Kind,
        occurredAt: Date,
        booking: Booking,
        previousInterval: Interval? = nil,
        previousLocationID: String? = nil,
        previousBay: Int? = nil
    ) {
        self.id = id
        self.kind = kind
        self.occurredAt = occurredAt
        self.booking = booking
        self.previousInterval = previousInterval
        self.previousLocationID = previousLocationID
        self.previousBay = previousBay
    }
}

extension BookingEvent {
    /// The event as the outbox stores it: key-sorted JSON with ISO 8601 instants, the same in every store.
    public func storedPayload() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Reads an event back from `storedPayload()`'s text; a row that does not read is reported as corrupt.
    public init(storedPayload payload: String) throws {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            self = try decoder.decode(BookingEvent.self, from: Data(payload.utf8))
        } catch {
            throw StoreError.corruptRow(table: "outbox_events")
        }
    }
}
