import ArgumentParser
import BookingCore
import BookingEngine
import BookingStoreSQLite
import ClubConfig
import Foundation

/// `--db` and `--config`: which database file and which club.
struct StoreOptions: ParsableArguments {
    @Option(help: "The SQLite database file; created, migrated and seeded when needed.")
    var db: String = "./booking.sqlite"

    @Option(help: "The club configuration. Default: $BOOKING_CONFIG, else Config/club.yaml.")
    var config: String?

    /// The configuration file to read.
    var configPath: String {
        config ?? ProcessInfo.processInfo.environment["BOOKING_CONFIG"] ?? "Config/club.yaml"
    }

    /// Loads the club, opens (migrating) the store and brings the club's rows up to date.
    func open() async throws -> (ClubFile, SQLiteBookingStore) {
        let file = try ClubConfigLoader.load(path: configPath)
        let store = try SQLiteBookingStore(path: db)
        try await store.seed(club: file.club, members: file.members)
        return (file, store)
    }
}

/// Everything a command needs: the club, the engine on the store, and the clock options.
struct Session {
    let club: Club
    let engine: BookingEngine
    let store: SQLiteBookingStore
    let now: Date
    let zone: TimeZone

    init(store options: StoreOptions, clock: ClockOptions) async throws {
        let (file, store) = try await options.open()
        now = try clock.referenceDate()
        zone = try clock.timeZone(fallback: file.club.timeZone)
        club = file.club
        self.store = store
        engine = BookingEngine(club: file.club, store: store, clock: FixedClock(now))
    }

    /// The zone a location's times are shown in.
    func zone(of locationID: String) -> TimeZone {
        club.location(locationID)?.timeZone ?? club.timeZone
    }
}

/// Exit codes that scripts can rely on.
enum ExitStatus {
    /// The request broke a booking rule or the slot is taken.
    static let refused = ExitCode(3)
}

/// Writes values as pretty, key-sorted JSON on standard output.
enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        Swift.print(String(decoding: data, as: UTF8.self))
    }
}
