public import Foundation

/// A half-open span of time [start, end): a booking ending at 9 and one starting at 9 do not overlap.
public struct Interval: Sendable, Equatable, Hashable, Codable {
    public var start: Date
    public var end: Date

    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }

    public init(start: Date, minutes: Int) {
        self.init(start: start, end: start.addingTimeInterval(Double(minutes) * 60))
    }

    /// Elapsed minutes, rounded down.
    public var minutes: Int { Int(end.timeIntervalSince(start) / 60) }

    /// Whether the two spans share any instant.
    public func overlaps(_ other: Interval) -> Bool {
        start < other.end && other.start < end
    }

    /// Whether `other` lies entirely inside this span.
    public func contains(_ other: Interval) -> Bool {
        start <= other.start && other.end <= end
    }

    /// The span grown by `minutes` at both ends; used for buffers between bookings.
    public func widened(byMinutes minutes: Int) -> Interval {
        let seconds = Double(minutes) * 60
        return Interval(start: start.addingTimeInterval(-seconds), end: end.addingTimeInterval(seconds))
    }
}
