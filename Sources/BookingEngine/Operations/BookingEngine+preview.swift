public import BookingCore
import Foundation

/// What a request would get if it were made now.
///
/// A concrete slot and price, or the refusal with alternatives. Nothing is written; the dialogue
/// shows this before asking for a YES.
public enum PreviewOutcome: Sendable, Equatable {
    case available(Proposal)
    case rejected(BookingError, alternatives: [Proposal])
}

extension BookingEngine {
    /// Checks a booking request against every rule without booking it.
    public func preview(_ request: BookingRequest) async throws -> PreviewOutcome {
        let (_, phone, candidate) = try resolve(request)
        let now = clock.now()
        return try await store.read { reader in
            let member = try reader.member(phone: phone) ?? self.newMember(phone: phone, name: request.memberName)
            let context = try self.context(
                reader,
                member: member,
                isStaff: request.isStaff,
                around: candidate,
                excluding: nil,
                now: now
            )
            return try self.judge(candidate, reader, context)
        }
    }

    /// Checks a move of an existing booking without making it.
    public func preview(_ request: RescheduleRequest) async throws -> PreviewOutcome {
        let now = clock.now()
        let key = request.ref.uppercased()
        let newLocation = try request.location.map { try location($0) }
        return try await store.read { reader in
            guard let old = try reader.booking(ref: key) else { throw BookingError.notFound(ref: key) }
            guard old.status == .confirmed else { throw BookingError.alreadyCancelled(ref: key) }
            guard old.interval.start > now else { throw BookingError.alreadyStarted(ref: key) }
            let location = try newLocation ?? self.location(old.locationID)
            let movesPlace = newLocation != nil && location.id != old.locationID
            let interval = Interval(
                start: request.start ?? old.interval.start,
                minutes: request.minutes ?? old.interval.minutes
            )
            let candidate = Candidate(
                location: location,
                bay: request.bay ?? (movesPlace ? nil : old.bay),
                interval: interval,
                partySize: old.partySize
            )
            let member = try reader.member(phone: old.memberPhone) ?? self.newMember(phone: old.memberPhone, name: nil)
            let context = try self.context(
                reader,
                member: member,
                isStaff: request.isStaff,
                around: candidate,
                excluding: old,
                now: now
            )
            return try self.judge(candidate, reader, context)
        }
    }

    /// The member with this phone, if the club knows them.
    public func member(phone: String) async throws -> Member? {
        guard let key = PhoneNumber.e164(phone) else { return nil }
        return try await store.read { try $0.member(phone: key) }
    }

    /// The tier a member books under (the default tier for a phone the club does not know).
    public func tier(forPhone phone: String) async throws -> Tier {
        let member = try await self.member(phone: phone)
        return tier(for: member ?? newMember(phone: phone, name: nil))
    }

    private func judge(
        _ candidate: Candidate,
        _ reader: any BookingReader,
        _ context: RuleContext
    ) throws
        -> PreviewOutcome
    {
        switch SlotRules.check(candidate, in: context) {
        case .failure(let error):
            return .rejected(error, alternatives: try alternatives(reader, for: candidate, error, context))
        case .success(let bay):
            let price = prices.quote(location: candidate.location, interval: candidate.interval, tier: context.tier)
            return .available(
                Proposal(
                    locationID: candidate.location.id,
                    bay: bay,
                    interval: candidate.interval,
                    priceCents: price.totalCents
                )
            )
        }
    }
}
