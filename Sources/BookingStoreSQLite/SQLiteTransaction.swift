import BookingCore
import Foundation
import GRDB
import GRDBSQLite

/// The store's writes (and the reads a write makes) on one GRDB connection, inside the transaction GRDB opened.
struct SQLiteTransaction: BookingTransaction, SQLiteStatements {
    let db: Database

    init(_ db: Database) {
        self.db = db
    }

    func prepared(_ sql: String) throws -> SQLiteStatement {
        try db.cachedStatement(sql: sql).sqliteStatement
    }

    var connection: SQLiteConnection? { db.sqliteConnection }

    // MARK: Writing

    func insert(_ booking: Booking) throws {
        try Self.validate(booking)
        do {
            try run(Query.insertBooking, BookingRecord(booking).insertValues)
        } catch let error as DatabaseError {
            throw Self.mapConstraint(error, booking: booking)
        }
    }

    func update(_ booking: Booking) throws {
        try Self.validate(booking)
        do {
            try BookingRecord(booking).update(db)
        } catch RecordError.recordNotFound {
            throw StoreError.bookingNotFound(booking.ref)
        } catch let error as DatabaseError {
            throw Self.mapConstraint(error, booking: booking)
        }
    }

    func save(_ member: Member) throws {
        try run(Query.saveMember, try MemberRecord(member).insertValues)
    }

    func append(_ entry: AuditEntry) throws {
        try run(
            Query.appendAudit,
            [
                .integer(StoredTime.milliseconds(entry.at)), .text(entry.actor), .text(entry.action),
                .text(entry.bookingRef), .text(entry.details), .text(entry.messageID),
            ]
        )
    }

    func recordAnswer(_ message: ProcessedMessage) throws {
        try record(message, conversation: nil)
    }

    func enqueue(_ event: BookingEvent) throws {
        let payload = try event.storedPayload()
        try run(
            Query.enqueue,
            [
                .text(event.id), .text(event.kind.rawValue), .text(event.booking.ref),
                .integer(StoredTime.milliseconds(event.occurredAt)), .text(payload),
            ]
        )
    }

    // MARK: Helpers

    /// Refuses what the table's CHECKs would refuse, with an error that says why instead of a constraint name.
    static func validate(_ booking: Booking) throws {
        let start = StoredTime.seconds(booking.interval.start)
        let end = StoredTime.seconds(booking.interval.end)
        guard end > start, end - start <= Migrations.maxBookingSeconds else {
            throw StoreError.invalidInterval(ref: booking.ref)
        }
    }

    /// Turns the two uniqueness violations the engine can meet into typed errors; anything else passes through.
    static func mapConstraint(_ error: DatabaseError, booking: Booking) -> any Error {
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_PRIMARYKEY:
            return StoreError.duplicateRef(booking.ref)
        case .SQLITE_CONSTRAINT_UNIQUE:
            if let key = booking.idempotencyKey, error.message?.contains("idempotency_key") ?? true {
                return StoreError.duplicateIdempotencyKey(key)
            }
            return error
        default:
            return error
        }
    }
}
