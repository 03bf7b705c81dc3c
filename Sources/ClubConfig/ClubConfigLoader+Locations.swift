import BookingCore
import Foundation
import Yams

extension ClubConfigLoader {
    static func readLocations(_ node: ConfigNode, clubZone: TimeZone) throws -> [Location] {
        let keys = [
            "id", "name", "aliases", "time_zone", "address", "price_per_hour_cents", "hours", "bays", "blackouts",
        ]
        let elements = try node.sequence()
        guard !elements.isEmpty else { throw node.error("list at least one location") }
        var locations: [Location] = []
        // Every id, alias and name a customer might type, so one word never names two locations.
        var names: [String: String] = [:]
        for element in elements {
            let mapping = try element.mapping(allowedKeys: keys)
            let idNode = try mapping.required("id")
            let id = try idNode.identifier()
            guard !locations.contains(where: { $0.id == id }) else {
                throw idNode.error("duplicate location \"\(id)\"")
            }
            let nameNode = try mapping.required("name")
            let name = try nameNode.string()
            var aliases: [String] = []
            var claims: [(String, ConfigNode)] = [(id, idNode), (name.lowercased(), nameNode)]
            if let aliasNode = mapping.optional("aliases") {
                let aliasNodes = aliasNode.isScalar ? [aliasNode] : try aliasNode.sequence()
                for alias in aliasNodes {
                    let text = try alias.string().lowercased()
                    if !aliases.contains(text) && text != id { aliases.append(text) }
                    claims.append((text, alias))
                }
            }
            for (word, claimNode) in claims {
                if let owner = names[word], owner != id {
                    throw claimNode.error("\"\(word)\" already names location \"\(owner)\"")
                }
                names[word] = id
            }
            let zone = try mapping.optional("time_zone").map(readTimeZone) ?? clubZone
            let bays = try readBays(mapping.required("bays"), locationID: id)
            let location = Location(
                id: id,
                name: name,
                aliases: aliases,
                timeZone: zone,
                address: try mapping.optional("address")?.string() ?? "",
                bays: bays,
                hours: try readOpeningHours(mapping.required("hours")),
                blackouts: try mapping.optional("blackouts").map { try readBlackouts($0, bays: bays, zone: zone) }
                    ?? [],
                centsPerHour: try mapping.required("price_per_hour_cents").int(in: 0...1_000_000)
            )
            locations.append(location)
        }
        return locations
    }

    static func readBays(_ node: ConfigNode, locationID: String) throws -> [Bay] {
        let elements = try node.sequence()
        guard !elements.isEmpty else { throw node.error("list at least one bay") }
        var bays: [Bay] = []
        for element in elements {
            let mapping = try element.mapping(allowedKeys: ["number", "capacity", "simulator", "device_id"])
            let numberNode = try mapping.required("number")
            let number = try numberNode.int(in: 1...999)
            guard !bays.contains(where: { $0.number == number }) else {
                throw numberNode.error("duplicate bay number \(number)")
            }
            let bay = Bay(
                number: number,
                capacity: try mapping.required("capacity").int(in: 1...6),
                simulator: try mapping.optional("simulator")?.string() ?? "TrackMan",
                deviceID: try mapping.optional("device_id")?.string()
            )
            bays.append(bay)
        }
        return bays
    }

    static func readBlackouts(_ node: ConfigNode, bays: [Bay], zone: TimeZone) throws -> [Blackout] {
        var blackouts: [Blackout] = []
        for element in try node.sequence() {
            let mapping = try element.mapping(allowedKeys: ["reason", "description", "start", "end", "day", "bays"])
            let reasonNode = try mapping.required("reason")
            let reasonText = try reasonNode.string()
            guard let reason = Blackout.Reason(rawValue: reasonText) else {
                let choices = Blackout.Reason.allCases.map(\.rawValue).joined(separator: ", ")
                throw reasonNode.error("expected one of \(choices), got \"\(reasonText.prefix(40))\"")
            }
            let interval = try readBlackoutInterval(mapping, zone: zone)
            var affected: [Int]?
            if let baysNode = mapping.optional("bays") {
                let numberNodes = baysNode.isScalar ? [baysNode] : try baysNode.sequence()
                guard !numberNodes.isEmpty else { throw baysNode.error("list the bays, or leave the key out for all") }
                affected = try numberNodes.map { numberNode in
                    let number = try numberNode.int(in: 1...999)
                    guard bays.contains(where: { $0.number == number }) else {
                        throw numberNode.error("no bay \(number) at this location")
                    }
                    return number
                }
            }
            let description = try mapping.optional("description")?.string() ?? ""
            blackouts.append(Blackout(reason: reason, description: description, interval: interval, bays: affected))
        }
        return blackouts
    }

    /// Either `day:` for a whole local day, or `start:`/`end:` local date-times; `end` may be a bare time.
    private static func readBlackoutInterval(_ mapping: ConfigMapping, zone: TimeZone) throws -> Interval {
        if let dayNode = mapping.optional("day") {
            if let extra = mapping.optional("start") ?? mapping.optional("end") {
                throw extra.error("give either day or start and end, not both")
            }
            let text = try dayNode.string()
            guard let day = LocalDay(text) else {
                throw dayNode.error("expected a date \"YYYY-MM-DD\", got \"\(text.prefix(40))\"")
            }
            return LocalCalendar.span(of: day, in: zone)
        }
        guard mapping.optional("start") != nil else {
            throw mapping.owner.error("missing required key \"start\" (or \"day\" for a whole day)")
        }
        let startNode = try mapping.required("start")
        let (startDay, startMinute) = try readLocalDateTime(startNode)
        let endNode = try mapping.required("end")
        let endText = try endNode.string()
        let end: (LocalDay, Int)
        if let minute = clockMinute(endText) {
            end = (startDay, minute)
        } else {
            end = try readLocalDateTime(endNode)
        }
        let interval = Interval(
            start: LocalCalendar.instant(startDay, minuteOfDay: startMinute, in: zone),
            end: LocalCalendar.instant(end.0, minuteOfDay: end.1, in: zone)
        )
        guard interval.end > interval.start else {
            throw endNode.error("must be after start (\(startDay) \(formatMinute(startMinute)))")
        }
        return interval
    }

    private static func readLocalDateTime(_ node: ConfigNode) throws -> (LocalDay, Int) {
        let text = try node.string()
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, let day = LocalDay(String(parts[0])), let minute = clockMinute(parts[1]) else {
            throw node.error("expected a local date and time \"YYYY-MM-DD HH:MM\", got \"\(text.prefix(40))\"")
        }
        return (day, minute)
    }

    static func formatMinute(_ minute: Int) -> String {
        let hour = minute / 60
        let rest = minute % 60
        return (hour < 10 ? "0" : "") + "\(hour):" + (rest < 10 ? "0" : "") + "\(rest)"
    }
}

extension ConfigNode {
    var isScalar: Bool {
        if case .scalar = node { return true }
        return false
    }
}
