/// The club systems a booking fans out to; the raw value is the `service` column of a delivery.
public enum IntegrationService: String, Sendable, Hashable, CaseIterable, Codable {
    /// ClubOS V3: the customer's booking context and the input-event log.
    case clubOS = "clubos"
    /// UniFi Access: the visitor credential that opens the doors.
    case uniFiAccess = "unifi"
    /// NinjaOne: preparing and resetting the bay's simulator PC.
    case ninjaOne = "ninjaone"
    /// HubSpot: a note on the member's contact.
    case hubSpot = "hubspot"
    /// The SMS reminder before the booking starts.
    case reminder = "reminder"
}

/// What a delivery does at its service; the raw value is the `action` column of a delivery.
public enum DeliveryAction: String, Sendable, Hashable, CaseIterable, Codable {
    /// ClubOS: replace the customer's booking context.
    case context
    /// ClubOS: log the change as an input event.
    case inputEvent = "input_event"
    /// UniFi Access: create the visitor with a PIN and a QR code.
    case grant
    /// UniFi Access: move the visitor's window and doors.
    case move
    /// UniFi Access: delete the visitor.
    case revoke
    /// NinjaOne: launch the simulator and set the member's profile.
    case prepare
    /// NinjaOne: reset the bay, clear user data, run diagnostics.
    case reset
    /// HubSpot: note the booking on the contact.
    case note
    /// Reminder: send the SMS.
    case remind
}
