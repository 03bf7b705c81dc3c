import BookingCore
import Foundation
import Testing

@Suite("Outbox payloads: the bytes JSONEncoder writes")
struct BookingEventTests {
    /// What the payload was before it was written by hand, and what every store's dispatcher reads.
    static func encoderPayload(_ event: BookingEvent) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(event), as: UTF8.self)
    }

    /// Events over the whole range of their fields: instants with and without milliseconds, before 1970 and
    /// far ahead, every optional present and absent, and text that must be escaped.
    static let events: [BookingEvent] = {
        var state: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let texts = ["plain", "with \"quotes\" and \\", "émoji 🏌️", "tab\tnew\nline", "", "a/b"]
        return (0..<300).map { index in
            let start = Date(timeIntervalSince1970: Double(next(4_000_000_000) - 100_000_000))
            let created = start.addingTimeInterval(-Double(next(10_000_000)) - Double(next(1000)) / 1000)
            let booking = Booking(
                ref: texts[next(texts.count)] + "\(index)",
                locationID: texts[next(texts.count)],
                bay: next(40) - 2,
                interval: Interval(start: start, minutes: 30 * (1 + next(8))),
                memberPhone: "+1902555\(1000 + next(9000))",
                partySize: 1 + next(8),
                status: next(2) == 0 ? .confirmed : .cancelled,
                priceCents: next(100_000),
                channel: texts[next(texts.count)],
                createdAt: created,
                updatedAt: created.addingTimeInterval(Double(next(5000)) / 7),
                idempotencyKey: next(2) == 0 ? nil : texts[next(texts.count)]
            )
            let moved = next(2) == 0
            return BookingEvent(
                id: "\(booking.ref):\(index)",
                kind: BookingEvent.Kind.allCases[next(BookingEvent.Kind.allCases.count)],
                occurredAt: created.addingTimeInterval(0.5),
                booking: booking,
                previousInterval: moved ? Interval(start: start.addingTimeInterval(-3600), minutes: 60) : nil,
                previousLocationID: moved && next(2) == 0 ? texts[next(texts.count)] : nil,
                previousBay: moved ? next(12) : nil
            )
        }
    }()

    @Test func payloadsAreTheEncodersBytes() throws {
        for event in Self.events {
            let payload = try event.storedPayload()
            #expect(payload == (try Self.encoderPayload(event)))
            let read = try BookingEvent(storedPayload: payload)
            #expect(read.id == event.id && read.booking.ref == event.booking.ref)
        }
    }
}
