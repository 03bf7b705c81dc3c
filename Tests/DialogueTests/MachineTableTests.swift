import BookingCore
import BookingEngine
import ClubConfig
import Foundation
import TestSupport
import Testing
import Understanding

@testable import Dialogue

/// The conversation machine as tables of cases: a state and a message in, actions out.
///
/// No store, engine or parser: messages are built as the parser would read them, and a small world
/// answers the facts the machine asks for. Expectations are the behaviour the rows state, worked out by
/// hand from what a customer would expect, not read back from the machine.
@Suite("Conversation machine, table-driven")
struct MachineTableTests {
    // MARK: - The world the rows run in

    /// Wednesday 2026-11-25 10:00 in Halifax.
    static let now = TestClub.at(2026, 11, 25, 10, 0)
    static let zone = TimeZone(identifier: "America/Halifax") ?? .current
    static let club: Club? = DialogueHarness.club?.club
    static let alex = Identity.customer(phone: "902-555-0101", channel: "sms")
    static let alexPhone = "+19025550101"

    static func machine(unknownLimit: Int = 2) throws -> ConversationMachine {
        guard let club else { throw HarnessError.missing("Config/club.yaml") }
        return ConversationMachine(club: club, wording: try DialogueHarness.wording, unknownLimit: unknownLimit)
    }

    /// 2026-11-`day` at `hour`:`minute` in Halifax.
    static func at(_ day: Int, _ hour: Int, _ minute: Int = 0) -> Date { TestClub.at(2026, 11, day, hour, minute) }

    static func message(
        _ intent: Intent,
        _ slots: Slots = Slots(),
        as identity: Identity = alex,
        at now: Date = now
    )
        -> Message
    {
        Message(
            parse: Parse(text: "(\(intent.rawValue))", intent: intent, confidence: 0.9, slots: slots),
            identity: identity,
            now: now
        )
    }

    static func booking(_ ref: String, _ location: String = "bedford", start: Date, minutes: Int = 60) -> Booking {
        Booking(
            ref: ref,
            locationID: location,
            bay: 1,
            interval: Interval(start: start, minutes: minutes),
            memberPhone: alexPhone,
            partySize: 2,
            priceCents: 5000,
            channel: "sms",
            createdAt: now,
            updatedAt: now
        )
    }

    /// What the world answers; a row changes what it needs.
    struct World {
        var bookings: [Booking] = []
        var history: [Booking] = []
        var preview: (@Sendable (Interval, String) -> PreviewOutcome)?
        var slots: [Slot]?
        var outcome: CommandOutcome?

        func answer(_ request: FactRequest, message: Message) -> FactValue {
            switch request {
            case .preview(let booking):
                let interval = Interval(start: booking.start, minutes: booking.minutes)
                return .preview(
                    preview?(interval, booking.location)
                        ?? .available(
                            Proposal(
                                locationID: booking.location,
                                bay: booking.bay ?? 1,
                                interval: interval,
                                priceCents: 5000
                            )
                        )
                )
            case .previewMove(let move):
                let old = bookings.first { $0.ref == move.ref }
                let start = move.start ?? old?.interval.start ?? MachineTableTests.now
                let minutes = move.minutes ?? old?.interval.minutes ?? 60
                return .preview(
                    .available(
                        Proposal(
                            locationID: move.location ?? old?.locationID ?? "bedford",
                            bay: 1,
                            interval: Interval(start: start, minutes: minutes),
                            priceCents: 5000
                        )
                    )
                )
            case .availability(let query):
                let free =
                    slots
                    ?? (0..<6).map { step in
                        let start = (query.window?.start ?? MachineTableTests.at(26, 9)).addingTimeInterval(
                            Double(step) * 1800
                        )
                        return Slot(
                            locationID: query.location,
                            bay: 1,
                            interval: Interval(start: start, minutes: query.minutes),
                            priceCents: 5000
                        )
                    }
                return .slots(free)
            case .bookings(_, let includePast):
                return .bookings(includePast ? history + bookings : bookings)
            case .booking(let ref):
                return .booking(bookings.first { $0.ref == ref.uppercased() })
            case .tier:
                return .tier(nil)
            case .quote:
                return .quote(PriceQuote(lines: [], tierDiscountCents: 0, totalCents: 5000))
            case .reading(let reference, let zone, _):
                // The same words on the reference day: the clock time kept, the day moved.
                var parse = message.parse
                if let start = parse.slots.start {
                    let minute = LocalCalendar.minuteOfDay(start, in: zone)
                    parse.slots.start = LocalCalendar.instant(
                        LocalDay(containing: reference, in: zone),
                        minuteOfDay: minute,
                        in: zone
                    )
                }
                return .reading(parse)
            case .outcome(let command):
                if let outcome { return .outcome(outcome) }
                switch command {
                case .book(let request):
                    return .outcome(
                        .booked(
                            Booking(
                                ref: "NEW-001",
                                locationID: request.location,
                                bay: request.bay ?? 1,
                                interval: Interval(start: request.start, minutes: request.minutes),
                                memberPhone: MachineTableTests.alexPhone,
                                partySize: request.partySize,
                                priceCents: 5000,
                                channel: "sms",
                                createdAt: MachineTableTests.now,
                                updatedAt: MachineTableTests.now
                            )
                        )
                    )
                case .cancel(let ref, _):
                    let booking =
                        bookings.first { $0.ref == ref }
                        ?? MachineTableTests.booking(ref, start: MachineTableTests.at(27, 20))
                    var cancelled = booking
                    cancelled.status = .cancelled
                    return .outcome(.cancelled(Cancellation(booking: cancelled, isLate: false, refundCents: 5000)))
                case .move(let move):
                    var moved =
                        bookings.first { $0.ref == move.ref }
                        ?? MachineTableTests.booking(move.ref, start: MachineTableTests.at(27, 20))
                    if let start = move.start {
                        moved.interval = Interval(start: start, minutes: moved.interval.minutes)
                    }
                    if let minutes = move.minutes {
                        moved.interval = Interval(start: moved.interval.start, minutes: minutes)
                    }
                    return .outcome(.moved(moved))
                }
            }
        }
    }

    /// What one message did: the facts it asked for, the change it ran, and its reply.
    struct Trace {
        var requests: [FactRequest] = []
        var command: BookingCommand?
        var reply: Reply?
        var actions: [Action] = []
        var state: MachineState

        var text: String { reply?.text ?? "" }
        var phase: Phase? { reply?.phase }

        /// Which kinds of fact were asked for, in order: "preview", "bookings", ...
        var kinds: [String] {
            requests.map { request in
                switch request {
                case .preview: "preview"
                case .previewMove: "previewMove"
                case .availability: "availability"
                case .bookings: "bookings"
                case .booking: "booking"
                case .tier: "tier"
                case .quote: "quote"
                case .reading: "reading"
                case .outcome: "outcome"
                }
            }
        }
    }

    /// Runs one message through the machine, answering its requests from `world`, as the driver would.
    static func turn(
        _ machine: ConversationMachine,
        _ state: MachineState,
        _ message: Message,
        world: World = World()
    ) -> Trace {
        var (state, actions) = machine.step(state, .message(message))
        var trace = Trace(state: state)
        for _ in 0..<20 {
            trace.actions = actions
            if let reply = actions.reply {
                trace.reply = reply
                break
            }
            if let command = actions.command {
                trace.command = command
                let request = FactRequest.outcome(command)
                (state, actions) = machine.step(state, .fact(Fact(request, world.answer(request, message: message))))
                continue
            }
            guard let request = actions.request else { break }
            trace.requests.append(request)
            (state, actions) = machine.step(state, .fact(Fact(request, world.answer(request, message: message))))
        }
        trace.state = state
        return trace
    }

    /// Runs messages one after another, each from the state the last one left.
    static func conversation(
        _ machine: ConversationMachine,
        _ messages: [Message],
        world: World = World()
    ) -> [Trace] {
        var state = MachineState()
        return messages.map { message in
            let trace = turn(machine, state, message, world: world)
            state = trace.state
            return trace
        }
    }

    // MARK: - A. Slot filling for a booking request

    enum TimeForm: String, CaseIterable, Sendable {
        case none, dayOnly, start, window
    }

    /// Friday as the time form says it: the day, 7 pm that day, or 6-10 pm that day.
    static func sayFriday(_ time: TimeForm, in slots: inout Slots) {
        guard time != .none else { return }
        slots.date = LocalDay(containing: at(27, 12), in: zone)
        if time == .start { slots.start = at(27, 19) }
        if time == .window { (slots.windowStart, slots.windowEnd) = (at(27, 18), at(27, 22)) }
    }

    struct FillingRow: Sendable, CustomTestStringConvertible {
        var location: String?
        var time: TimeForm
        var party: Int?
        var minutes: Int?
        var testDescription: String {
            "\(location ?? "no location"), \(time.rawValue), party \(party.map(String.init) ?? "-"), \(minutes.map(String.init) ?? "-") min"
        }
    }

    static let fillingRows: [FillingRow] = {
        var rows: [FillingRow] = []
        for location in [nil, "bedford", "dartmouth", "halifax"] as [String?] {
            for time in TimeForm.allCases {
                for party in [nil, 1, 4] as [Int?] {
                    for minutes in [nil, 120] as [Int?] {
                        rows.append(FillingRow(location: location, time: time, party: party, minutes: minutes))
                    }
                }
            }
        }
        return rows
    }()

    /// With nothing known about the customer's usual location: without a location the agent asks which;
    /// with a location but no time, asks when; with a start it checks the slot and asks for a YES; with a
    /// window it searches and lists numbered options.
    @Test(arguments: fillingRows)
    func aBookingAsksForWhatIsMissing(_ row: FillingRow) throws {
        let machine = try Self.machine()
        var slots = Slots(durationMinutes: row.minutes, partySize: row.party, location: row.location)
        Self.sayFriday(row.time, in: &slots)
        let trace = Self.turn(machine, MachineState(), Self.message(.book, slots))
        guard row.location != nil else {
            #expect(trace.kinds == ["bookings"], "the usual location is looked up first")
            #expect(trace.phase == .collecting)
            #expect(trace.text.contains("Which location"), "\(trace.text)")
            return
        }
        switch row.time {
        case .none, .dayOnly:
            #expect(trace.kinds.isEmpty)
            #expect(trace.phase == .collecting)
            #expect(trace.text.contains("What time") || trace.text.contains("What day and time"), "\(trace.text)")
        case .start:
            #expect(trace.kinds == ["preview"])
            #expect(trace.phase == .confirming)
            #expect(trace.text.contains("Reply YES to book"), "\(trace.text)")
            #expect(trace.text.contains("7:00-") && trace.text.contains("Fri Nov 27"), "\(trace.text)")
            if let party = row.party, party > 1 { #expect(trace.text.contains("\(party) players")) }
            if row.minutes == 120 { #expect(trace.text.contains("7:00-9:00 pm"), "\(trace.text)") }
        case .window:
            #expect(trace.kinds == ["availability"])
            #expect(trace.phase == .choosing)
            #expect(trace.text.contains("1)") && trace.text.contains("Reply with a number"), "\(trace.text)")
        }
        #expect(trace.command == nil, "nothing is booked without a YES")
    }

    /// Staff must say which member a booking is for before anything is checked.
    @Test(arguments: ["bedford", "dartmouth", "halifax"], TimeForm.allCases)
    func staffAreAskedForTheMembersPhoneFirst(_ location: String, _ time: TimeForm) throws {
        let machine = try Self.machine()
        var slots = Slots(location: location)
        Self.sayFriday(time, in: &slots)
        let trace = Self.turn(machine, MachineState(), Self.message(.book, slots, as: .staff))
        #expect(trace.kinds.isEmpty)
        #expect(trace.phase == .collecting)
        #expect(trace.text.contains("Which member"), "\(trace.text)")
    }

    /// Staff who give the member's phone go on exactly as the customer would.
    @Test(arguments: ["bedford", "dartmouth", "halifax"], TimeForm.allCases)
    func staffWhoNameTheMemberGoOn(_ location: String, _ time: TimeForm) throws {
        let machine = try Self.machine()
        var slots = Slots(location: location, phone: "902-555-0101")
        Self.sayFriday(time, in: &slots)
        let trace = Self.turn(machine, MachineState(), Self.message(.book, slots, as: .staff))
        switch time {
        case .none, .dayOnly: #expect(trace.phase == .collecting && trace.text.contains("What"), "\(trace.text)")
        case .start: #expect(trace.phase == .confirming && trace.text.hasPrefix("For +19025550101: "), "\(trace.text)")
        case .window: #expect(trace.phase == .choosing, "\(trace.text)")
        }
    }

    /// A ClubOS thread opened from a location is the conversation's location: no "which location?", and
    /// no lookup of the usual one.
    @Test(arguments: ["bedford", "dartmouth", "halifax"], TimeForm.allCases)
    func theThreadsLocationFillsTheLocation(_ location: String, _ time: TimeForm) throws {
        let machine = try Self.machine()
        var slots = Slots()
        Self.sayFriday(time, in: &slots)
        let identity = Identity.customer(phone: "902-555-0101", channel: "clubos", location: location)
        let trace = Self.turn(machine, MachineState(), Self.message(.book, slots, as: identity))
        #expect(!trace.kinds.contains("bookings"))
        #expect(!trace.text.contains("Which location"), "\(trace.text)")
        let name = location.prefix(1).uppercased() + location.dropFirst()
        switch time {
        case .none, .dayOnly: #expect(trace.phase == .collecting && trace.text.contains(name), "\(trace.text)")
        case .start: #expect(trace.phase == .confirming && trace.text.contains("at \(name)"), "\(trace.text)")
        case .window: #expect(trace.phase == .choosing && trace.text.contains("at \(name)"), "\(trace.text)")
        }
    }

    /// A regular who names no location books where they booked last.
    @Test(arguments: ["bedford", "dartmouth", "halifax"], [TimeForm.start, .window])
    func aRegularBooksWhereTheyBookedLast(_ location: String, _ time: TimeForm) throws {
        let machine = try Self.machine()
        var world = World()
        world.history = [Self.booking("OLD-1", location, start: Self.at(20, 19))]
        var slots = Slots(date: LocalDay(containing: Self.at(27, 12), in: Self.zone))
        if time == .start {
            slots.start = Self.at(27, 19)
        } else {
            (slots.windowStart, slots.windowEnd) = (Self.at(27, 18), Self.at(27, 22))
        }
        let trace = Self.turn(machine, MachineState(), Self.message(.book, slots), world: world)
        let name = location.prefix(1).uppercased() + location.dropFirst()
        #expect(trace.kinds.first == "bookings")
        #expect(trace.text.contains("at \(name)"), "\(trace.text)")
        #expect(trace.phase == (time == .start ? .confirming : .choosing))
    }

    /// "actually make it 8" while a summary waits: the new time is checked and summarised, never booked.
    @Test(arguments: [Intent.deny, .book, .unknown], 17...22)
    func aNewTimeWhileASummaryWaitsIsCheckedAgain(_ intent: Intent, _ hour: Int) throws {
        let machine = try Self.machine()
        let state = Self.rest(machine, in: .confirming)
        let trace = Self.turn(machine, state, Self.message(intent, Slots(start: Self.at(27, hour))))
        #expect(trace.command == nil)
        #expect(trace.kinds.last == "preview")
        #expect(trace.phase == .confirming, "\(trace.text)")
        let clock = "\(hour - 12):00-\(hour - 11):00 pm"
        #expect(trace.text.contains("Fri Nov 27, \(clock)"), "\(trace.text)")
    }

    // MARK: - B. Simple intents from every resting state

    enum Resting: String, CaseIterable, Sendable {
        case idle, collecting, confirming, choosing, booked
    }

    /// The state a conversation is in after the messages that lead there.
    static func rest(_ machine: ConversationMachine, in resting: Resting) -> MachineState {
        let bedford = Slots(location: "bedford")
        let friday7 = Slots(date: LocalDay(containing: at(27, 12), in: zone), start: at(27, 19), location: "bedford")
        let window = Slots(
            date: LocalDay(containing: at(27, 12), in: zone),
            windowStart: at(27, 18),
            windowEnd: at(27, 22),
            location: "bedford"
        )
        let messages: [Message] =
            switch resting {
            case .idle: []
            case .collecting: [message(.book, bedford)]
            case .confirming: [message(.book, friday7)]
            case .choosing: [message(.book, window)]
            case .booked: [message(.book, friday7), message(.confirm)]
            }
        return conversation(machine, messages).last?.state ?? MachineState()
    }

    struct SimpleRow: Sendable, CustomTestStringConvertible {
        var intent: Intent
        var from: Resting
        /// The phase the reply is in.
        var phase: Phase
        var says: String
        var testDescription: String { "\(intent.rawValue) while \(from.rawValue)" }
    }

    static let simpleRows: [SimpleRow] = [
        // A greeting mid-flow repeats the question; at rest it introduces the agent.
        SimpleRow(intent: .greeting, from: .idle, phase: .idle, says: "I can book a simulator bay"),
        SimpleRow(intent: .greeting, from: .collecting, phase: .collecting, says: "Hi! "),
        SimpleRow(intent: .greeting, from: .confirming, phase: .confirming, says: "Reply YES to go ahead"),
        SimpleRow(intent: .greeting, from: .choosing, phase: .choosing, says: "Reply with a number"),
        SimpleRow(intent: .greeting, from: .booked, phase: .idle, says: "I can book a simulator bay"),
        // Thanks with a question open repeats it; otherwise it is a goodbye.
        SimpleRow(intent: .thanks, from: .idle, phase: .idle, says: "You're welcome"),
        SimpleRow(intent: .thanks, from: .collecting, phase: .idle, says: "You're welcome"),
        SimpleRow(intent: .thanks, from: .confirming, phase: .confirming, says: "Reply YES to go ahead"),
        SimpleRow(intent: .thanks, from: .choosing, phase: .idle, says: "You're welcome"),
        SimpleRow(intent: .thanks, from: .booked, phase: .idle, says: "You're welcome"),
        // Help never loses the flow.
        SimpleRow(intent: .help, from: .idle, phase: .idle, says: "I can: book a bay"),
        SimpleRow(intent: .help, from: .collecting, phase: .collecting, says: "I can: book a bay"),
        SimpleRow(intent: .help, from: .confirming, phase: .confirming, says: "I can: book a bay"),
        SimpleRow(intent: .help, from: .choosing, phase: .choosing, says: "I can: book a bay"),
        SimpleRow(intent: .help, from: .booked, phase: .booked, says: "I can: book a bay"),
        // Asking for a person always hands off.
        SimpleRow(intent: .human, from: .idle, phase: .handoff, says: "someone from the team"),
        SimpleRow(intent: .human, from: .collecting, phase: .handoff, says: "someone from the team"),
        SimpleRow(intent: .human, from: .confirming, phase: .handoff, says: "someone from the team"),
        SimpleRow(intent: .human, from: .choosing, phase: .handoff, says: "someone from the team"),
        SimpleRow(intent: .human, from: .booked, phase: .handoff, says: "someone from the team"),
        // Opening hours are an answer wherever the conversation is.
        SimpleRow(intent: .hours, from: .idle, phase: .answered, says: "open 24/7"),
        SimpleRow(intent: .hours, from: .collecting, phase: .answered, says: "open 24/7"),
        SimpleRow(intent: .hours, from: .confirming, phase: .answered, says: "open 24/7"),
        SimpleRow(intent: .hours, from: .choosing, phase: .answered, says: "open 24/7"),
        SimpleRow(intent: .hours, from: .booked, phase: .answered, says: "open 24/7"),
    ]

    @Test(arguments: simpleRows)
    func simpleIntentsFromEveryRestingState(_ row: SimpleRow) throws {
        let machine = try Self.machine()
        let state = Self.rest(machine, in: row.from)
        let trace = Self.turn(machine, state, Self.message(row.intent))
        #expect(trace.phase == row.phase, "\(trace.text)")
        #expect(trace.text.contains(row.says), "\(trace.text)")
        #expect(trace.command == nil)
        let handsOff = trace.actions.contains { if case .handOff = $0 { true } else { false } }
        #expect(handsOff == (row.phase == .handoff))
    }

    // MARK: - C. Yes and no

    struct AnswerRow: Sendable, CustomTestStringConvertible {
        var intent: Intent
        var from: Resting
        /// "book" when a YES should run the booking; else the phase and words of the reply.
        var runs: Bool
        var phase: Phase?
        var says: String
        var testDescription: String { "\(intent.rawValue) while \(from.rawValue)" }
    }

    static let answerRows: [AnswerRow] = [
        AnswerRow(intent: .confirm, from: .confirming, runs: true, phase: .booked, says: "Booked!"),
        AnswerRow(intent: .confirm, from: .idle, runs: false, phase: .idle, says: "nothing waiting for a yes"),
        AnswerRow(intent: .confirm, from: .booked, runs: false, phase: .idle, says: "nothing waiting for a yes"),
        AnswerRow(intent: .confirm, from: .collecting, runs: false, phase: .collecting, says: "What day and time"),
        AnswerRow(intent: .confirm, from: .choosing, runs: false, phase: .choosing, says: "Reply with a number"),
        AnswerRow(
            intent: .deny,
            from: .confirming,
            runs: false,
            phase: .collecting,
            says: "what would you like to change"
        ),
        AnswerRow(intent: .deny, from: .choosing, runs: false, phase: .collecting, says: "What day and time"),
        AnswerRow(intent: .deny, from: .collecting, runs: false, phase: .idle, says: "I've stopped there"),
        AnswerRow(intent: .deny, from: .idle, runs: false, phase: .idle, says: "I've stopped there"),
        AnswerRow(intent: .deny, from: .booked, runs: false, phase: .idle, says: "I've stopped there"),
    ]

    @Test(arguments: answerRows)
    func yesAndNoInEveryState(_ row: AnswerRow) throws {
        let machine = try Self.machine()
        let state = Self.rest(machine, in: row.from)
        let trace = Self.turn(machine, state, Self.message(row.intent))
        #expect((trace.command != nil) == row.runs)
        if row.runs, case .book(let request)? = trace.command {
            #expect(request.start == Self.at(27, 19) && request.location == "bedford")
        }
        #expect(trace.phase == row.phase, "\(trace.text)")
        #expect(trace.text.contains(row.says), "\(trace.text)")
    }

    // MARK: - D. What a change's outcome is told as

    struct OutcomeRow: Sendable, CustomTestStringConvertible {
        var name: String
        var outcome: CommandOutcome
        var phase: Phase
        var says: [String]
        var handoff: Bool = false
        var testDescription: String { name }
    }

    static let outcomeRows: [OutcomeRow] = {
        let friday = at(27, 19)
        let proposal = Proposal(
            locationID: "bedford",
            bay: 2,
            interval: Interval(start: at(27, 20), minutes: 60),
            priceCents: 4800
        )
        var rows: [OutcomeRow] = []
        for location in ["bedford", "dartmouth", "halifax"] {
            let name = location.prefix(1).uppercased() + location.dropFirst()
            let made = booking("ABC-123", location, start: friday)
            rows.append(
                OutcomeRow(
                    name: "booked at \(location)",
                    outcome: .booked(made),
                    phase: .booked,
                    says: ["Booked!", "at \(name)", "reference is ABC-123"]
                )
            )
            rows.append(
                OutcomeRow(
                    name: "taken at \(location), with an alternative",
                    outcome: .rejected(.taken(location: name, bay: 1), alternatives: [proposal]),
                    phase: .choosing,
                    says: ["someone just took that slot", "1) Bay 2 at Bedford", "Reply with a number"]
                )
            )
            rows.append(
                OutcomeRow(
                    name: "taken at \(location), nothing else free",
                    outcome: .rejected(.noBayFree(location: name), alternatives: []),
                    phase: .collecting,
                    says: ["someone just took that slot", "What day and time"]
                )
            )
            rows.append(
                OutcomeRow(
                    name: "last-minute at \(location) is flagged for staff",
                    outcome: .rejected(.lastMinute(cutoffMinutes: 30), alternatives: []),
                    phase: .collecting,
                    says: ["A staff member can make an exception"],
                    handoff: true
                )
            )
        }
        return rows
    }()

    @Test(arguments: outcomeRows)
    func aYesIsAnsweredWithWhatCameOfTheBooking(_ row: OutcomeRow) throws {
        let machine = try Self.machine()
        let state = Self.rest(machine, in: .confirming)
        var world = World()
        world.outcome = row.outcome
        let trace = Self.turn(machine, state, Self.message(.confirm), world: world)
        #expect(trace.phase == row.phase, "\(trace.text)")
        for words in row.says { #expect(trace.text.contains(words), "\(trace.text)") }
        #expect(trace.reply?.handoff == row.handoff)
    }

    struct ChangeOutcomeRow: Sendable, CustomTestStringConvertible {
        var verb: Intent
        var outcome: CommandOutcome
        var phase: Phase
        var says: String
        var testDescription: String { "\(verb.rawValue): \(says)" }
    }

    static let changeOutcomeRows: [ChangeOutcomeRow] = {
        let mine = booking("K7Q-4M2", start: at(27, 20))
        var cancelled = mine
        cancelled.status = .cancelled
        var moved = mine
        moved.interval = Interval(start: at(27, 18), minutes: 60)
        return [
            ChangeOutcomeRow(
                verb: .cancel,
                outcome: .cancelled(Cancellation(booking: cancelled, isLate: false, refundCents: 5000)),
                phase: .cancelled,
                says: "You'll be refunded $50"
            ),
            ChangeOutcomeRow(
                verb: .cancel,
                outcome: .cancelled(Cancellation(booking: cancelled, isLate: true, refundCents: 0)),
                phase: .cancelled,
                says: "no refund"
            ),
            ChangeOutcomeRow(
                verb: .cancel,
                outcome: .refused(.alreadyStarted(ref: "K7Q-4M2")),
                phase: .idle,
                says: "K7Q-4M2"
            ),
            ChangeOutcomeRow(
                verb: .cancel,
                outcome: .refused(.notFound(ref: "K7Q-4M2")),
                phase: .idle,
                says: "K7Q-4M2"
            ),
            ChangeOutcomeRow(
                verb: .reschedule,
                outcome: .moved(moved),
                phase: .rescheduled,
                says: "Done! K7Q-4M2 is now"
            ),
            ChangeOutcomeRow(
                verb: .reschedule,
                outcome: .refused(.alreadyCancelled(ref: "K7Q-4M2")),
                phase: .idle,
                says: "K7Q-4M2"
            ),
            ChangeOutcomeRow(
                verb: .reschedule,
                outcome: .rejected(.noBayFree(location: "Bedford"), alternatives: []),
                phase: .collecting,
                says: "someone just took that slot"
            ),
            ChangeOutcomeRow(verb: .extend, outcome: .moved(moved), phase: .rescheduled, says: "Done! K7Q-4M2 is now"),
            ChangeOutcomeRow(
                verb: .extend,
                outcome: .refused(.alreadyStarted(ref: "K7Q-4M2")),
                phase: .idle,
                says: "K7Q-4M2"
            ),
        ]
    }()

    /// Cancel, move and extend: the summary, the YES that runs the change, and what came of it.
    @Test(arguments: changeOutcomeRows)
    func aChangesOutcomeIsTold(_ row: ChangeOutcomeRow) throws {
        let machine = try Self.machine()
        var world = World()
        world.bookings = [Self.booking("K7Q-4M2", start: Self.at(27, 20))]
        let ask: Slots =
            switch row.verb {
            case .reschedule: Slots(start: Self.at(27, 18), bookingRef: "K7Q-4M2")
            case .extend: Slots(durationMinutes: 30, bookingRef: "K7Q-4M2")
            default: Slots(bookingRef: "K7Q-4M2")
            }
        let summary = Self.turn(machine, MachineState(), Self.message(row.verb, ask), world: world)
        #expect(summary.phase == .confirming, "\(summary.text)")
        #expect(summary.text.contains("Reply YES"), "\(summary.text)")
        world.outcome = row.outcome
        let yes = Self.turn(machine, summary.state, Self.message(.confirm), world: world)
        switch (row.verb, yes.command) {
        case (.cancel, .cancel(let ref, _)?): #expect(ref == "K7Q-4M2")
        case (.reschedule, .move(let move)?): #expect(move.start == Self.at(27, 18))
        case (.extend, .move(let move)?): #expect(move.minutes == 90)
        default: Issue.record("\(row.verb) ran \(String(describing: yes.command))")
        }
        #expect(yes.phase == row.phase, "\(yes.text)")
        #expect(yes.text.contains(row.says), "\(yes.text)")
    }

    // MARK: - E. Picking a numbered option

    struct ChoiceRow: Sendable, CustomTestStringConvertible {
        var offered: Int
        var picked: Int
        var testDescription: String { "pick \(picked) of \(offered)" }
    }

    static let choiceRows: [ChoiceRow] = (1...3).flatMap { offered in
        (0...4).map { ChoiceRow(offered: offered, picked: $0) }
    }

    @Test(arguments: choiceRows)
    func aNumberPicksAnOfferedOptionOrSaysWhichNumbersThereAre(_ row: ChoiceRow) throws {
        let machine = try Self.machine()
        var world = World()
        world.slots = (0..<row.offered).map { index in
            Slot(
                locationID: "bedford",
                bay: index + 1,
                interval: Interval(start: Self.at(27, 18 + index), minutes: 60),
                priceCents: 5000
            )
        }
        let window = Slots(
            date: LocalDay(containing: Self.at(27, 12), in: Self.zone),
            windowStart: Self.at(27, 18),
            windowEnd: Self.at(27, 22),
            location: "bedford"
        )
        let offered = Self.turn(machine, MachineState(), Self.message(.book, window), world: world)
        #expect(offered.phase == .choosing)
        let pick = Self.turn(machine, offered.state, Self.message(.choose, Slots(choice: row.picked)), world: world)
        if (1...row.offered).contains(row.picked) {
            #expect(pick.kinds == ["preview"])
            #expect(pick.phase == .confirming)
            #expect(pick.text.contains("Bay \(row.picked) at Bedford"), "\(pick.text)")
        } else {
            #expect(pick.kinds.isEmpty)
            #expect(pick.phase == .choosing)
            #expect(pick.text.contains("number from 1 to \(row.offered)"), "\(pick.text)")
        }
    }

    // MARK: - F. Not understood, then a person

    struct UnknownRow: Sendable, CustomTestStringConvertible {
        var limit: Int
        var count: Int
        var testDescription: String { "\(count) unknown with a limit of \(limit)" }
    }

    static let unknownRows: [UnknownRow] = (1...4).flatMap { limit in
        (1...5).map { UnknownRow(limit: limit, count: $0) }
    }

    @Test(arguments: unknownRows)
    func unknownMessagesInARowHandOffAtTheLimit(_ row: UnknownRow) throws {
        let machine = try Self.machine(unknownLimit: row.limit)
        let traces = Self.conversation(machine, Array(repeating: Self.message(.unknown), count: row.count))
        for (index, trace) in traces.enumerated() {
            // The streak starts again after a hand-off.
            let streak = index % row.limit + 1
            let handsOff = streak == row.limit
            #expect(trace.reply?.handoff == handsOff, "message \(index + 1): \(trace.text)")
            #expect(trace.text.contains(handsOff ? "asked a staff member" : "didn't catch that"), "\(trace.text)")
        }
    }

    // MARK: - G. A quiet conversation starts fresh

    struct ExpiryRow: Sendable, CustomTestStringConvertible {
        var minutes: Int
        var from: Resting
        var testDescription: String { "\(minutes) min after \(from.rawValue)" }
    }

    static let expiryRows: [ExpiryRow] = [1, 29, 31, 120, 1440].flatMap { minutes in
        Resting.allCases.map { ExpiryRow(minutes: minutes, from: $0) }
    }

    /// The demo club forgets a conversation after 30 quiet minutes; a busy one says so.
    @Test(arguments: expiryRows)
    func aConversationQuietPastTheExpiryStartsFresh(_ row: ExpiryRow) throws {
        let machine = try Self.machine()
        let state = Self.rest(machine, in: row.from)
        let later = Self.now.addingTimeInterval(Double(row.minutes) * 60)
        let trace = Self.turn(machine, state, Self.message(.greeting, at: later))
        let busy = row.from == .collecting || row.from == .confirming || row.from == .choosing
        let expired = row.minutes > 30
        #expect(trace.text.hasPrefix("Welcome back!") == (expired && busy), "\(trace.text)")
        if expired {
            #expect(trace.phase == .idle, "a fresh start is at rest: \(trace.text)")
        } else if busy {
            #expect(trace.phase == state.phase, "the flow goes on: \(trace.text)")
        }
    }

    // MARK: - H. Which booking a cancellation is about

    struct TargetRow: Sendable, CustomTestStringConvertible {
        var upcoming: Int
        var byRef: Bool
        var testDescription: String { "\(upcoming) upcoming, \(byRef ? "by reference" : "no reference")" }
    }

    static let targetRows: [TargetRow] = [0, 1, 2, 5, 7].flatMap { count in
        [false, true].map { TargetRow(upcoming: count, byRef: $0) }
    }

    @Test(arguments: targetRows)
    func aCancellationFindsItsBookingOrAsksWhichOne(_ row: TargetRow) throws {
        let machine = try Self.machine()
        var world = World()
        world.bookings = (0..<row.upcoming).map { Self.booking("REF-\($0)", start: Self.at(26 + $0 % 3, 12 + $0)) }
        let slots = row.byRef ? Slots(bookingRef: "REF-0") : Slots()
        let trace = Self.turn(machine, MachineState(), Self.message(.cancel, slots), world: world)
        switch (row.upcoming, row.byRef) {
        case (0, true):
            #expect(trace.kinds == ["booking"])
            #expect(trace.phase == .idle && trace.text.contains("REF-0"), "\(trace.text)")
        case (0, false):
            #expect(trace.phase == .idle && trace.text.contains("no upcoming bookings"), "\(trace.text)")
        case (_, true), (1, false):
            #expect(trace.phase == .confirming && trace.text.contains("Cancel REF-0"), "\(trace.text)")
        default:
            #expect(trace.phase == .choosing, "\(trace.text)")
            #expect(trace.text.contains("Which one do you want to cancel?"), "\(trace.text)")
            let listed = min(row.upcoming, 5)
            #expect(trace.text.contains("\(listed)) REF-\(listed - 1)") && !trace.text.contains("\(listed + 1)) "))
        }
        #expect(trace.command == nil)
    }

    // MARK: - I. A bare hour after a window's free times

    struct WindowRow: Sendable, CustomTestStringConvertible {
        var evening: Bool
        var hour: Int
        var testDescription: String { "\(hour) after the \(evening ? "evening" : "morning")'s times" }
    }

    static let windowRows: [WindowRow] = [true, false].flatMap { evening in
        (1...12).map { WindowRow(evening: evening, hour: $0) }
    }

    /// "what's free friday evening" (6 pm-midnight) or "morning" (6 am-noon), then a bare hour as the parser
    /// reads it (1-11 as pm, 12 as noon): inside the window, or the other half of the day inside it, is
    /// checked and summarised; any other hour is asked about, never booked.
    @Test(arguments: windowRows)
    func aBareHourIsReadInsideTheListedWindow(_ row: WindowRow) throws {
        let machine = try Self.machine()
        let window =
            row.evening
            ? Interval(start: Self.at(27, 18), end: Self.at(28, 0))
            : Interval(start: Self.at(27, 6), end: Self.at(27, 12))
        let ask = Slots(
            date: LocalDay(containing: Self.at(27, 12), in: Self.zone),
            windowStart: window.start,
            windowEnd: window.end,
            location: "bedford"
        )
        let listed = Self.turn(machine, MachineState(), Self.message(.availability, ask))
        #expect(listed.phase == .answered, "\(listed.text)")
        let said = Self.at(27, row.hour == 12 ? 12 : row.hour + 12)
        let trace = Self.turn(machine, listed.state, Self.message(.book, Slots(start: said)))
        let meant = [said, said.addingTimeInterval(-12 * 3600)].first { window.start <= $0 && $0 < window.end }
        if let meant {
            #expect(trace.phase == .confirming, "\(trace.text)")
            if case .preview(let request)? = trace.requests.last { #expect(request.start == meant) }
        } else {
            #expect(trace.phase == .answered && trace.text.contains("outside the times I listed"), "\(trace.text)")
            #expect(trace.requests.allSatisfy { if case .preview = $0 { false } else { true } })
        }
    }

    /// "from 6" is an open window: when 6 itself is free it is summarised; when it is not, the free starts
    /// after it are listed.
    @Test(arguments: [0, 1, 2, 3], ["bedford", "dartmouth", "halifax"])
    func anOpenWindowSummarisesItsStartWhenFree(_ delaySteps: Int, _ location: String) throws {
        let machine = try Self.machine()
        var world = World()
        world.slots = (0..<3).map { index in
            let start = Self.at(27, 18).addingTimeInterval(Double(delaySteps * 30 + index * 60) * 60)
            return Slot(locationID: location, bay: 1, interval: Interval(start: start, minutes: 60), priceCents: 5000)
        }
        let ask = Slots(
            date: LocalDay(containing: Self.at(27, 12), in: Self.zone),
            windowStart: Self.at(27, 18),
            location: location
        )
        let trace = Self.turn(machine, MachineState(), Self.message(.book, ask), world: world)
        if delaySteps == 0 {
            #expect(trace.phase == .confirming && trace.text.contains("6:00-7:00 pm"), "\(trace.text)")
        } else {
            #expect(trace.phase == .choosing && trace.text.contains("1) "), "\(trace.text)")
        }
    }

    /// The tables stay at least 300 cases (issue 14): a row removed by mistake shows here.
    @Test func theTablesHoldAtLeast300Cases() {
        let places = 3
        let grids =
            places * TimeForm.allCases.count * 3  // staff without and with a phone, the thread's location
            + places * 2 + 3 * 6 + 4 * places  // regulars, corrections, open windows
        let rows =
            Self.fillingRows.count + Self.simpleRows.count + Self.answerRows.count + Self.outcomeRows.count
            + Self.changeOutcomeRows.count + Self.choiceRows.count + Self.unknownRows.count + Self.expiryRows.count
            + Self.targetRows.count + Self.windowRows.count
        #expect(rows + grids >= 300, "\(rows + grids) cases")
    }

    // MARK: - J. Facts out of place

    @Test func aFactNobodyAskedForChangesNothing() throws {
        let machine = try Self.machine()
        let (state, actions) = machine.step(MachineState(), .fact(Fact(.booking(ref: "X"), .booking(nil))))
        #expect(actions.isEmpty)
        #expect(!state.isMidTurn)
    }

    @Test func aFactOfAnotherKindIsAskedForAgain() throws {
        let machine = try Self.machine()
        let ask = Slots(
            date: LocalDay(containing: Self.at(27, 12), in: Self.zone),
            start: Self.at(27, 19),
            location: "bedford"
        )
        let (waiting, first) = machine.step(MachineState(), .message(Self.message(.book, ask)))
        let request = try #require(first.request)
        let (_, again) = machine.step(waiting, .fact(Fact(request, .bookings([]))))
        #expect(again.request == request)
    }

    @Test func aMessageMidTurnStartsItsOwnTurn() throws {
        let machine = try Self.machine()
        let ask = Slots(
            date: LocalDay(containing: Self.at(27, 12), in: Self.zone),
            start: Self.at(27, 19),
            location: "bedford"
        )
        let (waiting, _) = machine.step(MachineState(), .message(Self.message(.book, ask)))
        #expect(waiting.isMidTurn)
        let (after, actions) = machine.step(waiting, .message(Self.message(.hours)))
        #expect(actions.reply?.phase == .answered)
        #expect(!after.isMidTurn)
    }
}
