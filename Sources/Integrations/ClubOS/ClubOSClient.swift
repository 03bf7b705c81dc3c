public import Foundation

/// The ClubOS V3 bridge: the customer's booking context and the input-event log.
///
/// ClubOS shows its staff and its chat the customer's next booking from the context, and keeps every input event
/// for its own automations. Each call carries `X-Correlation-Id` (the delivery's idempotency key), so ClubOS can
/// drop a repeat of a call it already took.
public struct ClubOSClient: Sendable {
    public let baseURL: URL
    private let apiToken: String
    private let transport: any HTTPTransport
    private let timeout: TimeInterval

    public init(baseURL: URL, apiToken: String, transport: any HTTPTransport, timeout: TimeInterval = 10) {
        self.baseURL = baseURL
        self.apiToken = apiToken
        self.transport = transport
        self.timeout = timeout
    }

    /// Replaces the customer's booking context: `PUT /api/customers/{phone}/context`.
    public func updateCustomerContext(phone: String, context: CustomerContext, correlationID: String) async throws {
        let path = "/api/customers/\(JSONRequests.segment(phone))/context"
        try await send("PUT", path, body: try JSONRequests.body(context), correlationID: correlationID)
    }

    /// Logs an input event: `POST /api/input-events`.
    public func logInputEvent(_ event: InputEvent, correlationID: String) async throws {
        try await send("POST", "/api/input-events", body: try JSONRequests.body(event), correlationID: correlationID)
    }

    private func send(_ method: String, _ path: String, body: Data, correlationID: String) async throws {
        let request = HTTPRequest(
            method: method,
            url: JSONRequests.url(baseURL, path),
            headers: [
                "Authorization": "Bearer \(apiToken)",
                "Content-Type": "application/json",
                "Accept": "application/json",
                "X-Correlation-Id": correlationID,
                "Idempotency-Key": correlationID,
            ],
            body: body,
            timeout: timeout,
            service: .clubOS
        )
        try JSONRequests.check(try await transport.send(request), .clubOS)
    }
}

/// What ClubOS knows about a customer's bookings.
public struct CustomerContext: Sendable, Equatable, Codable {
    public var hasUpcomingBooking: Bool
    public var nextBooking: NextBooking?
    /// The ref of the next booking, or nil when there is none.
    public var bookingId: String?

    public init(hasUpcomingBooking: Bool, nextBooking: NextBooking?, bookingId: String?) {
        self.hasUpcomingBooking = hasUpcomingBooking
        self.nextBooking = nextBooking
        self.bookingId = bookingId
    }

    /// The soonest booking that has not ended.
    public struct NextBooking: Sendable, Equatable, Codable {
        public var bookingId: String
        public var locationId: String
        public var locationName: String
        public var bay: Int
        /// ISO 8601 with the location's offset.
        public var start: String
        public var end: String

        public init(bookingId: String, locationId: String, locationName: String, bay: Int, start: String, end: String) {
            self.bookingId = bookingId
            self.locationId = locationId
            self.locationName = locationName
            self.bay = bay
            self.start = start
            self.end = end
        }
    }
}

/// One entry of ClubOS's input-event log.
public struct InputEvent: Sendable, Equatable, Codable {
    /// Who sent it: always `booking-agent`.
    public var source: String
    public var payload: Payload
    public var locationID: String
    public var bayID: Int

    public init(source: String = "booking-agent", payload: Payload, locationID: String, bayID: Int) {
        self.source = source
        self.payload = payload
        self.locationID = locationID
        self.bayID = bayID
    }

    enum CodingKeys: String, CodingKey {
        case source, payload
        case locationID = "location_id"
        case bayID = "bay_id"
    }

    /// The booking change.
    public struct Payload: Sendable, Equatable, Codable {
        /// `booking.created`, `booking.cancelled`, ...
        public var type: String
        public var eventId: String
        public var bookingId: String
        public var status: String
        public var memberPhone: String
        public var partySize: Int
        public var priceCents: Int
        public var channel: String
        public var start: String
        public var end: String
        public var previousStart: String?
        public var previousEnd: String?

        public init(
            type: String,
            eventId: String,
            bookingId: String,
            status: String,
            memberPhone: String,
            partySize: Int,
            priceCents: Int,
            channel: String,
            start: String,
            end: String,
            previousStart: String? = nil,
            previousEnd: String? = nil
        ) {
            self.type = type
            self.eventId = eventId
            self.bookingId = bookingId
            self.status = status
            self.memberPhone = memberPhone
            self.partySize = partySize
            self.priceCents = priceCents
            self.channel = channel
            self.start = start
            self.end = end
            self.previousStart = previousStart
            self.previousEnd = previousEnd
        }
    }
}
