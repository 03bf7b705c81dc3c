import BookingCore
import Foundation

/// A clock that moves only when a test moves it, so backoff and scheduled deliveries are tested without sleeping.
final class ManualClock: Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var instant: Date

    init(_ instant: Date) {
        self.instant = instant
    }

    func now() -> Date {
        lock.withLock { instant }
    }

    func advance(by seconds: TimeInterval) {
        lock.withLock { instant = instant.addingTimeInterval(seconds) }
    }

    func set(_ date: Date) {
        lock.withLock { instant = date }
    }
}

/// A random source that always answers the same number, so jitter is predictable.
struct FixedRandom {
    static let half: @Sendable () -> Double = { 0.5 }
}
