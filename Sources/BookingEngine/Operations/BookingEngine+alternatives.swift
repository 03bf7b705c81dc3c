import BookingCore
import Foundation

extension BookingEngine {
    /// How far from the requested start the engine looks for the same bay at another time.
    static let alternativeSearchHours = 12
    static let maximumAlternatives = 3

    /// Up to three slots that pass every rule, ranked: the same bay nearest in time, another bay
    /// at the same location and time, another location at the same time; then the next of each.
    ///
    /// Ties in time go to the later slot: someone who asked for 7 can more often come at 7:30
    /// than at 6:30. Nothing is proposed when the problem is not the slot (a tier limit, say).
    func alternatives(
        _ reader: any BookingReader,
        for request: Candidate,
        _ error: BookingError,
        _ base: RuleContext
    ) throws -> [Proposal] {
        guard error.isAboutTheSlot else { return [] }
        let hours = Double(Self.alternativeSearchHours) * 3600
        var busy: [String: [BaySpan]] = [:]
        for location in club.locations {
            let window =
                location.id == request.location.id
                ? Interval(
                    start: request.interval.start.addingTimeInterval(-hours),
                    end: request.interval.end.addingTimeInterval(hours)
                )
                : request.interval
            busy[location.id] = try reader.busySpans(
                locationID: location.id,
                overlapping: window.widened(byMinutes: club.policies.bufferMinutes)
            ).removing(base.moved, at: location.id)
        }
        let context = RuleContext(
            club: base.club,
            now: base.now,
            member: base.member,
            tier: base.tier,
            isStaff: base.isStaff,
            memberBookings: base.memberBookings,
            busy: busy,
            moved: base.moved
        )
        let ranked = [
            nearestInTime(request, context),
            otherBays(request, context),
            otherLocations(request, context),
        ]
        var proposals: [Proposal] = []
        var round = 0
        while proposals.count < Self.maximumAlternatives, ranked.contains(where: { $0.count > round }) {
            for group in ranked where round < group.count && proposals.count < Self.maximumAlternatives {
                if !proposals.contains(group[round]) { proposals.append(group[round]) }
            }
            round += 1
        }
        return proposals
    }

    private func nearestInTime(_ request: Candidate, _ context: RuleContext) -> [Proposal] {
        let grid = club.policies.gridMinutes
        let steps = Self.alternativeSearchHours * 60 / grid
        var found: [Proposal] = []
        for step in 1...max(steps, 1) {
            for direction in [1, -1] {
                let offset = Double(direction * step * grid) * 60
                let moved = Interval(
                    start: request.interval.start.addingTimeInterval(offset),
                    end: request.interval.end.addingTimeInterval(offset)
                )
                let candidate = Candidate(
                    location: request.location,
                    bay: request.bay,
                    interval: moved,
                    partySize: request.partySize
                )
                if let proposal = proposal(for: candidate, context) { found.append(proposal) }
                if found.count == Self.maximumAlternatives { return found }
            }
        }
        return found
    }

    private func otherBays(_ request: Candidate, _ context: RuleContext) -> [Proposal] {
        guard let requested = request.bay else { return [] }
        return request.location.bays.map(\.number).sorted().filter { $0 != requested }.compactMap { bay in
            proposal(
                for: Candidate(
                    location: request.location,
                    bay: bay,
                    interval: request.interval,
                    partySize: request.partySize
                ),
                context
            )
        }
    }

    /// Other locations in the same time zone.
    ///
    /// A customer in Bedford can drive to Dartmouth, but a location a zone away is no alternative
    /// for tonight.
    private func otherLocations(_ request: Candidate, _ context: RuleContext) -> [Proposal] {
        let zone = request.location.timeZone.identifier
        let nearby = club.locations.filter { $0.id != request.location.id && $0.timeZone.identifier == zone }
        return nearby.compactMap { location in
            proposal(
                for: Candidate(location: location, bay: nil, interval: request.interval, partySize: request.partySize),
                context
            )
        }
    }

    private func proposal(for candidate: Candidate, _ context: RuleContext) -> Proposal? {
        guard case .success(let bay) = SlotRules.check(candidate, in: context) else { return nil }
        let price = prices.quote(location: candidate.location, interval: candidate.interval, tier: context.tier)
        return Proposal(
            locationID: candidate.location.id,
            bay: bay,
            interval: candidate.interval,
            priceCents: price.totalCents
        )
    }
}
