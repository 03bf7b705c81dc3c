import BookingCore
import BookingEngine
import BookingStorePostgres
import BookingStoreSQLite
import Foundation
import TestSupport
import Testing

/// The two stores.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }
}

/// A fresh store of either kind, seeded with the test club's members.
struct StoreUnderTest: Sendable {
    let store: any BookingStore & ConversationStore & MessageLog & OptOutList & Outbox & Retention
    /// Keeps the SQLite file's folder alive for the test.
    let temporary: TemporaryStore?

    static func make(_ kind: StoreKind, members: [Member] = TestClub.members) async throws -> StoreUnderTest {
        switch kind {
        case .sqlite:
            let temporary = try await TemporaryStore(club: TestClub.make(), members: members)
            return StoreUnderTest(store: temporary.store, temporary: temporary)
        case .postgres:
            let store = try await PostgresBookingStore.open(try await PostgresServer.database())
            try await store.seed(members: members)
            return StoreUnderTest(store: store, temporary: nil)
        }
    }

    func close() async {
        await (store as? PostgresBookingStore)?.close()
    }

    /// Runs `body` on a fresh store and closes it however `body` ends.
    static func with(_ kind: StoreKind, _ body: (StoreUnderTest) async throws -> Void) async throws {
        let subject = try await make(kind)
        do {
            try await body(subject)
        } catch {
            await subject.close()
            throw error
        }
        await subject.close()
    }
}

/// What the engine and the dialogue rely on from a store, checked on SQLite and PostgreSQL alike.
@Suite("Store conformance: SQLite and PostgreSQL keep the same promises")
struct StoreConformanceTests {
    static let tomorrow7pm = TestClub.at(2026, 11, 26, 19, 0)

    static func booking(
        _ ref: String,
        bay: Int = 1,
        start: Date = tomorrow7pm,
        minutes: Int = 60,
        phone: String = TestClub.standardPhone,
        status: Booking.Status = .confirmed,
        key: String? = nil
    ) -> Booking {
        Booking(
            ref: ref,
            locationID: "bedford",
            bay: bay,
            interval: Interval(start: start, end: start.addingTimeInterval(Double(minutes) * 60)),
            memberPhone: phone,
            partySize: 2,
            status: status,
            priceCents: 6000,
            channel: "test",
            createdAt: TestClub.now,
            updatedAt: TestClub.now,
            idempotencyKey: key
        )
    }

    /// A change and the answer to the message that asked for it commit together, and the change can be found
    /// by that message's id: what a webhook retried after a crash needs.
    @Test(arguments: StoreKind.allCases)
    func aChangeIsFoundByItsMessageAndCommitsWithItsAnswer(_ kind: StoreKind) async throws {
        try await StoreUnderTest.with(kind) { subject in
            let booking = Self.booking("B1", bay: 2)
            let answer = ProcessedMessage(
                id: "clubos:m1",
                conversationID: "clubos:t1",
                status: 200,
                response: Data("Booked! B1".utf8),
                processedAt: TestClub.now
            )
            try await subject.store.write { transaction in
                try transaction.insert(booking)
                for (action, message) in [("booking.created", "clubos:m1"), ("booking.noted", nil)] {
                    try transaction.append(
                        AuditEntry(
                            at: TestClub.now,
                            actor: "member:+19025550101",
                            action: action,
                            bookingRef: "B1",
                            details: "",
                            messageID: message
                        )
                    )
                }
                try transaction.recordAnswer(answer)
                // A second answer for the same id keeps the first.
                var other = answer
                other.response = Data("other".utf8)
                try transaction.recordAnswer(other)
            }
            // A change rolled back takes its answer with it.
            struct Rollback: Error {}
            await #expect(throws: Rollback.self) {
                try await subject.store.write { transaction in
                    try transaction.recordAnswer(
                        ProcessedMessage(
                            id: "clubos:m2",
                            conversationID: "clubos:t1",
                            status: 200,
                            response: Data(),
                            processedAt: TestClub.now
                        )
                    )
                    throw Rollback()
                }
            }
            let found = try await subject.store.read { try $0.auditEntry(messageID: "clubos:m1") }
            #expect(found?.action == "booking.created" && found?.bookingRef == "B1" && found?.messageID == "clubos:m1")
            #expect(try await subject.store.read { try $0.auditEntry(messageID: "clubos:none") } == nil)
            let log = try await subject.store.read { try $0.auditLog(bookingRef: "B1") }
            #expect(log.map(\.messageID) == ["clubos:m1", nil])
            #expect(try await subject.store.processedMessage(id: "clubos:m1") == answer)
            #expect(try await subject.store.processedMessage(id: "clubos:m2") == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func bookingsReadBackByEveryQueryTheEngineUses(_ kind: StoreKind) async throws {
        try await StoreUnderTest.with(kind) { subject in
            let first = Self.booking("B1", bay: 2, key: "key-1")
            let second = Self.booking("B2", bay: 1, start: Self.tomorrow7pm.addingTimeInterval(30 * 60))
            let cancelled = Self.booking("B3", bay: 1, status: .cancelled)
            let later = Self.booking(
                "B4",
                bay: 1,
                start: Self.tomorrow7pm.addingTimeInterval(3 * 3600),
                phone: TestClub.vipPhone
            )
            try await subject.store.write { transaction in
                for booking in [first, second, cancelled, later] { try transaction.insert(booking) }
            }
            let hour = Interval(start: Self.tomorrow7pm, end: Self.tomorrow7pm.addingTimeInterval(3600))
            try await subject.store.read { reader in
                #expect(try reader.booking(ref: "B1") == first)
                #expect(try reader.booking(ref: "nope") == nil)
                #expect(try reader.booking(idempotencyKey: "key-1") == first)
                // Confirmed only, ordered by bay then start; the cancelled one and the later one are not in the hour.
                #expect(
                    try reader.confirmedBookings(locationID: "bedford", overlapping: hour).map(\.ref) == ["B2", "B1"]
                )
                #expect(try reader.confirmedBookings(locationID: "dartmouth", overlapping: hour).isEmpty)
                let spans = try reader.busySpans(locationID: "bedford", overlapping: hour).sorted { $0.bay < $1.bay }
                #expect(
                    spans == [BaySpan(bay: 1, interval: second.interval), BaySpan(bay: 2, interval: first.interval)]
                )
                // Every status, ordered by start then ref; half-open: a booking ending at the start does not overlap.
                #expect(try reader.bookings(overlapping: hour).map(\.ref) == ["B1", "B3", "B2"])
                let before = Interval(start: Self.tomorrow7pm.addingTimeInterval(-3600), end: Self.tomorrow7pm)
                #expect(try reader.bookings(overlapping: before).isEmpty)
                let day = Interval(start: TestClub.now, end: TestClub.now.addingTimeInterval(3 * 86_400))
                #expect(try reader.bookings(memberPhone: TestClub.vipPhone, overlapping: day).map(\.ref) == ["B4"])
            }
            var moved = second
            moved.status = .cancelled
            moved.bay = 3
            let update = moved
            try await subject.store.write { try $0.update(update) }
            #expect(try await subject.store.read { try $0.booking(ref: "B2") } == update)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func refusedWritesSayWhyAndChangeNothing(_ kind: StoreKind) async throws {
        try await StoreUnderTest.with(kind) { subject in
            try await subject.store.write { try $0.insert(Self.booking("B1", key: "key-1")) }
            let cases: [(Booking, String)] = [
                (Self.booking("B1", bay: 4), "a booking with ref B1 already exists"),
                (Self.booking("B2", bay: 4, key: "key-1"), "a booking with this idempotency key already exists"),
                (
                    Self.booking("B3", bay: 4, minutes: 0),
                    "booking B3 must end after it starts and last at most 24 hours"
                ),
                (
                    Self.booking("B4", bay: 4, minutes: 25 * 60),
                    "booking B4 must end after it starts and last at most 24 hours"
                ),
            ]
            for (booking, message) in cases {
                await #expect(throws: (any Error).self) {
                    try await subject.store.write { transaction in
                        // A write before the refused one is rolled back with it.
                        try transaction.append(
                            AuditEntry(at: TestClub.now, actor: "test", action: "x", bookingRef: "B9", details: "")
                        )
                        do {
                            try transaction.insert(booking)
                        } catch {
                            #expect("\(error)" == message)
                            throw error
                        }
                    }
                }
            }
            let missing = Self.booking("B7")
            await #expect(throws: (any Error).self) {
                try await subject.store.write { transaction in
                    do {
                        try transaction.update(missing)
                    } catch {
                        #expect("\(error)" == "no booking with ref B7")
                        throw error
                    }
                }
            }
            #expect(try await subject.store.read { try $0.auditLog(bookingRef: "B9") }.isEmpty)
            #expect(
                try await subject.store.read {
                    try $0.bookings(overlapping: Interval(start: .distantPast, end: .distantFuture))
                }.count == 1
            )
        }
    }

    @Test(arguments: StoreKind.allCases)
    func membersAuditAndOutboxEvents(_ kind: StoreKind) async throws {
        try await StoreUnderTest.with(kind) { subject in
            let member = Member(
                phone: "+19025550150",
                name: "Robin O'Neil'); DROP TABLE members;--",
                email: "robin@example.com",
                hubspotID: "hs-9",
                tierID: "standard",
                tags: ["league", "🏌️"]
            )
            try await subject.store.write { try $0.save(member) }
            #expect(try await subject.store.read { try $0.member(phone: member.phone) } == member)
            var upgraded = member
            upgraded.tierID = "vip"
            upgraded.tags = []
            upgraded.email = nil
            let saved = upgraded
            try await subject.store.write { try $0.save(saved) }
            #expect(try await subject.store.read { try $0.member(phone: member.phone) } == saved)
            #expect(try await subject.store.read { try $0.member(phone: TestClub.standardPhone) }?.tierID == "standard")

            let booking = Self.booking("B1")
            try await subject.store.write { transaction in
                try transaction.insert(booking)
                try transaction.append(
                    AuditEntry(at: TestClub.now, actor: "alex", action: "book", bookingRef: "B1", details: "bay 1")
                )
                try transaction.append(
                    AuditEntry(
                        at: TestClub.now.addingTimeInterval(1),
                        actor: "desk",
                        action: "cancel",
                        bookingRef: "B1",
                        details: ""
                    )
                )
                try transaction.enqueue(
                    BookingEvent(id: "B1:booking.created:1", kind: .created, occurredAt: TestClub.now, booking: booking)
                )
            }
            let log = try await subject.store.read { try $0.auditLog(bookingRef: "B1") }
            #expect(log.map(\.action) == ["book", "cancel"])
            #expect(log.first?.details == "bay 1")
            #expect(try await subject.store.write { try $0.eventCount(bookingRef: "B1") } == 1)
            #expect(try await subject.store.write { try $0.eventCount(bookingRef: "B2") } == 0)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func conversationsSurviveAndAreReplaced(_ kind: StoreKind) async throws {
        try await StoreUnderTest.with(kind) { subject in
            #expect(try await subject.store.loadConversation(id: "sms:+19025550101") == nil)
            let first = Data(#"{"phase":"collecting","draft":{"location":"bedford"}}"#.utf8)
            try await subject.store.saveConversation(id: "sms:+19025550101", state: first, updatedAt: TestClub.now)
            #expect(try await subject.store.loadConversation(id: "sms:+19025550101") == first)
            let second = Data(#"{"phase":"idle","note":"émoji 👍"}"#.utf8)
            try await subject.store.write {
                try $0.saveConversation(id: "sms:+19025550101", state: second, updatedAt: TestClub.now)
            }
            #expect(try await subject.store.loadConversation(id: "sms:+19025550101") == second)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func theEngineBooksThenOffersAlternativesForATakenBay(_ kind: StoreKind) async throws {
        try await StoreUnderTest.with(kind) { subject in
            let engine = BookingEngine(
                club: TestClub.make(),
                store: subject.store,
                clock: FixedClock(TestClub.now),
                refs: .seeded(3)
            )
            let request = BookingRequest(
                location: "bedford",
                bay: 1,
                start: Self.tomorrow7pm,
                minutes: 60,
                memberPhone: TestClub.standardPhone
            )
            let booked = try await engine.book(request)
            #expect(booked.booking?.bay == 1)
            var other = request
            other.memberPhone = TestClub.vipPhone
            guard case .rejected(_, let alternatives) = try await engine.book(other) else {
                Issue.record("bay 1 at 7 pm was given twice")
                return
            }
            #expect(!alternatives.isEmpty)
            #expect(
                try await engine.bookings(memberPhone: TestClub.standardPhone).map(\.ref)
                    == [booked.booking?.ref].compactMap { $0 }
            )
        }
    }

    /// Webhook idempotency: the first answer to a message id is the one kept, with the conversation state
    /// it was given; a second record changes nothing.
    @Test(arguments: StoreKind.allCases)
    func theMessageLogKeepsTheFirstAnswer(_ kind: StoreKind) async throws {
        try await StoreUnderTest.with(kind) { subject in
            let log = subject.store
            try await log.ping()
            let fresh = try await log.turnStart(messageID: "clubos:m1", conversationID: "clubos:t1")
            #expect(fresh == TurnStart(answered: nil, conversationState: nil))
            let answer = ProcessedMessage(
                id: "clubos:m1",
                conversationID: "clubos:t1",
                status: 200,
                response: Data(#"{"reply":"Booked ✅"}"#.utf8),
                processedAt: TestClub.now
            )
            let state = Data(#"{"phase":"booked"}"#.utf8)
            try await log.record(
                answer,
                conversation: ConversationSnapshot(id: "clubos:t1", state: state, updatedAt: TestClub.now)
            )
            #expect(try await log.processedMessage(id: "clubos:m1") == answer)
            #expect(try await log.loadConversation(id: "clubos:t1") == state)
            // The same message again: the first answer stays, and so does the state it left.
            var again = answer
            again.response = Data("different".utf8)
            try await log.record(
                again,
                conversation: ConversationSnapshot(id: "clubos:t1", state: Data("{}".utf8), updatedAt: TestClub.now)
            )
            #expect(try await log.processedMessage(id: "clubos:m1") == answer)
            #expect(try await log.loadConversation(id: "clubos:t1") == state)
            // A retried message is answered from the log; a new one starts from the saved state.
            #expect(try await log.turnStart(messageID: "clubos:m1", conversationID: "clubos:t1").answered == answer)
            let next = try await log.turnStart(messageID: "clubos:m2", conversationID: "clubos:t1")
            #expect(next == TurnStart(answered: nil, conversationState: state))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func stopAndStartKeepTheOptOutList(_ kind: StoreKind) async throws {
        try await StoreUnderTest.with(kind) { subject in
            let list = subject.store
            #expect(try await list.isOptedOut(phone: "+19025550101") == false)
            try await list.setOptedOut(phone: "+19025550101", true, at: TestClub.now)
            try await list.setOptedOut(phone: "+19025550101", true, at: TestClub.now)
            #expect(try await list.isOptedOut(phone: "+19025550101"))
            #expect(try await list.isOptedOut(phone: "+19025550102") == false)
            try await list.setOptedOut(phone: "+19025550101", false, at: TestClub.now)
            #expect(try await list.isOptedOut(phone: "+19025550101") == false)
        }
    }

    /// The outbox from a booking's event to delivered, failed, dead, retried and dropped deliveries; a
    /// reschedule's plan cancels the scheduled deliveries still pending; planning twice changes nothing.
    @Test(arguments: StoreKind.allCases)
    func theOutboxCarriesEventsToDeliveries(_ kind: StoreKind) async throws {
        try await StoreUnderTest.with(kind) { subject in
            let outbox = subject.store
            let booking = Self.booking("O1")
            let created = BookingEvent(
                id: "O1:booking.created:1",
                kind: .created,
                occurredAt: TestClub.now,
                booking: booking
            )
            try await outbox.write { transaction in
                try transaction.insert(booking)
                try transaction.enqueue(created)
            }
            let events = try await outbox.unplannedEvents(limit: 10)
            #expect(events.map(\.event) == [created])
            guard let sequence = events.first?.sequence else { return }
            let reminderDue = Self.tomorrow7pm.addingTimeInterval(-3600)
            let plan = DeliveryPlan(
                eventSequence: sequence,
                event: created,
                cancelsScheduledDeliveries: false,
                deliveries: [
                    PlannedDelivery(
                        service: "clubos",
                        action: "booking.created",
                        dueAt: TestClub.now,
                        isScheduled: false
                    ),
                    PlannedDelivery(service: "reminder", action: "remind", dueAt: reminderDue, isScheduled: true),
                ]
            )
            try await outbox.apply([plan], at: TestClub.now)
            try await outbox.apply([plan], at: TestClub.now)
            #expect(try await outbox.unplannedEvents(limit: 10).isEmpty)
            let due = try await outbox.dueDeliveries(at: TestClub.now, limit: 10)
            #expect(due.map(\.service) == ["clubos"])
            guard let clubOS = due.first else { return }
            #expect(clubOS.event == created)
            #expect(
                clubOS.idempotencyKey
                    == PlannedDelivery(
                        service: "clubos",
                        action: "booking.created",
                        dueAt: TestClub.now,
                        isScheduled: false
                    ).idempotencyKey(eventID: created.id)
            )
            #expect(clubOS.status == .pending && clubOS.attempts == 0 && !clubOS.isScheduled)

            let later = TestClub.now.addingTimeInterval(60)
            try await outbox.markFailed(id: clubOS.id, error: "503 from ClubOS", nextAttemptAt: later, at: TestClub.now)
            let failed = try await outbox.delivery(id: clubOS.id)
            #expect(failed?.attempts == 1 && failed?.lastError == "503 from ClubOS" && failed?.nextAttemptAt == later)
            try await outbox.markDelivered(id: clubOS.id, result: "evt-1", at: later)
            try await outbox.markDead(id: clubOS.id, error: "too late", at: later)
            let delivered = try await outbox.delivery(id: clubOS.id)
            #expect(delivered?.status == .delivered && delivered?.attempts == 2 && delivered?.lastError == nil)
            #expect(
                try await outbox.latestResult(bookingRef: "O1", service: "clubos", action: "booking.created") == "evt-1"
            )
            #expect(try await outbox.retry(id: clubOS.id, at: later) == false)
            #expect(try await outbox.drop(id: clubOS.id, at: later) == false)

            // A reschedule's event cancels the reminder still waiting.
            var moved = booking
            moved.interval = Interval(
                start: Self.tomorrow7pm.addingTimeInterval(3600),
                end: Self.tomorrow7pm.addingTimeInterval(7200)
            )
            let rescheduled = BookingEvent(
                id: "O1:booking.rescheduled:2",
                kind: .rescheduled,
                occurredAt: later,
                booking: moved
            )
            try await outbox.write { try $0.enqueue(rescheduled) }
            let second = try await outbox.unplannedEvents(limit: 10)
            #expect(second.map(\.event.id) == [rescheduled.id])
            try await outbox.apply(
                second.map {
                    DeliveryPlan(
                        eventSequence: $0.sequence,
                        event: $0.event,
                        cancelsScheduledDeliveries: true,
                        deliveries: []
                    )
                },
                at: later
            )
            #expect(try await outbox.deliveries(status: .cancelled, limit: 10).map(\.service) == ["reminder"])
            #expect(try await outbox.deliveries(status: nil, limit: 10).count == 2)
            #expect(try await outbox.deliveries(status: .pending, limit: 10).isEmpty)

            // Staff put the cancelled reminder back, then give up on it; it dies after a permanent failure.
            let reminder = try #require(try await outbox.deliveries(status: .cancelled, limit: 1).first)
            #expect(try await outbox.retry(id: reminder.id, at: later))
            let retried = try await outbox.delivery(id: reminder.id)
            #expect(retried?.status == .pending && retried?.dueAt == later)
            try await outbox.markDead(id: reminder.id, error: "400 from reminder service", at: later)
            #expect(try await outbox.deliveries(status: .dead, limit: 10).map(\.id) == [reminder.id])
            #expect(try await outbox.drop(id: reminder.id, at: later))
            #expect(try await outbox.delivery(id: 999_999) == nil)
        }
    }

    /// Answers older than the cut-off and conversations idle since before theirs are deleted, in batches
    /// (2500 old answers take two); newer ones, and everything else, stay.
    @Test(arguments: StoreKind.allCases)
    func pruningForgetsOldAnswersAndIdleConversations(_ kind: StoreKind) async throws {
        try await StoreUnderTest.with(kind) { subject in
            let store = subject.store
            let day = 86_400.0
            let now = TestClub.now
            func answer(_ id: String, daysAgo: Double) -> ProcessedMessage {
                ProcessedMessage(
                    id: id,
                    conversationID: "clubos:t",
                    status: 200,
                    response: Data("{}".utf8),
                    processedAt: now.addingTimeInterval(-daysAgo * day)
                )
            }
            for index in 0..<2500 { try await store.record(answer("old-\(index)", daysAgo: 40), conversation: nil) }
            try await store.record(answer("recent", daysAgo: 10), conversation: nil)
            try await store.saveConversation(
                id: "idle",
                state: Data("{}".utf8),
                updatedAt: now.addingTimeInterval(-100 * day)
            )
            try await store.saveConversation(
                id: "active",
                state: Data("{}".utf8),
                updatedAt: now.addingTimeInterval(-day)
            )
            try await store.write { try $0.insert(Self.booking("R1", start: now.addingTimeInterval(-200 * day))) }

            let report = try await store.prune(
                answeredBefore: now.addingTimeInterval(-30 * day),
                idleBefore: now.addingTimeInterval(-90 * day)
            )
            #expect(report == PruneReport(answers: 2500, conversations: 1))
            #expect(try await store.processedMessage(id: "old-0") == nil)
            #expect(try await store.processedMessage(id: "recent") != nil)
            #expect(try await store.loadConversation(id: "idle") == nil)
            #expect(try await store.loadConversation(id: "active") != nil)
            #expect(try await store.read { try $0.booking(ref: "R1") } != nil)
            let again = try await store.prune(
                answeredBefore: now.addingTimeInterval(-30 * day),
                idleBefore: now.addingTimeInterval(-90 * day)
            )
            #expect(again == PruneReport(answers: 0, conversations: 0))
        }
    }
}
