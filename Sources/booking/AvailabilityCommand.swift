import ArgumentParser
import BookingCore
import BookingEngine
import Foundation

/// `booking availability`: free slots at a location on a day.
struct AvailabilityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "availability",
        abstract: "List free slots at a location on a day."
    )

    @Option(help: "Location id or alias (e.g. bedford).") var location: String
    @Option(help: "The day, YYYY-MM-DD, in the location's time zone.") var date: String
    @Option(help: "Length of the booking in minutes.") var minutes: Int = 60
    @Option(help: "Only this bay.") var bay: Int?
    @Option(help: "Only bays that take this many players.") var party: Int = 1
    @Flag(help: "Staff view: include slots inside the last-minute cutoff.") var staff = false
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var store: StoreOptions
    @OptionGroup var clock: ClockOptions

    func run() async throws {
        guard let day = LocalDay(date) else {
            throw ValidationError("--date '\(date)' is not a day such as 2026-11-28")
        }
        let session = try await Session(store: store, clock: clock)
        do {
            let slots = try await session.engine.availability(
                AvailabilityQuery(
                    location: location,
                    day: day,
                    minutes: minutes,
                    bay: bay,
                    partySize: party,
                    isStaff: staff
                )
            )
            let zone = session.zone(of: location)
            if json {
                try JSONOutput.print(
                    slots.map {
                        SlotDocument(
                            location: $0.locationID,
                            bay: $0.bay,
                            interval: $0.interval,
                            priceCents: $0.priceCents,
                            zone: zone
                        )
                    }
                )
                return
            }
            if slots.isEmpty { print("No free \(minutes)-minute slots on \(day).") }
            var byStart: [(Date, [Slot])] = []
            for slot in slots {
                if let last = byStart.last, last.0 == slot.interval.start {
                    byStart[byStart.count - 1].1.append(slot)
                } else {
                    byStart.append((slot.interval.start, [slot]))
                }
            }
            for (start, group) in byStart {
                let bays = group.map { String($0.bay) }.joined(separator: ", ")
                print("\(TextFormat.time(start, zone: zone))  bays \(bays)  \(TextFormat.money(group[0].priceCents))")
            }
        } catch let error as BookingError {
            try Refusal.report(error, alternatives: [], json: json, club: session.club)
        }
    }
}

/// How a refused request is reported: the reason and the alternatives, exit status 3.
enum Refusal {
    static func report(_ error: BookingError, alternatives: [Proposal], json: Bool, club: Club) throws -> Never {
        if json {
            let documents = alternatives.map { proposal in
                SlotDocument(
                    location: proposal.locationID,
                    bay: proposal.bay,
                    interval: proposal.interval,
                    priceCents: proposal.priceCents,
                    zone: club.location(proposal.locationID)?.timeZone ?? club.timeZone
                )
            }
            try JSONOutput.print(RejectionDocument(error: error, alternatives: documents))
        } else {
            print(error.message)
            if !alternatives.isEmpty {
                print("Instead:")
                for (index, proposal) in alternatives.enumerated() {
                    print(TextFormat.proposal(index + 1, proposal, club: club))
                }
            }
        }
        throw ExitStatus.refused
    }
}
