public import BookingCore
public import Foundation

/// Delivers UniFi Access deliveries: a visitor credential for the booking's window, moved or revoked with it.
///
/// The visitor is named after the booking (last name = the booking ref), so a grant whose earlier attempt created
/// the visitor but crashed before recording it finds and reuses that visitor instead of creating a second one.
public struct UniFiAccessPerformer: DeliveryPerformer {
    public let service = IntegrationService.uniFiAccess
    private let client: UniFiAccessClient
    /// Door ids per location id.
    private let doors: [String: [String]]
    /// How long before the start and after the end the credential works.
    private let margin: TimeInterval

    public init(client: UniFiAccessClient, doors: [String: [String]], margin: TimeInterval = 15 * 60) {
        self.client = client
        self.doors = doors
        self.margin = margin
    }

    public func perform(_ delivery: OutboxDelivery, context: DeliveryContext) async throws -> String? {
        let booking = delivery.event.booking
        switch DeliveryAction(rawValue: delivery.action) {
        case .grant:
            let request = try visitorRequest(for: delivery)
            let existing = try await client.visitors(keyword: booking.ref).first {
                $0.lastName == booking.ref && $0.status?.uppercased() != "CANCELLED"
            }
            let visitor: UniFiAccessClient.Visitor
            if let existing {
                visitor = existing
            } else {
                visitor = try await client.createVisitor(request, idempotencyKey: delivery.idempotencyKey)
            }
            let pin = try await client.generatePIN()
            try await client.assignPIN(pin, toVisitor: visitor.id)
            try await client.assignQRCode(toVisitor: visitor.id)
            return AccessCredential(visitorID: visitor.id, pin: pin).encoded()
        case .move:
            guard let visitorID = try await visitorID(of: booking, context: context) else {
                throw IntegrationError(.uniFiAccess, .missingSetting("no visitor was granted for this booking"))
            }
            try await client.updateVisitor(
                id: visitorID,
                try visitorRequest(for: delivery),
                idempotencyKey: delivery.idempotencyKey
            )
            return nil
        case .revoke:
            guard let visitorID = try await visitorID(of: booking, context: context) else { return nil }
            try await client.deleteVisitor(id: visitorID, idempotencyKey: delivery.idempotencyKey)
            return visitorID
        default:
            throw IntegrationError(.uniFiAccess, .missingSetting("no UniFi Access action \(delivery.action)"))
        }
    }

    /// The visitor the grant recorded, else one named after the booking (a grant that crashed before recording).
    private func visitorID(of booking: Booking, context: DeliveryContext) async throws -> String? {
        let granted = try await context.latestResult(bookingRef: booking.ref, service: .uniFiAccess, action: .grant)
        if let credential = granted.flatMap(AccessCredential.init(encoded:)) { return credential.visitorID }
        return try await client.visitors(keyword: booking.ref).first { $0.lastName == booking.ref }?.id
    }

    private func visitorRequest(for delivery: OutboxDelivery) throws -> UniFiAccessClient.VisitorRequest {
        let booking = delivery.event.booking
        guard let doorIDs = doors[booking.locationID], !doorIDs.isEmpty else {
            throw IntegrationError(.uniFiAccess, .missingSetting("no door ids for location \(booking.locationID)"))
        }
        return UniFiAccessClient.VisitorRequest(
            firstName: "Booking",
            lastName: booking.ref,
            mobilePhone: booking.memberPhone,
            remarks: delivery.idempotencyKey,
            startTime: Timestamps.unixSeconds(booking.interval.start.addingTimeInterval(-margin)),
            endTime: Timestamps.unixSeconds(booking.interval.end.addingTimeInterval(margin)),
            resources: doorIDs.map { UniFiAccessClient.Resource(id: $0) }
        )
    }
}

/// The credential a grant created: what the confirmation and the reminder tell the customer.
public struct AccessCredential: Sendable, Equatable, Codable {
    public var visitorID: String
    public var pin: String

    public init(visitorID: String, pin: String) {
        self.visitorID = visitorID
        self.pin = pin
    }

    /// The form stored as the grant delivery's result.
    public func encoded() -> String? {
        (try? JSONRequests.body(self)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Reads a stored grant result.
    public init?(encoded: String) {
        guard let value = try? JSONDecoder().decode(AccessCredential.self, from: Data(encoded.utf8)) else {
            return nil
        }
        self = value
    }

    /// The booking's credential, once its grant has been delivered: for the confirmation the customer gets.
    public static func latest(bookingRef: String, in outbox: any Outbox) async throws -> AccessCredential? {
        let stored = try await outbox.latestResult(
            bookingRef: bookingRef,
            service: IntegrationService.uniFiAccess.rawValue,
            action: DeliveryAction.grant.rawValue
        )
        return stored.flatMap(AccessCredential.init(encoded:))
    }
}
