public import BookingCore
import Foundation

/// Delivers NinjaOne deliveries: prepare the bay's simulator PC before the start, reset it at the end.
///
/// The bay's device comes from the club config (`device_id`, such as `TM-BED-03`); the scripts are the club's
/// own NinjaOne scripts, named by id in the settings. Prepare launches TrackMan and loads the member's profile;
/// reset restores the default profile, clears user data and runs diagnostics.
public struct NinjaOnePerformer: DeliveryPerformer {
    public let service = IntegrationService.ninjaOne
    private let client: NinjaOneClient
    private let prepareScriptID: Int
    private let resetScriptID: Int

    public init(client: NinjaOneClient, prepareScriptID: Int, resetScriptID: Int) {
        self.client = client
        self.prepareScriptID = prepareScriptID
        self.resetScriptID = resetScriptID
    }

    public func perform(_ delivery: OutboxDelivery, context: DeliveryContext) async throws -> String? {
        let booking = delivery.event.booking
        let location = try context.location(of: booking, for: .ninjaOne)
        guard let deviceID = location.bay(booking.bay)?.deviceID else {
            throw IntegrationError(.ninjaOne, .missingSetting("no device_id for \(location.id) bay \(booking.bay)"))
        }
        switch DeliveryAction(rawValue: delivery.action) {
        case .prepare:
            let parameters =
                "-Action prepare -Simulator TrackMan -Profile \(booking.memberPhone) -Booking \(booking.ref)"
            try await client.runScript(
                deviceID: deviceID,
                scriptID: prepareScriptID,
                parameters: parameters,
                idempotencyKey: delivery.idempotencyKey
            )
        case .reset:
            let parameters = "-Action reset -ClearUserData -Diagnostics -Booking \(booking.ref)"
            try await client.runScript(
                deviceID: deviceID,
                scriptID: resetScriptID,
                parameters: parameters,
                idempotencyKey: delivery.idempotencyKey
            )
        default:
            throw IntegrationError(.ninjaOne, .missingSetting("no NinjaOne action \(delivery.action)"))
        }
        return deviceID
    }
}
