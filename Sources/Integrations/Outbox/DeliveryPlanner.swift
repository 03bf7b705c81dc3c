public import BookingCore
public import Foundation

/// Decides which deliveries an event causes and when each is due; pure, so every timing rule is a unit test.
///
/// A cancellation or a move replaces the booking's scheduled deliveries (simulator prep and reset, the reminder):
/// its plan cancels the pending ones and carries new ones at the new times, so a moved booking is prepared for its
/// new slot and never for the old one. Services that are not configured get no deliveries.
public struct DeliveryPlanner: Sendable {
    /// The services this installation talks to.
    public var enabledServices: Set<IntegrationService>
    /// How long before the start the simulator is prepared.
    public var prepareLead: TimeInterval
    /// How long before the start the reminder goes out.
    public var reminderLead: TimeInterval

    public init(
        enabledServices: Set<IntegrationService> = Set(IntegrationService.allCases),
        prepareLead: TimeInterval = 10 * 60,
        reminderLead: TimeInterval = 2 * 60 * 60
    ) {
        self.enabledServices = enabledServices
        self.prepareLead = prepareLead
        self.reminderLead = reminderLead
    }

    /// The plan for one stored event.
    public func plan(_ stored: OutboxEvent) -> DeliveryPlan {
        let event = stored.event
        let now = event.occurredAt
        let interval = event.booking.interval
        var deliveries: [PlannedDelivery] = []
        func add(_ service: IntegrationService, _ action: DeliveryAction, at due: Date, isScheduled: Bool = false) {
            guard enabledServices.contains(service) else { return }
            deliveries.append(
                PlannedDelivery(
                    service: service.rawValue,
                    action: action.rawValue,
                    dueAt: due,
                    isScheduled: isScheduled
                )
            )
        }
        add(.clubOS, .context, at: now)
        add(.clubOS, .inputEvent, at: now)
        switch event.kind {
        case .created:
            add(.uniFiAccess, .grant, at: now)
            add(.hubSpot, .note, at: now)
            addScheduled(for: interval, now: now, add: add)
        case .cancelled:
            add(.uniFiAccess, .revoke, at: now)
        case .rescheduled, .extended:
            add(.uniFiAccess, .move, at: now)
            addScheduled(for: interval, now: now, add: add)
        }
        return DeliveryPlan(
            eventSequence: stored.sequence,
            event: event,
            cancelsScheduledDeliveries: event.kind != .created,
            deliveries: deliveries
        )
    }

    /// Prep before the start (at once when that is already past), reset at the end, and a reminder unless the
    /// customer booked or moved inside the reminder's lead time and so has just been told.
    private func addScheduled(
        for interval: Interval,
        now: Date,
        add: (IntegrationService, DeliveryAction, Date, Bool) -> Void
    ) {
        add(.ninjaOne, .prepare, max(interval.start.addingTimeInterval(-prepareLead), now), true)
        add(.ninjaOne, .reset, max(interval.end, now), true)
        let reminderDue = interval.start.addingTimeInterval(-reminderLead)
        if reminderDue >= now {
            add(.reminder, .remind, reminderDue, true)
        }
    }
}
