import BookingCore
import Foundation
import GRDB

/// A row of `locations`: what the config says about a site, kept beside its bookings.
struct LocationRecord: PersistableRecord {
    static let databaseTableName = "locations"

    var location: Location

    func encode(to container: inout PersistenceContainer) throws {
        container["id"] = location.id
        container["name"] = location.name
        container["time_zone"] = location.timeZone.identifier
        container["address"] = location.address
        container["aliases"] = try StoredList.text(location.aliases)
        container["cents_per_hour"] = location.centsPerHour
    }
}

/// A row of `bays`, keyed by location and number.
struct BayRecord: PersistableRecord {
    static let databaseTableName = "bays"

    var locationID: String
    var bay: Bay

    func encode(to container: inout PersistenceContainer) {
        container["location_id"] = locationID
        container["number"] = bay.number
        container["capacity"] = bay.capacity
        container["simulator"] = bay.simulator
        container["device_id"] = bay.deviceID
    }
}

/// A row of `tiers`.
struct TierRecord: PersistableRecord {
    static let databaseTableName = "tiers"

    var tier: Tier

    func encode(to container: inout PersistenceContainer) throws {
        container["id"] = tier.id
        container["name"] = tier.name
        container["tags"] = try StoredList.text(tier.tags)
        container["max_minutes"] = tier.maxMinutes
        container["advance_days"] = tier.advanceDays
        container["max_active_bookings"] = tier.maxActiveBookings
        container["max_hours_per_week"] = tier.maxHoursPerWeek
        container["discount_percent"] = tier.discountPercent
    }
}
