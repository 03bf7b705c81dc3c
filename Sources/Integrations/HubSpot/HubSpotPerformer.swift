public import BookingCore
import Foundation

/// Delivers HubSpot deliveries: a note on the member's contact with the booking's location, bay, length and value.
///
/// The contact is found by phone; a member HubSpot does not know is not an error (the note is skipped and the
/// delivery says so), since the CRM is told about members, not about every walk-in.
public struct HubSpotPerformer: DeliveryPerformer {
    public let service = IntegrationService.hubSpot
    private let client: HubSpotClient

    public init(client: HubSpotClient) {
        self.client = client
    }

    public func perform(_ delivery: OutboxDelivery, context: DeliveryContext) async throws -> String? {
        guard DeliveryAction(rawValue: delivery.action) == .note else {
            throw IntegrationError(.hubSpot, .missingSetting("no HubSpot action \(delivery.action)"))
        }
        let booking = delivery.event.booking
        guard let contact = try await client.findContact(phone: booking.memberPhone, email: nil) else {
            return "no contact"
        }
        let location = context.club.location(booking.locationID)
        let zone = location?.timeZone ?? context.club.timeZone
        let dollars = booking.priceCents / 100
        let cents = booking.priceCents % 100
        let value = "$\(dollars).\(cents < 10 ? "0" : "")\(cents)"
        let body = [
            "Booking \(booking.ref) (\(delivery.event.kind.rawValue))",
            "Location: \(location?.name ?? booking.locationID), bay \(booking.bay)",
            "Start: \(Timestamps.iso(booking.interval.start, zone))",
            "Duration: \(booking.interval.minutes) min, party of \(booking.partySize)",
            "Value: \(value)",
        ]
        .joined(separator: "\n")
        return try await client.createNote(
            contactID: contact.id,
            body: body,
            at: delivery.event.occurredAt,
            idempotencyKey: delivery.idempotencyKey
        )
    }
}
