import BookingCore
import BookingEngine
import BookingStoreSQLite
import ClubConfig
import Dialogue
import Foundation
import TestSupport
import Understanding

/// The demo club, its grammars and a fresh SQLite store, for dialogue tests.
struct DialogueHarness {
    static let club: ClubFile? = try? DemoClub.load()
    static let parser: UtteranceParser? = club.flatMap {
        try? UtteranceParser(grammarsDirectory: DemoClub.repositoryPath("Grammars/en"), club: $0.club)
    }

    /// The demo's reply wording; a test fails loudly (not here) when it does not load.
    static var wording: ReplyWording {
        get throws { try ReplyWording.load(directory: DemoClub.repositoryPath("Grammars/en")) }
    }

    let temporary: TemporaryStore
    let club: Club
    let parser: UtteranceParser

    init() async throws {
        guard let file = Self.club else { throw HarnessError.missing("Config/club.yaml") }
        guard let parser = Self.parser else { throw HarnessError.missing("Grammars/") }
        club = file.club
        self.parser = parser
        temporary = try await TemporaryStore(club: file.club, members: file.members)
    }

    func manager(clock: any Clock) throws -> (DialogueDriver, BookingEngine) {
        let engine = BookingEngine(club: club, store: temporary.store, clock: clock, refs: .seeded(11))
        let manager = DialogueDriver(
            engine: engine,
            parser: parser,
            conversations: temporary.store,
            messages: temporary.store,
            wording: try Self.wording,
            clock: clock
        )
        return (manager, engine)
    }

    /// Every booking in the store, any status.
    func allBookings() async throws -> [Booking] {
        try await temporary.store.read {
            try $0.bookings(overlapping: Interval(start: .distantPast, end: .distantFuture))
        }
    }
}

enum HarnessError: Error {
    case missing(String)
}
