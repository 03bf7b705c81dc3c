import BookingCore
import Foundation

/// Hand-made deliveries for the pure state machine tests.
enum Deliveries {
    static let start = Date(timeIntervalSince1970: 1_795_000_000)

    static func booking(_ ref: String) -> Booking {
        Booking(
            ref: ref,
            locationID: "bedford",
            bay: 3,
            interval: Interval(start: start.addingTimeInterval(86_400), minutes: 120),
            memberPhone: "+19025550101",
            partySize: 4,
            priceCents: 10_800,
            channel: "sms",
            createdAt: start,
            updatedAt: start
        )
    }

    static func make(
        id: Int64,
        ref: String = "AAA-001",
        service: String = "clubos",
        action: String = "context",
        dueAt: Date = start,
        attempts: Int = 0,
        nextAttemptAt: Date = start
    ) -> OutboxDelivery {
        let event = BookingEvent(
            id: "\(ref):booking.created:1",
            kind: .created,
            occurredAt: start,
            booking: booking(ref)
        )
        return OutboxDelivery(
            id: id,
            idempotencyKey: "\(event.id):\(service):\(action)",
            event: event,
            service: service,
            action: action,
            isScheduled: false,
            dueAt: dueAt,
            status: .pending,
            attempts: attempts,
            nextAttemptAt: nextAttemptAt,
            updatedAt: start
        )
    }
}
