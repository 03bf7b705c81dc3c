import BookingCore
import Foundation
import Yams

extension ClubConfigLoader {
    static let topLevelKeys = ["name", "time_zone", "policies", "pricing", "tiers", "locations", "members"]

    static func readClubFile(_ root: ConfigNode) throws -> ClubFile {
        let top = try root.mapping(allowedKeys: topLevelKeys)
        let name = try top.required("name").string()
        let timeZone = try readTimeZone(top.required("time_zone"))
        let policiesNode = top.optional("policies")
        let policies = try policiesNode.map(readPolicies) ?? Policies()
        let pricing = try top.optional("pricing").map(readPricing) ?? Pricing()
        let tiers = try readTiers(top.required("tiers"), policies: policies)
        guard tiers.contains(where: { $0.id == policies.defaultTierID }) else {
            let node = (try? policiesNode?.anyMapping().optional("default_tier")) ?? nil
            let problem = "no tier \"\(policies.defaultTierID)\""
            throw node?.error(problem)
                ?? ConfigError(file: root.file, keyPath: "policies.default_tier", problem: problem)
        }
        let locations = try readLocations(top.required("locations"), clubZone: timeZone)
        let club = Club(
            name: name,
            timeZone: timeZone,
            locations: locations,
            tiers: tiers,
            policies: policies,
            pricing: pricing
        )
        let members = try top.optional("members").map { try readMembers($0, club: club) } ?? []
        return ClubFile(club: club, members: members)
    }

    static func readTimeZone(_ node: ConfigNode) throws -> TimeZone {
        let identifier = try node.string()
        // Abbreviations such as "AST" resolve too, but they hide DST rules, so only region ids are allowed.
        if identifier.contains("/") || identifier == "UTC", let zone = TimeZone(identifier: identifier) {
            return zone
        }
        var problem = "unknown time zone \"\(identifier.prefix(60))\"; use an IANA id such as \"America/Halifax\""
        let regions = TimeZone.knownTimeZoneIdentifiers.filter { $0.contains("/") }
        if identifier.contains("/"), let guess = closestMatch(to: identifier, among: regions) {
            problem = "unknown time zone \"\(identifier.prefix(60))\" (did you mean \"\(guess)\"?)"
        }
        throw node.error(problem)
    }

    static func readPolicies(_ node: ConfigNode) throws -> Policies {
        let keys = [
            "grid_minutes", "minimum_minutes", "last_minute_cutoff_minutes", "cancellation_cutoff_minutes",
            "buffer_minutes", "early_access_tag", "early_access_advance_days", "default_tier",
            "conversation_expiry_minutes",
        ]
        let mapping = try node.mapping(allowedKeys: keys)
        var policies = Policies()
        if let grid = mapping.optional("grid_minutes") {
            policies.gridMinutes = try grid.int(in: 5...60)
            guard 60 % policies.gridMinutes == 0 else {
                throw grid.error("must divide an hour evenly (5, 10, 15, 20, 30 or 60), got \(policies.gridMinutes)")
            }
        }
        if let minimum = mapping.optional("minimum_minutes") {
            policies.minimumMinutes = try minimum.int(in: 1...1440)
        }
        guard policies.minimumMinutes % policies.gridMinutes == 0 else {
            let problem = "must be a multiple of grid_minutes (\(policies.gridMinutes)), got \(policies.minimumMinutes)"
            throw (mapping.optional("minimum_minutes") ?? node.child("minimum_minutes", node.node)).error(problem)
        }
        if let cutoff = mapping.optional("last_minute_cutoff_minutes") {
            policies.lastMinuteCutoffMinutes = try cutoff.int(in: 0...1440)
        }
        if let cutoff = mapping.optional("cancellation_cutoff_minutes") {
            policies.cancellationCutoffMinutes = try cutoff.int(in: 0...10_080)
        }
        if let buffer = mapping.optional("buffer_minutes") {
            policies.bufferMinutes = try buffer.int(in: 0...240)
        }
        if let tag = mapping.optional("early_access_tag") {
            policies.earlyAccessTag = try readTag(tag)
        }
        if let days = mapping.optional("early_access_advance_days") {
            policies.earlyAccessAdvanceDays = try days.int(in: 0...366)
        }
        if let tier = mapping.optional("default_tier") {
            policies.defaultTierID = try tier.identifier()
        }
        if let expiry = mapping.optional("conversation_expiry_minutes") {
            policies.conversationExpiryMinutes = try expiry.int(in: 1...10_080)
        }
        return policies
    }

    static func readPricing(_ node: ConfigNode) throws -> Pricing {
        let mapping = try node.mapping(allowedKeys: ["peak", "early_bird", "late_night"])
        var pricing = Pricing()
        if let peakNode = mapping.optional("peak") {
            let peak = try peakNode.mapping(allowedKeys: ["percent", "weekdays_from", "weekends_all_day"])
            if let percent = peak.optional("percent") { pricing.peakPercent = try percent.int(in: 0...100) }
            if let start = peak.optional("weekdays_from") {
                pricing.weekdayPeakStartMinute = try readClockTime(start, allowing24: true)
            }
            if let weekends = peak.optional("weekends_all_day") { pricing.weekendsArePeak = try weekends.bool() }
        }
        if let window = mapping.optional("early_bird") {
            pricing.earlyBird = try readPriceWindow(window, default: pricing.earlyBird)
        }
        if let window = mapping.optional("late_night") {
            pricing.lateNight = try readPriceWindow(window, default: pricing.lateNight)
        }
        return pricing
    }

    private static func readPriceWindow(_ node: ConfigNode, default window: PriceWindow) throws -> PriceWindow {
        let mapping = try node.mapping(allowedKeys: ["percent_off", "from", "to"])
        var window = window
        if let percent = mapping.optional("percent_off") { window.percentOff = try percent.int(in: 0...100) }
        if let from = mapping.optional("from") { window.startMinute = try readClockTime(from, allowing24: false) }
        if let to = mapping.optional("to") { window.endMinute = try readClockTime(to, allowing24: true) }
        guard window.startMinute != window.endMinute else {
            throw node.error("from and to are the same time; the window would be empty")
        }
        return window
    }

    static func readTiers(_ node: ConfigNode, policies: Policies) throws -> [Tier] {
        let keys = [
            "id", "name", "tags", "max_minutes", "advance_days", "max_active_bookings", "max_hours_per_week",
            "discount_percent",
        ]
        var tiers: [Tier] = []
        let elements = try node.sequence()
        guard !elements.isEmpty else { throw node.error("list at least one tier") }
        for element in elements {
            let mapping = try element.mapping(allowedKeys: keys)
            let idNode = try mapping.required("id")
            let id = try idNode.identifier()
            guard !tiers.contains(where: { $0.id == id }) else { throw idNode.error("duplicate tier \"\(id)\"") }
            let maxNode = try mapping.required("max_minutes")
            let maxMinutes = try maxNode.int(in: 1...1440)
            guard maxMinutes >= policies.minimumMinutes else {
                throw maxNode.error("must be at least minimum_minutes (\(policies.minimumMinutes)), got \(maxMinutes)")
            }
            guard maxMinutes % policies.gridMinutes == 0 else {
                throw maxNode.error("must be a multiple of grid_minutes (\(policies.gridMinutes)), got \(maxMinutes)")
            }
            let tier = Tier(
                id: id,
                name: try mapping.required("name").string(),
                tags: try mapping.optional("tags").map { try readTags($0) } ?? [],
                maxMinutes: maxMinutes,
                advanceDays: try mapping.required("advance_days").int(in: 0...366),
                maxActiveBookings: try mapping.required("max_active_bookings").int(in: 1...100),
                maxHoursPerWeek: try mapping.required("max_hours_per_week").int(in: 1...168),
                discountPercent: try mapping.optional("discount_percent")?.int(in: 0...100) ?? 0
            )
            tiers.append(tier)
        }
        return tiers
    }

    static func readTags(_ node: ConfigNode) throws -> [String] {
        if case .scalar = node.node { return [try readTag(node)] }
        return try node.sequence().map(readTag)
    }

    /// Tags are matched exactly, so one spelling (`EARLY_ACCESS`) is enforced to avoid near-miss tags.
    static func readTag(_ node: ConfigNode) throws -> String {
        let text = try node.string()
        guard text.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
        else { throw node.error("tags use only capital letters, digits and _, got \"\(text.prefix(40))\"") }
        return text
    }

    /// `HH:MM` as minutes after midnight; `24:00` only where it means the end of a day.
    static func readClockTime(_ node: ConfigNode, allowing24: Bool) throws -> Int {
        let text = try node.string()
        guard let minute = clockMinute(text), minute < 1440 || (allowing24 && minute == 1440) else {
            throw node.error("expected a time \"HH:MM\" (24-hour clock), got \"\(text.prefix(40))\"")
        }
        return minute
    }

    /// Minutes after midnight for strict `HH:MM` text, up to `24:00`.
    static func clockMinute<S: StringProtocol>(_ text: S) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), minute < 60
        else { return nil }
        guard hour < 24 || (hour == 24 && minute == 0) else { return nil }
        return hour * 60 + minute
    }
}
