import ArgumentParser
import BookingCore
import BookingEngine
import Foundation

/// `booking cancel REF`: cancel a booking and say what the cancellation policy made of it.
struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a booking by its reference."
    )

    @Argument(help: "The booking reference, e.g. K7Q-4M2.") var ref: String
    @Flag(help: "Act as staff.") var staff = false
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var store: StoreOptions
    @OptionGroup var clock: ClockOptions

    func run() async throws {
        let session = try await Session(store: store, clock: clock)
        do {
            let cancellation = try await session.engine.cancel(ref: ref, isStaff: staff)
            let booking = cancellation.booking
            if json {
                try JSONOutput.print(CancellationDocument(cancellation, zone: session.zone(of: booking.locationID)))
            } else {
                print(TextFormat.booking(booking, club: session.club))
                print(
                    cancellation.isLate
                        ? "Late cancellation: inside the cut-off, no refund."
                        : "Refund: \(TextFormat.money(cancellation.refundCents))."
                )
            }
        } catch let error as BookingError {
            try Refusal.report(error, alternatives: [], json: json, club: session.club)
        }
    }
}

/// A cancellation as JSON: the booking's fields plus the policy's effect.
struct CancellationDocument: Encodable {
    let booking: BookingDocument
    let isLate: Bool
    let refundCents: Int

    init(_ cancellation: Cancellation, zone: TimeZone) {
        booking = BookingDocument(cancellation.booking, zone: zone)
        isLate = cancellation.isLate
        refundCents = cancellation.refundCents
    }

    enum CodingKeys: String, CodingKey {
        case isLate = "late"
        case refundCents = "refund_cents"
    }

    func encode(to encoder: any Encoder) throws {
        try booking.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(isLate, forKey: .isLate)
        try container.encode(refundCents, forKey: .refundCents)
    }
}

/// `booking reschedule REF`: move a booking; the old slot is kept if the new one is refused.
struct RescheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reschedule",
        abstract: "Move a booking to a new time, bay or location."
    )

    @Argument(help: "The booking reference.") var ref: String
    @Option(help: "New start, YYYY-MM-DDTHH:MM in the location's time zone.") var start: String?
    @Option(help: "New length in minutes.") var minutes: Int?
    @Option(help: "New bay.") var bay: Int?
    @Option(help: "New location.") var location: String?
    @Flag(help: "Act as staff.") var staff = false
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var store: StoreOptions
    @OptionGroup var clock: ClockOptions

    func run() async throws {
        let session = try await Session(store: store, clock: clock)
        do {
            var startDate: Date?
            if let start {
                let existing = try await session.engine.booking(ref: ref)
                let place = try session.engine.location(location ?? existing?.locationID ?? "")
                startDate = try LocalStart.parse(start, zone: clock.tz == nil ? place.timeZone : session.zone)
            }
            let outcome = try await session.engine.reschedule(
                RescheduleRequest(
                    ref: ref,
                    location: location,
                    bay: bay,
                    start: startDate,
                    minutes: minutes,
                    isStaff: staff
                )
            )
            try BookingReport.report(outcome, json: json, session: session)
        } catch let error as BookingError {
            try Refusal.report(error, alternatives: [], json: json, club: session.club)
        }
    }
}

/// `booking extend REF --minutes N`: add time to a booking on the same bay.
struct ExtendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "extend", abstract: "Add time to a booking.")

    @Argument(help: "The booking reference.") var ref: String
    @Option(help: "Minutes to add.") var minutes: Int = 30
    @Flag(help: "Act as staff.") var staff = false
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var store: StoreOptions
    @OptionGroup var clock: ClockOptions

    func run() async throws {
        let session = try await Session(store: store, clock: clock)
        do {
            let outcome = try await session.engine.extend(ref: ref, byMinutes: minutes, isStaff: staff)
            try BookingReport.report(outcome, json: json, session: session)
        } catch let error as BookingError {
            try Refusal.report(error, alternatives: [], json: json, club: session.club)
        }
    }
}

/// `booking bookings list`: the bookings of a day or a member.
struct BookingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bookings",
        abstract: "Look at bookings.",
        subcommands: [List.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List bookings on a day (default today) or a member's upcoming bookings."
        )

        @Option(help: "The day, YYYY-MM-DD.") var date: String?
        @Option(help: "A member's phone: their upcoming bookings.") var member: String?
        @Flag(help: "Print JSON (an array).") var json = false
        @OptionGroup var store: StoreOptions
        @OptionGroup var clock: ClockOptions

        func run() async throws {
            let session = try await Session(store: store, clock: clock)
            do {
                var bookings: [Booking]
                if let member {
                    bookings = try await session.engine.bookings(memberPhone: member)
                    if let date {
                        guard let day = LocalDay(date) else {
                            throw ValidationError("--date '\(date)' is not YYYY-MM-DD")
                        }
                        bookings = bookings.filter {
                            LocalDay(containing: $0.interval.start, in: session.zone(of: $0.locationID)) == day
                        }
                    }
                } else {
                    let day: LocalDay
                    if let date {
                        guard let parsed = LocalDay(date) else {
                            throw ValidationError("--date '\(date)' is not YYYY-MM-DD")
                        }
                        day = parsed
                    } else {
                        day = LocalDay(containing: session.now, in: session.zone)
                    }
                    bookings = try await session.engine.bookings(on: day)
                }
                if json {
                    try JSONOutput.print(bookings.map { BookingDocument($0, zone: session.zone(of: $0.locationID)) })
                } else if bookings.isEmpty {
                    print("No bookings.")
                } else {
                    for booking in bookings { print(TextFormat.booking(booking, club: session.club)) }
                }
            } catch let error as BookingError {
                try Refusal.report(error, alternatives: [], json: json, club: session.club)
            }
        }
    }
}
