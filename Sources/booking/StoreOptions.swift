import ArgumentParser
import BookingCore
import BookingEngine
import BookingStorePostgres
import BookingStoreSQLite
import ClubConfig
import Foundation

/// `--db` and `--config`: which database file and which club.
struct StoreOptions: ParsableArguments {
    @Option(
        help: """
            The SQLite database file; created, migrated and seeded when needed. `booking serve` also takes a \
            postgres://user[:password]@host[:port]/database URL, for several instances on one database.
            """
    )
    var db: String = "./booking.sqlite"

    @Option(help: "The club configuration. Default: $BOOKING_CONFIG, else Config/club.yaml.")
    var config: String?

    /// The configuration file to read.
    var configPath: String {
        config ?? ProcessInfo.processInfo.environment["BOOKING_CONFIG"] ?? "Config/club.yaml"
    }

    /// Whether `--db` names a PostgreSQL server rather than a SQLite file.
    var isPostgres: Bool { db.hasPrefix("postgres://") || db.hasPrefix("postgresql://") }

    /// Loads the club, opens (migrating) the SQLite store and brings the club's rows up to date.
    func open() async throws -> (ClubFile, SQLiteBookingStore) {
        guard !isPostgres else {
            throw ValidationError(
                "--db \(db): a PostgreSQL URL is for `booking serve`, `booking outbox` and `booking db prune`; this command needs a SQLite file"
            )
        }
        let file = try ClubConfigLoader.load(path: configPath)
        let store = try SQLiteBookingStore(path: db)
        try await store.seed(club: file.club, members: file.members)
        return (file, store)
    }

    /// Runs `body` with the club and the store the server and the outbox commands need, then closes it.
    ///
    /// That is the SQLite file, or PostgreSQL for a `postgres://` URL (migrated, with the club's members
    /// brought up to date).
    func withAgentStore<T>(_ body: (ClubFile, any AgentStore) async throws -> T) async throws -> T {
        guard isPostgres else {
            let (file, store) = try await open()
            return try await body(file, store)
        }
        let file = try ClubConfigLoader.load(path: configPath)
        let settings: PostgresSettings
        do {
            settings = try PostgresSettings(url: db)
        } catch {
            throw ValidationError("\(error)")
        }
        let store = try await PostgresBookingStore.open(settings)
        do {
            try await store.seed(members: file.members)
            let result = try await body(file, store)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }
}

/// What the server keeps in its database.
///
/// Bookings, conversations, answered messages, opt-outs and the outbox; both stores provide it.
typealias AgentStore = BookingStore & ConversationStore & MessageLog & OptOutList & Outbox & Retention

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
