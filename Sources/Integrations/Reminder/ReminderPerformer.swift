public import BookingCore
import Foundation

/// Delivers reminders: an SMS-ready text two hours before the start, with the door PIN once it is known.
public struct ReminderPerformer: DeliveryPerformer {
    public let service = IntegrationService.reminder
    private let client: ReminderClient

    public init(client: ReminderClient) {
        self.client = client
    }

    public func perform(_ delivery: OutboxDelivery, context: DeliveryContext) async throws -> String? {
        guard DeliveryAction(rawValue: delivery.action) == .remind else {
            throw IntegrationError(.reminder, .missingSetting("no reminder action \(delivery.action)"))
        }
        let booking = delivery.event.booking
        let credential = try await context.latestResult(bookingRef: booking.ref, service: .uniFiAccess, action: .grant)
            .flatMap(AccessCredential.init(encoded:))
        let text = Self.text(for: booking, club: context.club, pin: credential?.pin)
        return try await client.send(to: booking.memberPhone, body: text, idempotencyKey: delivery.idempotencyKey)
    }

    /// The reminder as the customer reads it: place, bay, local time, ref, and the PIN when there is one.
    static func text(for booking: Booking, club: Club, pin: String?) -> String {
        let location = club.location(booking.locationID)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = location?.timeZone ?? club.timeZone
        formatter.dateFormat = "EEE MMM d HH:mm"
        var text =
            "\(club.name): reminder, \(location?.name ?? booking.locationID) bay \(booking.bay) "
            + "\(formatter.string(from: booking.interval.start)) (\(booking.ref))."
        if let pin { text += " Door PIN \(pin)." }
        return text
    }
}
