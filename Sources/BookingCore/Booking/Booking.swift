public import Foundation

/// A booking of one bay for a span of time.
public struct Booking: Sendable, Equatable, Codable {
    /// Confirmed bookings hold their bay; cancelled ones are kept for the record.
    public enum Status: String, Sendable, Codable, Equatable, CaseIterable {
        case confirmed, cancelled
    }

    /// The short code a customer quotes, such as `K7Q-4M2`.
    public var ref: String
    public var locationID: String
    public var bay: Int
    /// Start and end in UTC; a half-open interval.
    public var interval: Interval
    /// The member's phone in E.164 form.
    public var memberPhone: String
    public var partySize: Int
    public var status: Status
    public var priceCents: Int
    /// Where the booking came from: `cli`, `repl`, `sms`, `clubos`.
    public var channel: String
    public var createdAt: Date
    public var updatedAt: Date
    /// A caller's key that makes a retried request return the same booking.
    public var idempotencyKey: String?

    public init(
        ref: String,
        locationID: String,
        bay: Int,
        interval: Interval,
        memberPhone: String,
        partySize: Int,
        status: Status = .confirmed,
        priceCents: Int,
        channel: String,
        createdAt: Date,
        updatedAt: Date,
        idempotencyKey: String? = nil
    ) {
        self.ref = ref
        self.locationID = locationID
        self.bay = bay
        self.interval = interval
        self.memberPhone = memberPhone
        self.partySize = partySize
        self.status = status
        self.priceCents = priceCents
        self.channel = channel
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.idempotencyKey = idempotencyKey
    }
}

/// A customer the club knows, or one it has just met.
public struct Member: Sendable, Equatable, Codable {
    /// The phone in E.164 form, such as `+19025550101`.
    public var phone: String
    public var name: String
    public var email: String?
    public var hubspotID: String?
    public var tierID: String
    public var tags: [String]

    public init(
        phone: String,
        name: String,
        email: String? = nil,
        hubspotID: String? = nil,
        tierID: String,
        tags: [String] = []
    ) {
        self.phone = phone
        self.name = name
        self.email = email
        self.hubspotID = hubspotID
        self.tierID = tierID
        self.tags = tags
    }
}

/// One line of the audit log: who changed what, when.
public struct AuditEntry: Sendable, Equatable, Codable {
    public var at: Date
    /// `staff`, `member:+19025550101`, `system`.
    public var actor: String
    /// `booking.created`, `booking.cancelled`, ...
    public var action: String
    public var bookingRef: String?
    /// A short JSON or text description of the change.
    public var details: String
    /// The message that asked for the change (`clubos:<id>`, `twilio:<sid>`), when one did.
    ///
    /// A webhook retried after a crash finds its change by this id, so the customer is told about the
    /// booking they have instead of being asked again.
    public var messageID: String?

    public init(
        at: Date,
        actor: String,
        action: String,
        bookingRef: String?,
        details: String,
        messageID: String? = nil
    ) {
        self.at = at
        self.actor = actor
        self.action = action
        self.bookingRef = bookingRef
        self.details = details
        self.messageID = messageID
    }
}
