import ArgumentParser
import Foundation

/// `booking db`: the database's lifecycle.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Create and update the database.",
        subcommands: [Initialize.self]
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
}
