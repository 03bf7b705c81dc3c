import ArgumentParser
import BookingCore
import BookingEngine
import Foundation

/// `booking` on its own: opens (creating) the database on the demo club and shows the club today.
struct OverviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overview",
        abstract: "Show the club today: locations, free bays now, and today's bookings."
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var clock: ClockOptions

    func run() async throws {
        let session = try await Session(store: store, clock: clock)
        let club = session.club
        let today = LocalDay(containing: session.now, in: session.zone)
        print(
            "\(club.name) — \(TextFormat.day(session.now, zone: session.zone)) \(TextFormat.time(session.now, zone: session.zone))"
        )
        for location in club.locations {
            let day = LocalDay(containing: session.now, in: location.timeZone)
            let slots = try await session.engine.availability(AvailabilityQuery(location: location.id, day: day))
            let next = slots.first.map {
                "next free: bay \($0.bay) at \(TextFormat.time($0.interval.start, zone: location.timeZone))"
            }
            print(
                "  \(location.name) (\(location.id)): \(location.bays.count) bays, \(slots.count) free hour slots today; \(next ?? "fully booked today")"
            )
        }
        let bookings = try await session.engine.bookings(on: today).filter { $0.status == .confirmed }
        print("Bookings today: \(bookings.count)")
        for booking in bookings.prefix(10) { print("  " + TextFormat.booking(booking, club: club)) }
        print("")
        print("Try: booking availability --location bedford --date \(today)")
        print(
            "     booking book --location bedford --start \(today.adding(days: 1))T19:00 --minutes 120 --member 902-555-0101 --party 4"
        )
        print("     booking --help")
    }
}
