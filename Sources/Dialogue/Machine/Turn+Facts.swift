import BookingCore
import BookingEngine
import Foundation
import Understanding

/// The facts a turn has been given, asked for by name: a fact not given yet stops the turn with `Missing`,
/// and the machine hands the request to the driver.
struct TurnFacts {
    let given: [Fact]

    func value(_ request: FactRequest) throws(Missing) -> FactValue {
        guard let fact = given.last(where: { $0.request == request }) else { throw Missing(request: request) }
        return fact.value
    }

    func preview(_ request: BookingRequest) throws(Missing) -> PreviewOutcome {
        if case .preview(let outcome) = try value(.preview(request)) { return outcome }
        throw Missing(request: .preview(request))
    }

    func preview(_ request: RescheduleRequest) throws(Missing) -> PreviewOutcome {
        if case .preview(let outcome) = try value(.previewMove(request)) { return outcome }
        throw Missing(request: .previewMove(request))
    }

    func availability(_ query: AvailabilityQuery) throws(Missing) -> [Slot] {
        if case .slots(let slots) = try value(.availability(query)) { return slots }
        throw Missing(request: .availability(query))
    }

    func bookings(memberPhone phone: String, includePast: Bool = false) throws(Missing) -> [Booking] {
        let request = FactRequest.bookings(phone: phone, includePast: includePast)
        if case .bookings(let bookings) = try value(request) { return bookings }
        throw Missing(request: request)
    }

    func booking(ref: String) throws(Missing) -> Booking? {
        if case .booking(let booking) = try value(.booking(ref: ref)) { return booking }
        throw Missing(request: .booking(ref: ref))
    }

    func tier(forPhone phone: String) throws(Missing) -> Tier? {
        if case .tier(let tier) = try value(.tier(phone: phone)) { return tier }
        throw Missing(request: .tier(phone: phone))
    }

    func quote(location: String, interval: Interval, tierID: String?) throws(Missing) -> PriceQuote {
        let request = FactRequest.quote(location: location, interval: interval, tierID: tierID)
        if case .quote(let quote) = try value(request) { return quote }
        throw Missing(request: request)
    }

    func reading(reference: Date, timeZone: TimeZone, expecting: Expectation) throws(Missing) -> Parse {
        let request = FactRequest.reading(reference: reference, timeZone: timeZone, expecting: expecting)
        if case .reading(let parse) = try value(request) { return parse }
        throw Missing(request: request)
    }

    func outcome(of command: BookingCommand) throws(Missing) -> CommandOutcome {
        if case .outcome(let outcome) = try value(.outcome(command)) { return outcome }
        throw Missing(request: .outcome(command))
    }
}
