import ArgumentParser
import BookingCore
import ClubConfig
import Foundation

/// `booking db`: the database's lifecycle.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Create and update the database.",
        subcommands: [Initialize.self, Prune.self]
    )

    /// `booking db init`: migrate and seed the club; safe to run again.
    struct Initialize: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create or migrate the database and load the club from the config (idempotent)."
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var clock: ClockOptions

        func run() async throws {
            let (file, _) = try await store.open()
            let bays = file.club.locations.reduce(0) { $0 + $1.bays.count }
            print(
                "\(store.db): \(file.club.name), \(file.club.locations.count) locations, \(bays) bays, "
                    + "\(file.members.count) members"
            )
        }
    }

    /// `booking db prune`: forget old answers and idle conversations now (`booking serve` does it hourly).
    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete answers and idle conversations older than the retention (SQLite or PostgreSQL)."
        )

        @OptionGroup var retention: RetentionOptions
        @OptionGroup var store: StoreOptions
        @OptionGroup var clock: ClockOptions

        func run() async throws {
            let now = try clock.referenceDate()
            let report = try await store.withAgentStore { file, store in
                try await retention.prune(store, now: now, expiryMinutes: file.club.policies.conversationExpiryMinutes)
            }
            print("Forgot \(report.answers) answered messages and \(report.conversations) idle conversations.")
        }
    }
}

/// How long answered message ids and idle conversations are kept.
struct RetentionOptions: ParsableArguments {
    @Option(help: "Days to keep answered message ids; a webhook retry within them gets the stored answer.")
    var keepAnswersDays = 30
    @Option(help: "Days to keep an idle conversation's state (never less than the club's conversation expiry).")
    var keepConversationsDays = 90

    func validate() throws {
        guard keepAnswersDays >= 1, keepConversationsDays >= 1 else {
            throw ValidationError("--keep-answers-days and --keep-conversations-days must be at least 1")
        }
    }

    /// Prunes what is older than the retention at `now`.
    func prune(_ store: any Retention, now: Date, expiryMinutes: Int) async throws -> PruneReport {
        let day = 86_400.0
        let idle = max(Double(keepConversationsDays) * day, Double(expiryMinutes) * 60)
        return try await store.prune(
            answeredBefore: now.addingTimeInterval(-Double(keepAnswersDays) * day),
            idleBefore: now.addingTimeInterval(-idle)
        )
    }
}
