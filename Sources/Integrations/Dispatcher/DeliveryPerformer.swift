public import BookingCore
public import Foundation

/// Performs the deliveries of one service: turns a delivery into that service's API calls.
///
/// A performer sends the delivery's idempotency key with its requests where the service takes one, and makes
/// repeated sends harmless where it can (a grant finds the visitor an earlier, unrecorded attempt created).
public protocol DeliveryPerformer: Sendable {
    /// The service whose deliveries this performs.
    var service: IntegrationService { get }
    /// Performs one delivery; returns what later deliveries need (a visitor id), or nil.
    ///
    /// Throws `IntegrationError`; its `isPermanent` decides between a retry and the dead letters.
    func perform(_ delivery: OutboxDelivery, context: DeliveryContext) async throws -> String?
}

/// What a performer may consult while it delivers: the club, the time, and earlier deliveries' results.
public struct DeliveryContext: Sendable {
    public let club: Club
    public let now: Date
    let outbox: any Outbox

    public init(club: Club, now: Date, outbox: any Outbox) {
        self.club = club
        self.now = now
        self.outbox = outbox
    }

    /// The result of the booking's latest delivered delivery for one service and action.
    public func latestResult(
        bookingRef: String,
        service: IntegrationService,
        action: DeliveryAction
    ) async throws -> String? {
        try await outbox.latestResult(bookingRef: bookingRef, service: service.rawValue, action: action.rawValue)
    }

    /// The booking's location, or a permanent error naming the missing location id.
    public func location(of booking: Booking, for service: IntegrationService) throws -> Location {
        guard let location = club.location(booking.locationID) else {
            throw IntegrationError(service, .missingSetting("location \(booking.locationID) is not in the club config"))
        }
        return location
    }
}
