public import BookingCore
import Foundation

/// Delivers ClubOS deliveries: the customer's context as it is now, and the event as it happened.
///
/// The context is read from the store when it is sent, not from the event, so a delayed or repeated delivery
/// still tells ClubOS the truth (a cancelled booking's customer may have another one coming).
public struct ClubOSPerformer: DeliveryPerformer {
    public let service = IntegrationService.clubOS
    private let client: ClubOSClient
    private let store: any BookingStore

    public init(client: ClubOSClient, store: any BookingStore) {
        self.client = client
        self.store = store
    }

    public func perform(_ delivery: OutboxDelivery, context: DeliveryContext) async throws -> String? {
        let event = delivery.event
        let booking = event.booking
        switch DeliveryAction(rawValue: delivery.action) {
        case .context:
            let now = context.now
            let phone = booking.memberPhone
            let upcoming = try await store.read { reader in
                try reader.bookings(memberPhone: phone, overlapping: Interval(start: now, end: .distantFuture))
                    .filter { $0.status == .confirmed && $0.interval.end > now }
            }
            let next = upcoming.min { $0.interval.start < $1.interval.start }
            let customerContext = CustomerContext(
                hasUpcomingBooking: next != nil,
                nextBooking: next.map { Self.nextBooking($0, club: context.club) },
                bookingId: next?.ref
            )
            try await client.updateCustomerContext(
                phone: phone,
                context: customerContext,
                correlationID: delivery.idempotencyKey
            )
            return next?.ref
        case .inputEvent:
            let zone = context.club.location(booking.locationID)?.timeZone ?? context.club.timeZone
            let payload = InputEvent.Payload(
                type: event.kind.rawValue,
                eventId: event.id,
                bookingId: booking.ref,
                status: booking.status.rawValue,
                memberPhone: booking.memberPhone,
                partySize: booking.partySize,
                priceCents: booking.priceCents,
                channel: booking.channel,
                start: Timestamps.iso(booking.interval.start, zone),
                end: Timestamps.iso(booking.interval.end, zone),
                previousStart: event.previousInterval.map { Timestamps.iso($0.start, zone) },
                previousEnd: event.previousInterval.map { Timestamps.iso($0.end, zone) }
            )
            try await client.logInputEvent(
                InputEvent(payload: payload, locationID: booking.locationID, bayID: booking.bay),
                correlationID: delivery.idempotencyKey
            )
            return nil
        default:
            throw IntegrationError(.clubOS, .missingSetting("no ClubOS action \(delivery.action)"))
        }
    }

    static func nextBooking(_ booking: Booking, club: Club) -> CustomerContext.NextBooking {
        let location = club.location(booking.locationID)
        let zone = location?.timeZone ?? club.timeZone
        return CustomerContext.NextBooking(
            bookingId: booking.ref,
            locationId: booking.locationID,
            locationName: location?.name ?? booking.locationID,
            bay: booking.bay,
            start: Timestamps.iso(booking.interval.start, zone),
            end: Timestamps.iso(booking.interval.end, zone)
        )
    }
}

/// Instants as the services read them.
enum Timestamps {
    /// ISO 8601 with the zone's offset, such as `2026-11-26T19:00:00-04:00`.
    static func iso(_ date: Date, _ zone: TimeZone) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = zone
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// Whole Unix seconds.
    static func unixSeconds(_ date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.down))
    }

    /// Unix milliseconds.
    static func unixMilliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}
