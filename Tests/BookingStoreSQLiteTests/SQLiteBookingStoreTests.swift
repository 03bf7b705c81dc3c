import BookingCore
import BookingStoreSQLite
import Foundation
import Testing

/// Every migration, in order; a new migration is added here.
let allMigrations = [
    "v1", "v2-covering-overlap-indexes", "v3-outbox-events", "v4-outbox-deliveries", "v5-conversations",
    "v6-processed-messages", "v7-retention-indexes", "v8-audit-message-ids",
]

@Suite("SQLite booking store")
struct SQLiteBookingStoreTests {
    @Test func migrationCreatesTheSchemaAndReopeningAppliesNothingTwice() async throws {
        try await withTemporaryStorePath { path in
            let store = try SQLiteBookingStore(path: path)
            #expect(
                try await store.tableNames()
                    == [
                        "audit_log", "bays", "bookings", "conversations", "grdb_migrations", "locations", "members",
                        "outbox_deliveries", "outbox_events", "processed_messages", "sms_opt_outs", "tiers",
                    ]
            )
            #expect(try await store.appliedMigrations() == allMigrations)
            try await store.write { try $0.insert(makeBooking(ref: "AAA-001")) }

            let reopened = try SQLiteBookingStore(path: path)
            #expect(try await reopened.appliedMigrations() == allMigrations)
            #expect(try await reopened.bookingCount() == 1)
        }
    }

    @Test func seedingTwiceLeavesTheSameRowsAndKeepsBookings() async throws {
        try await withTemporaryStore { store in
            let club = makeClub()
            try await store.seed(club: club, members: [makeMember(), makeMember(phone: "+19025550102", name: "Bo")])
            try await store.write { try $0.insert(makeBooking(ref: "AAA-001")) }
            let first = try await store.counts()
            #expect(
                first == SQLiteStoreCounts(locations: 2, bays: 3, tiers: 2, members: 2, bookings: 1, auditEntries: 0)
            )

            try await store.seed(club: club, members: [makeMember(name: "Ada King")])
            #expect(try await store.counts() == first)
            #expect(try await store.read { try $0.member(phone: "+19025550101") }?.name == "Ada King")
            #expect(try await store.read { try $0.booking(ref: "AAA-001") } == makeBooking(ref: "AAA-001"))
        }
    }

    @Test func insertedBookingAndSavedMemberReadBackUnchanged() async throws {
        try await withTemporaryStore { store in
            let booking = Booking(
                ref: "K7Q-4M2",
                locationID: "dartmouth",
                bay: 3,
                interval: Interval(start: utc(day: 3, 19, 30), end: utc(day: 3, 21, 30)),
                memberPhone: "+447700900123",
                partySize: 4,
                status: .cancelled,
                priceCents: 12_345,
                channel: "clubos",
                createdAt: utc(day: 1, 8, 15).addingTimeInterval(7),
                updatedAt: utc(day: 2, 8, 15).addingTimeInterval(59),
                idempotencyKey: "msg-0001"
            )
            let member = makeMember()
            let bare = Member(phone: "+19025550199", name: "No Extras", tierID: "non_member")
            try await store.write { transaction in
                try transaction.insert(booking)
                try transaction.save(member)
                try transaction.save(bare)
            }

            #expect(try await store.read { try $0.booking(ref: "K7Q-4M2") } == booking)
            #expect(try await store.read { try $0.booking(idempotencyKey: "msg-0001") } == booking)
            #expect(try await store.read { try $0.member(phone: member.phone) } == member)
            #expect(try await store.read { try $0.member(phone: bare.phone) } == bare)
            #expect(try await store.read { try $0.booking(ref: "NOT-HERE") } == nil)
            #expect(try await store.read { try $0.member(phone: "+10000000000") } == nil)
        }
    }

    /// Text goes to SQLite as bound bytes: quotes and SQL stay text, an empty name stays '' (not NULL, which the
    /// column refuses), and an empty answer body reads back empty.
    @Test func awkwardTextAndEmptyValuesReadBackUnchanged() async throws {
        try await withTemporaryStore { store in
            let members = [
                Member(phone: "+19025550150", name: "", tierID: "non_member"),
                Member(
                    phone: "+19025550151",
                    name: "Robert'); DROP TABLE members;-- 🏌️ \"Bobby\" \u{0}nul",
                    email: "",
                    hubspotID: "h'1",
                    tierID: "gold",
                    tags: ["a\"b", "", "é"]
                ),
            ]
            let answer = ProcessedMessage(
                id: "clubos:empty",
                conversationID: "clubos:t'1",
                status: 204,
                response: Data(),
                processedAt: utc(day: 1, 8, 15)
            )
            try await store.write { transaction in
                for member in members { try transaction.save(member) }
                try transaction.recordAnswer(answer)
            }
            for member in members {
                #expect(try await store.read { try $0.member(phone: member.phone) } == member)
            }
            #expect(try await store.processedMessage(id: "clubos:empty") == answer)
            #expect(try await store.counts().members == 2)
        }
    }

    @Test func timestampsKeepMillisecondsAndSpansWholeSeconds() async throws {
        try await withTemporaryStore { store in
            var draft = makeBooking(ref: "AAA-001")
            draft.createdAt = utc(8).addingTimeInterval(0.123)
            let booking = draft
            try await store.write { try $0.insert(booking) }
            let stored = try await store.read { try $0.booking(ref: "AAA-001") }
            // To the millisecond, not bit for bit: the column holds an integer, the Date a binary fraction.
            let createdAt = try #require(stored?.createdAt)
            #expect(abs(createdAt.timeIntervalSince(utc(8)) - 0.123) < 0.000_5)
            #expect(stored?.interval == booking.interval)
        }
    }

    /// A 9:00–10:00 booking seen through query windows around its edges; intervals are half-open.
    @Test(arguments: [
        (utc(10), utc(11), false),
        (utc(8), utc(9), false),
        (utc(8), utc(9, 1), true),
        (utc(9, 59), utc(11), true),
        (utc(9, 15), utc(9, 30), true),
        (utc(7), utc(12), true),
        (utc(day: -1, 0), utc(8), false),
    ])
    func overlapIsHalfOpen(start: Date, end: Date, overlaps: Bool) async throws {
        try await withTemporaryStore { store in
            try await store.write { try $0.insert(makeBooking(ref: "AAA-001", start: utc(9), end: utc(10))) }
            let window = Interval(start: start, end: end)
            let refs = try await store.read { reader in
                [
                    try reader.confirmedBookings(locationID: "bedford", overlapping: window).map(\.ref),
                    try reader.bookings(memberPhone: "+19025550101", overlapping: window).map(\.ref),
                    try reader.bookings(overlapping: window).map(\.ref),
                ]
            }
            #expect(refs == Array(repeating: overlaps ? ["AAA-001"] : [], count: 3))
        }
    }

    @Test func aDayLongBookingIsFoundFromItsLastSecond() async throws {
        try await withTemporaryStore { store in
            try await store.write { try $0.insert(makeBooking(ref: "DAY-001", start: utc(0), end: utc(day: 1, 0))) }
            let lastSecond = Interval(start: utc(day: 1, 0).addingTimeInterval(-1), end: utc(day: 1, 1))
            let atEnd = Interval(start: utc(day: 1, 0), end: utc(day: 1, 1))
            let found = try await store.read { reader in
                (
                    try reader.confirmedBookings(locationID: "bedford", overlapping: lastSecond).map(\.ref),
                    try reader.confirmedBookings(locationID: "bedford", overlapping: atEnd).map(\.ref)
                )
            }
            #expect(found.0 == ["DAY-001"])
            #expect(found.1 == [])
        }
    }

    @Test func confirmedBookingsSkipCancelledAndOtherLocationsAndSortByBayThenStart() async throws {
        try await withTemporaryStore { store in
            try await store.write { transaction in
                try transaction.insert(makeBooking(ref: "B2-0900", bay: 2, start: utc(9)))
                try transaction.insert(makeBooking(ref: "B1-1100", bay: 1, start: utc(11)))
                try transaction.insert(makeBooking(ref: "B1-0900", bay: 1, start: utc(9)))
                try transaction.insert(makeBooking(ref: "B1-1000", bay: 1, start: utc(10), status: .cancelled))
                try transaction.insert(makeBooking(ref: "DART-01", locationID: "dartmouth", bay: 1, start: utc(9)))
            }
            let day = Interval(start: utc(0), end: utc(day: 1, 0))
            let refs = try await store.read { try $0.confirmedBookings(locationID: "bedford", overlapping: day) }
            #expect(refs.map(\.ref) == ["B1-0900", "B1-1100", "B2-0900"])
            let everything = try await store.read { try $0.bookings(overlapping: day) }
            #expect(everything.map(\.ref) == ["B1-0900", "B2-0900", "DART-01", "B1-1000", "B1-1100"])
        }
    }

    @Test func memberBookingsIncludeCancelledInStartOrder() async throws {
        try await withTemporaryStore { store in
            try await store.write { transaction in
                try transaction.insert(makeBooking(ref: "M-LATE", start: utc(15)))
                try transaction.insert(makeBooking(ref: "M-EARLY", start: utc(9), status: .cancelled))
                try transaction.insert(makeBooking(ref: "OTHER", start: utc(10), memberPhone: "+19025550102"))
            }
            let day = Interval(start: utc(0), end: utc(day: 1, 0))
            let refs = try await store.read { try $0.bookings(memberPhone: "+19025550101", overlapping: day) }
            #expect(refs.map(\.ref) == ["M-EARLY", "M-LATE"])
        }
    }

    @Test func duplicateRefIsATypedError() async throws {
        try await withTemporaryStore { store in
            try await store.write { try $0.insert(makeBooking(ref: "K7Q-4M2")) }
            await #expect(throws: StoreError.duplicateRef("K7Q-4M2")) {
                try await store.write { try $0.insert(makeBooking(ref: "K7Q-4M2", start: utc(15))) }
            }
            #expect(try await store.bookingCount() == 1)
        }
    }

    @Test func duplicateIdempotencyKeyIsATypedError() async throws {
        try await withTemporaryStore { store in
            try await store.write { try $0.insert(makeBooking(ref: "AAA-001", idempotencyKey: "msg-1")) }
            await #expect(throws: StoreError.duplicateIdempotencyKey("msg-1")) {
                try await store.write { try $0.insert(makeBooking(ref: "AAA-002", idempotencyKey: "msg-1")) }
            }
            // Many bookings without a key are fine: NULLs are never equal.
            try await store.write { transaction in
                try transaction.insert(makeBooking(ref: "AAA-003"))
                try transaction.insert(makeBooking(ref: "AAA-004"))
            }
            #expect(try await store.bookingCount() == 3)
        }
    }

    @Test func errorTextsKeepIdempotencyKeysOut() {
        #expect(!StoreError.duplicateIdempotencyKey("secret-key").description.contains("secret-key"))
    }

    @Test func updateReplacesTheBookingAndRefusesUnknownRefs() async throws {
        try await withTemporaryStore { store in
            try await store.write { try $0.insert(makeBooking(ref: "AAA-001")) }
            var draft = makeBooking(ref: "AAA-001", status: .cancelled)
            draft.updatedAt = utc(8, 30)
            let cancelled = draft
            try await store.write { try $0.update(cancelled) }
            #expect(try await store.read { try $0.booking(ref: "AAA-001") } == cancelled)
            #expect(
                try await store.read {
                    try $0.confirmedBookings(locationID: "bedford", overlapping: cancelled.interval)
                } == []
            )

            await #expect(throws: StoreError.bookingNotFound("NOT-HERE")) {
                try await store.write { try $0.update(makeBooking(ref: "NOT-HERE")) }
            }
        }
    }

    @Test(arguments: [
        (utc(10), utc(10)),
        (utc(10), utc(9)),
        (utc(0), utc(day: 1, 0, 1)),
    ])
    func emptyBackwardsOrOverlongIntervalsAreRefused(start: Date, end: Date) async throws {
        try await withTemporaryStore { store in
            await #expect(throws: StoreError.invalidInterval(ref: "BAD-001")) {
                try await store.write { try $0.insert(makeBooking(ref: "BAD-001", start: start, end: end)) }
            }
        }
    }

    @Test func aThrowInsideWriteRollsBackEverythingItWrote() async throws {
        try await withTemporaryStore { store in
            await #expect(throws: AbandonTransaction.self) {
                try await store.write { transaction in
                    try transaction.insert(makeBooking(ref: "AAA-001"))
                    try transaction.save(makeMember())
                    try transaction.append(
                        AuditEntry(
                            at: utc(8),
                            actor: "staff",
                            action: "booking.created",
                            bookingRef: "AAA-001",
                            details: "{}"
                        )
                    )
                    #expect(try transaction.booking(ref: "AAA-001") != nil)
                    throw AbandonTransaction()
                }
            }
            let counts = try await store.counts()
            #expect(
                counts == SQLiteStoreCounts(locations: 0, bays: 0, tiers: 0, members: 0, bookings: 0, auditEntries: 0)
            )
        }
    }

    /// Reads run on the store's own connections: a read that throws leaves its connection usable, and many reads
    /// at once (more than the idle connections kept) each see every committed write.
    @Test func readsAfterAThrowAndManyAtOnceSeeTheCommittedBookings() async throws {
        try await withTemporaryStore { store in
            await #expect(throws: AbandonTransaction.self) {
                try await store.read { reader in
                    _ = try reader.booking(ref: "AAA-001")
                    throw AbandonTransaction()
                }
            }
            try await store.write { try $0.insert(makeBooking(ref: "AAA-001")) }
            let found = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<40 {
                    group.addTask { try await store.read { try $0.booking(ref: "AAA-001") } != nil }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(found == 40)
        }
    }

    @Test func auditEntriesComeBackInTheOrderTheyWereAppended() async throws {
        try await withTemporaryStore { store in
            let entries = ["booking.created", "booking.moved", "booking.cancelled"].map { action in
                AuditEntry(
                    at: utc(8),
                    actor: "member:+19025550101",
                    action: action,
                    bookingRef: "AAA-001",
                    details: "{}"
                )
            }
            try await store.write { transaction in
                try transaction.append(entries[0])
                try transaction.append(
                    AuditEntry(at: utc(7), actor: "system", action: "x", bookingRef: "BBB-001", details: "")
                )
                try transaction.append(
                    AuditEntry(at: utc(7), actor: "system", action: "boot", bookingRef: nil, details: "")
                )
            }
            try await store.write { transaction in
                try transaction.append(entries[1])
                try transaction.append(entries[2])
            }
            #expect(try await store.read { try $0.auditLog(bookingRef: "AAA-001") } == entries)
            #expect(try await store.read { try $0.auditLog(bookingRef: "NONE") } == [])
        }
    }

    @Test(arguments: [
        "Robert'); DROP TABLE bookings;--",
        "Zoë 🏌️‍♀️⛳️ O'Brien",
        "\"quoted\", comma, and \\ backslash",
    ])
    func awkwardTextIsStoredVerbatim(text: String) async throws {
        try await withTemporaryStore { store in
            let member = Member(
                phone: "+19025550101",
                name: text,
                email: nil,
                hubspotID: nil,
                tierID: "vip",
                tags: [text, "b,c"]
            )
            var draft = makeBooking(ref: "AAA-001", idempotencyKey: text)
            draft.channel = text
            let booking = draft
            let audit = AuditEntry(
                at: utc(8),
                actor: text,
                action: "booking.created",
                bookingRef: "AAA-001",
                details: text
            )
            try await store.write { transaction in
                try transaction.save(member)
                try transaction.insert(booking)
                try transaction.append(audit)
            }
            #expect(try await store.read { try $0.member(phone: "+19025550101") } == member)
            #expect(try await store.read { try $0.booking(idempotencyKey: text) } == booking)
            #expect(try await store.read { try $0.auditLog(bookingRef: "AAA-001") } == [audit])
            #expect(try await store.counts().bookings == 1)
        }
    }

    @Test func bulkInsertWritesAllOrNothing() async throws {
        try await withTemporaryStore { store in
            let bookings = (0..<1000).map { index in
                makeBooking(ref: "BULK-\(index)", bay: index % 4 + 1, start: utc(day: index / 4, 9))
            }
            try await store.insertBulk(bookings)
            #expect(try await store.bookingCount() == 1000)
            #expect(try await store.read { try $0.booking(ref: "BULK-999") } == bookings[999])

            await #expect(throws: StoreError.duplicateRef("BULK-5")) {
                try await store.insertBulk([makeBooking(ref: "NEW-1"), makeBooking(ref: "BULK-5")])
            }
            #expect(try await store.bookingCount() == 1000)
        }
    }
}
