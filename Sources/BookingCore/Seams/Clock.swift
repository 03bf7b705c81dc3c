public import Foundation

/// Where "now" comes from, so every path that reads the clock can be run at a chosen instant.
public protocol Clock: Sendable {
    func now() -> Date
}

/// The machine's clock.
public struct SystemClock: Clock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock stopped at one instant: `--now` on the command line, and tests.
public struct FixedClock: Clock {
    public var instant: Date
    public init(_ instant: Date) { self.instant = instant }
    public func now() -> Date { instant }
}
