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
    ///
    /// The bytes are those of a `JSONEncoder` with `.sortedKeys` and `.iso8601` dates (`BookingEventTests` holds
    /// the two together), written by hand: the encoder was a tenth of a booking turn.
    public func storedPayload() throws -> String {
        var writer = JSONWriter()
        writer.escapesSlashes = true
        writer.object {
            $0.member("booking") { $0.booking(booking) }
            $0.member("id") { $0.string(id) }
            $0.member("kind") { $0.string(kind.rawValue) }
            $0.member("occurredAt") { $0.isoDate(occurredAt) }
            $0.member("previousBay", previousBay) { $0.number($1) }
            $0.member("previousInterval", previousInterval) { $0.isoInterval($1) }
            $0.member("previousLocationID", previousLocationID) { $0.string($1) }
        }
        return String(decoding: writer.bytes, as: UTF8.self)
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

extension JSONWriter {
    /// A booking as `JSONEncoder` writes it with sorted keys and ISO 8601 dates.
    fileprivate mutating func booking(_ booking: Booking) {
        object {
            $0.member("bay") { $0.number(booking.bay) }
            $0.member("channel") { $0.string(booking.channel) }
            $0.member("createdAt") { $0.isoDate(booking.createdAt) }
            $0.member("idempotencyKey", booking.idempotencyKey) { $0.string($1) }
            $0.member("interval") { $0.isoInterval(booking.interval) }
            $0.member("locationID") { $0.string(booking.locationID) }
            $0.member("memberPhone") { $0.string(booking.memberPhone) }
            $0.member("partySize") { $0.number(booking.partySize) }
            $0.member("priceCents") { $0.number(booking.priceCents) }
            $0.member("ref") { $0.string(booking.ref) }
            $0.member("status") { $0.string(booking.status.rawValue) }
            $0.member("updatedAt") { $0.isoDate(booking.updatedAt) }
        }
    }

    fileprivate mutating func isoInterval(_ interval: Interval) {
        object {
            $0.member("end") { $0.isoDate(interval.end) }
            $0.member("start") { $0.isoDate(interval.start) }
        }
    }
}
