import ArgumentParser
import BookingCore
import BookingEngine
import Foundation

/// `booking book`: book a bay for a member, or say why not and what would work instead.
struct BookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "book",
        abstract: "Book a bay. Exit 0 with the booking; exit 3 with the reason and alternatives."
    )

    @Option(help: "Location id or alias.") var location: String
    @Option(help: "Bay number; without it the first free bay that fits the party.") var bay: Int?
    @Option(help: "Start, YYYY-MM-DDTHH:MM in the location's time zone.") var start: String
    @Option(help: "Length in minutes.") var minutes: Int = 60
    @Option(help: "The member's phone number.") var member: String
    @Option(help: "The member's name, for a customer the club does not know yet.") var name: String?
    @Option(help: "Number of players.") var party: Int = 1
    @Option(help: "An idempotency key: the same key again returns the same booking.") var key: String?
    @Flag(help: "Act as staff: may book inside the last-minute cutoff.") var staff = false
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var store: StoreOptions
    @OptionGroup var clock: ClockOptions

    func run() async throws {
        let session = try await Session(store: store, clock: clock)
        do {
            let place = try session.engine.location(location)
            let zone = clock.tz == nil ? place.timeZone : session.zone
            let startDate = try LocalStart.parse(start, zone: zone)
            let outcome = try await session.engine.book(
                BookingRequest(
                    location: place.id,
                    bay: bay,
                    start: startDate,
                    minutes: minutes,
                    memberPhone: member,
                    memberName: name,
                    partySize: party,
                    channel: "cli",
                    isStaff: staff,
                    idempotencyKey: key
                )
            )
            try BookingReport.report(outcome, json: json, session: session)
        } catch let error as BookingError {
            try Refusal.report(error, alternatives: [], json: json, club: session.club)
        }
    }
}

/// Prints a booking outcome the same way for book, reschedule and extend.
enum BookingReport {
    static func report(_ outcome: BookingOutcome, json: Bool, session: Session) throws {
        switch outcome {
        case .booked(let booking, _):
            if json {
                try JSONOutput.print(BookingDocument(booking, zone: session.zone(of: booking.locationID)))
            } else {
                print(TextFormat.booking(booking, club: session.club))
            }
        case .rejected(let error, let alternatives):
            try Refusal.report(error, alternatives: alternatives, json: json, club: session.club)
        }
    }
}

/// Reads `YYYY-MM-DDTHH:MM` as a wall-clock time in a zone.
enum LocalStart {
    static func parse(_ text: String, zone: TimeZone) throws -> Date {
        let parts = text.split(separator: "T", maxSplits: 1).map(String.init)
        let clock = parts.count == 2 ? parts[1].split(separator: ":").map(String.init) : []
        guard parts.count == 2, let day = LocalDay(parts[0]), clock.count == 2,
            clock[0].count == 2, clock[1].count == 2,
            let hour = Int(clock[0]), let minute = Int(clock[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else {
            throw ValidationError("--start '\(text)' is not a local time such as 2026-11-28T19:00")
        }
        return LocalCalendar.instant(day, minuteOfDay: hour * 60 + minute, in: zone)
    }
}
