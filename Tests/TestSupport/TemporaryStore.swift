public import BookingCore
public import BookingStoreSQLite
public import Foundation

/// A real SQLite store in a fresh temporary directory, removed when the test ends.
public final class TemporaryStore: Sendable {
    public let directory: URL
    public let path: String
    public let store: SQLiteBookingStore

    public init(club: Club = TestClub.make(), members: [Member] = TestClub.members) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("booking-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("booking.sqlite").path
        store = try SQLiteBookingStore(path: path)
        try await store.seed(club: club, members: members)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }
}
