import ArgumentParser

/// The `booking` command: staff tools, the agent, and the scripts' interface to the club.
@main
struct BookingTool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "booking",
        abstract: "BookingAgent: bookings for 24/7 golf-simulator clubs.",
        subcommands: [
            ReplCommand.self,
            ServeCommand.self,
            OverviewCommand.self,
            AvailabilityCommand.self,
            BookCommand.self,
            CancelCommand.self,
            RescheduleCommand.self,
            ExtendCommand.self,
            BookingsCommand.self,
            DatabaseCommand.self,
            TimeCommand.self,
            ParseCommand.self,
            FixturesCommand.self,
            OutboxCommand.self,
        ],
        defaultSubcommand: ReplCommand.self
    )
}
