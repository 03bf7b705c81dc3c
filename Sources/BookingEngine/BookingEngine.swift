public import BookingCore
import Foundation

/// The booking rules applied to a store: availability, booking, cancelling, moving and extending.
///
/// Every change reads what the rules need and writes its result inside one store transaction, so
/// two requests for the same bay can never both succeed. The engine holds no state of its own.
public struct BookingEngine: Sendable {
    public let club: Club
    let store: any BookingStore
    let clock: any Clock
    let refs: RefGenerator
    let prices: PriceCalculator

    public init(club: Club, store: any BookingStore, clock: any Clock = SystemClock(), refs: RefGenerator = .random) {
        self.club = club
        self.store = store
        self.clock = clock
        self.refs = refs
        self.prices = PriceCalculator(club: club)
    }

    /// The location a customer named, by id, alias or name.
    public func location(_ name: String) throws(BookingError) -> Location {
        guard let location = club.location(name) else { throw .unknownLocation(name) }
        return location
    }

    /// The price of a slot for a member of `tierID` (the default tier when nil).
    public func quote(location name: String, interval: Interval, tierID: String? = nil) throws -> PriceQuote {
        let location = try location(name)
        let tier = tierID.flatMap { club.tier($0) } ?? club.defaultTier
        return prices.quote(location: location, interval: interval, tier: tier)
    }

    /// Books a slot, or says which rule stopped it and offers up to three slots that would work.
    public func book(_ request: BookingRequest) async throws -> BookingOutcome {
        let now = clock.now()
        return try await store.write { try self.book(request, in: $0, now: now, messageID: nil) }
    }

    /// Cancels a booking; inside the cancellation cut-off it is a late cancellation with no refund.
    public func cancel(ref: String, isStaff: Bool = false) async throws -> Cancellation {
        let now = clock.now()
        return try await store.write { try self.cancel(ref: ref, isStaff: isStaff, in: $0, now: now, messageID: nil) }
    }

    /// Moves a booking to a new slot; when the new slot fails every rule check, the old one is kept.
    public func reschedule(_ request: RescheduleRequest) async throws -> BookingOutcome {
        let now = clock.now()
        return try await store.write { try self.reschedule(request, in: $0, now: now, messageID: nil) }
    }

    /// Makes a booking longer (or shorter) by `minutes`, on the same bay.
    public func extend(ref: String, byMinutes minutes: Int, isStaff: Bool = false) async throws -> BookingOutcome {
        let key = ref.uppercased()
        guard let booking = try await store.read({ try $0.booking(ref: key) }) else {
            throw BookingError.notFound(ref: key)
        }
        return try await reschedule(
            RescheduleRequest(ref: key, minutes: booking.interval.minutes + minutes, isStaff: isStaff)
        )
    }

    /// Runs `command` in one store transaction, then `then` in the same transaction with what came of it.
    ///
    /// The dialogue's driver writes the conversation's next state and the answer to the message there, so
    /// the change, the state and the answer commit together or not at all. `messageID` goes on the change's
    /// audit row. A rule that refuses the command is an outcome, not an error; `then` decides what to write.
    public func run<T: Sendable>(
        _ command: BookingCommand,
        messageID: String?,
        then: @Sendable (any BookingTransaction, CommandOutcome) throws -> T
    ) async throws -> T {
        let now = clock.now()
        return try await store.write { transaction in
            let outcome: CommandOutcome
            do {
                switch command {
                case .book(let request):
                    switch try self.book(request, in: transaction, now: now, messageID: messageID) {
                    case .booked(let booking, _): outcome = .booked(booking)
                    case .rejected(let error, let alternatives): outcome = .rejected(error, alternatives: alternatives)
                    }
                case .cancel(let ref, let isStaff):
                    outcome = .cancelled(
                        try self.cancel(ref: ref, isStaff: isStaff, in: transaction, now: now, messageID: messageID)
                    )
                case .move(let request):
                    switch try self.reschedule(request, in: transaction, now: now, messageID: messageID) {
                    case .booked(let booking, _): outcome = .moved(booking)
                    case .rejected(let error, let alternatives): outcome = .rejected(error, alternatives: alternatives)
                    }
                }
            } catch let error as BookingError {
                // The checks that refuse come before any write, so nothing of the command is in the transaction.
                outcome = .refused(error)
            }
            return try then(transaction, outcome)
        }
    }

    /// Books inside `transaction`: the rules read and the booking written in one step.
    func book(
        _ request: BookingRequest,
        in transaction: any BookingTransaction,
        now: Date,
        messageID: String?
    ) throws -> BookingOutcome {
        let (location, phone, candidate) = try resolve(request)
        let interval = candidate.interval
        if let key = request.idempotencyKey, let earlier = try transaction.booking(idempotencyKey: key) {
            return .booked(earlier, isReplay: true)
        }
        let member = try transaction.member(phone: phone) ?? newMember(phone: phone, name: request.memberName)
        let context = try self.context(
            transaction,
            member: member,
            isStaff: request.isStaff,
            around: candidate,
            excluding: nil,
            now: now
        )
        switch SlotRules.check(candidate, in: context) {
        case .failure(let error):
            return .rejected(error, alternatives: try self.alternatives(transaction, for: candidate, error, context))
        case .success(let bay):
            let price = prices.quote(location: location, interval: interval, tier: context.tier)
            var ref = refs.next()
            while try transaction.booking(ref: ref) != nil { ref = refs.next() }
            let booking = Booking(
                ref: ref,
                locationID: location.id,
                bay: bay,
                interval: interval,
                memberPhone: phone,
                partySize: request.partySize,
                priceCents: price.totalCents,
                channel: request.channel,
                createdAt: now,
                updatedAt: now,
                idempotencyKey: request.idempotencyKey
            )
            if try transaction.member(phone: phone) == nil { try transaction.save(member) }
            try transaction.insert(booking)
            try Self.publish(.created, booking, previous: nil, in: transaction, at: now)
            try transaction.append(
                AuditEntry(
                    at: now,
                    actor: Self.actor(isStaff: request.isStaff, phone: phone),
                    action: "booking.created",
                    bookingRef: ref,
                    details: Self.describe(booking),
                    messageID: messageID
                )
            )
            return .booked(booking, isReplay: false)
        }
    }

    /// Cancels inside `transaction`.
    func cancel(
        ref: String,
        isStaff: Bool,
        in transaction: any BookingTransaction,
        now: Date,
        messageID: String?
    ) throws -> Cancellation {
        let cutoff = Double(club.policies.cancellationCutoffMinutes) * 60
        let key = ref.uppercased()
        guard var booking = try transaction.booking(ref: key) else { throw BookingError.notFound(ref: key) }
        guard booking.status == .confirmed else { throw BookingError.alreadyCancelled(ref: key) }
        guard booking.interval.start > now else { throw BookingError.alreadyStarted(ref: key) }
        let isLate = booking.interval.start.timeIntervalSince(now) < cutoff
        booking.status = .cancelled
        booking.updatedAt = now
        try transaction.update(booking)
        try Self.publish(.cancelled, booking, previous: nil, in: transaction, at: now)
        try transaction.append(
            AuditEntry(
                at: now,
                actor: Self.actor(isStaff: isStaff, phone: booking.memberPhone),
                action: "booking.cancelled",
                bookingRef: key,
                details: isLate ? "late cancellation, no refund" : "refund \(booking.priceCents) cents",
                messageID: messageID
            )
        )
        return Cancellation(booking: booking, isLate: isLate, refundCents: isLate ? 0 : booking.priceCents)
    }

    /// Moves or extends inside `transaction`.
    func reschedule(
        _ request: RescheduleRequest,
        in transaction: any BookingTransaction,
        now: Date,
        messageID: String?
    ) throws -> BookingOutcome {
        let key = request.ref.uppercased()
        let newLocation = try request.location.map { try self.location($0) }
        guard let old = try transaction.booking(ref: key) else { throw BookingError.notFound(ref: key) }
        guard old.status == .confirmed else { throw BookingError.alreadyCancelled(ref: key) }
        guard old.interval.start > now else { throw BookingError.alreadyStarted(ref: key) }
        let location = try newLocation ?? self.location(old.locationID)
        let movesPlace = newLocation != nil && location.id != old.locationID
        let bay = request.bay ?? (movesPlace ? nil : old.bay)
        let start = request.start ?? old.interval.start
        let interval = Interval(start: start, minutes: request.minutes ?? old.interval.minutes)
        let candidate = Candidate(location: location, bay: bay, interval: interval, partySize: old.partySize)
        let member = try transaction.member(phone: old.memberPhone) ?? newMember(phone: old.memberPhone, name: nil)
        let context = try self.context(
            transaction,
            member: member,
            isStaff: request.isStaff,
            around: candidate,
            excluding: old,
            now: now
        )
        switch SlotRules.check(candidate, in: context) {
        case .failure(let error):
            return .rejected(error, alternatives: try self.alternatives(transaction, for: candidate, error, context))
        case .success(let chosenBay):
            var moved = old
            moved.locationID = location.id
            moved.bay = chosenBay
            moved.interval = interval
            moved.priceCents = prices.quote(location: location, interval: interval, tier: context.tier).totalCents
            moved.updatedAt = now
            try transaction.update(moved)
            let isExtension = request.start == nil && request.location == nil && request.bay == nil
            try Self.publish(isExtension ? .extended : .rescheduled, moved, previous: old, in: transaction, at: now)
            try transaction.append(
                AuditEntry(
                    at: now,
                    actor: Self.actor(isStaff: request.isStaff, phone: old.memberPhone),
                    action: isExtension ? "booking.extended" : "booking.rescheduled",
                    bookingRef: key,
                    details: "from \(Self.describe(old)) to \(Self.describe(moved))",
                    messageID: messageID
                )
            )
            return .booked(moved, isReplay: false)
        }
    }

    /// A member's bookings that have not ended, soonest first (all of them with `includePast`).
    public func bookings(memberPhone: String, includePast: Bool = false) async throws -> [Booking] {
        guard let phone = PhoneNumber.e164(memberPhone) else { throw BookingError.invalidPhone(memberPhone) }
        let now = clock.now()
        let from = includePast ? Date(timeIntervalSince1970: 0) : now
        return try await store.read { reader in
            try reader.bookings(memberPhone: phone, overlapping: Interval(start: from, end: .distantFuture))
                .filter { includePast || $0.status == .confirmed }
        }
    }

    /// Every booking on a local day at any location (all statuses), by start then location and bay.
    public func bookings(on day: LocalDay) async throws -> [Booking] {
        let span = LocalCalendar.span(of: day, in: club.timeZone)
        return try await store.read { try $0.bookings(overlapping: span) }
            .filter { $0.interval.start >= span.start }
            .sorted { ($0.interval.start, $0.locationID, $0.bay) < ($1.interval.start, $1.locationID, $1.bay) }
    }

    /// The change message `messageID` asked for, with the booking as it is now; nil when it made none.
    ///
    /// How a webhook retried after a crash answers with the booking its first attempt made.
    public func change(madeBy messageID: String) async throws -> (entry: AuditEntry, booking: Booking)? {
        try await store.read { reader in
            guard let entry = try reader.auditEntry(messageID: messageID), let ref = entry.bookingRef,
                let booking = try reader.booking(ref: ref)
            else { return nil }
            return (entry, booking)
        }
    }

    /// One booking by its reference.
    public func booking(ref: String) async throws -> Booking? {
        let key = ref.uppercased()
        return try await store.read { try $0.booking(ref: key) }
    }

    // MARK: - Helpers

    /// The location, the member's E.164 phone and the slot a request asks for.
    func resolve(_ request: BookingRequest) throws -> (Location, String, Candidate) {
        let location = try location(request.location)
        guard let phone = PhoneNumber.e164(request.memberPhone) else {
            throw BookingError.invalidPhone(request.memberPhone)
        }
        let interval = Interval(start: request.start, minutes: request.minutes)
        let candidate = Candidate(
            location: location,
            bay: request.bay,
            interval: interval,
            partySize: request.partySize
        )
        return (location, phone, candidate)
    }

    func newMember(phone: String, name: String?) -> Member {
        Member(phone: phone, name: name ?? "", tierID: club.defaultTier?.id ?? club.policies.defaultTierID)
    }

    func tier(for member: Member) -> Tier {
        club.tier(member.tierID) ?? club.defaultTier
            ?? Tier(
                id: "non_member",
                name: "Non-member",
                maxMinutes: 60,
                advanceDays: 7,
                maxActiveBookings: 1,
                maxHoursPerWeek: 2
            )
    }

    /// Reads the rule context: the member's bookings and every location's bookings near the slot.
    func context(
        _ reader: any BookingReader,
        member: Member,
        isStaff: Bool,
        around candidate: Candidate,
        excluding moved: Booking?,
        now: Date
    ) throws -> RuleContext {
        let memberWindow = Interval(
            start: min(now, candidate.interval.start).addingTimeInterval(-8 * 86_400),
            end: .distantFuture
        )
        let own = try reader.bookings(memberPhone: member.phone, overlapping: memberWindow)
            .filter { $0.status == .confirmed && $0.ref != moved?.ref }
        let buffer = club.policies.bufferMinutes
        let window = candidate.interval.widened(byMinutes: buffer)
        let location = candidate.location.id
        let nearby = try reader.busySpans(locationID: location, overlapping: window).removing(moved, at: location)
        return RuleContext(
            club: club,
            now: now,
            member: member,
            tier: tier(for: member),
            isStaff: isStaff,
            memberBookings: own,
            busy: [location: nearby],
            moved: moved
        )
    }

    /// Writes the change's event into the outbox, in the change's own transaction.
    static func publish(
        _ kind: BookingEvent.Kind,
        _ booking: Booking,
        previous: Booking?,
        in transaction: any BookingTransaction,
        at now: Date
    ) throws {
        let number = try transaction.eventCount(bookingRef: booking.ref) + 1
        try transaction.enqueue(
            BookingEvent(
                id: "\(booking.ref):\(kind.rawValue):\(number)",
                kind: kind,
                occurredAt: now,
                booking: booking,
                previousInterval: previous?.interval,
                previousLocationID: previous?.locationID,
                previousBay: previous?.bay
            )
        )
    }

    static func actor(isStaff: Bool, phone: String) -> String {
        isStaff ? "staff" : "member:\(phone)"
    }

    static func describe(_ booking: Booking) -> String {
        let start = Int(booking.interval.start.timeIntervalSince1970)
        let end = Int(booking.interval.end.timeIntervalSince1970)
        return "\(booking.locationID) bay \(booking.bay) [\(start), \(end)) party \(booking.partySize)"
    }
}
