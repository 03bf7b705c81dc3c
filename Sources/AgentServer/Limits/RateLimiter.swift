import Synchronization

/// A token bucket per sender: `burst` messages at once, refilled at `perMinute` a minute.
///
/// It runs on the monotonic clock, not the booking clock, so a server started with a fixed `--now`
/// still refills. Buckets that have refilled completely are forgotten, so memory follows the senders
/// active in the last few minutes.
final class RateLimiter: Sendable {
    /// What the limiter decided for one message.
    enum Decision: Equatable {
        case allowed
        /// Over the limit; `isFirst` is true for the first refusal since the sender was last allowed, so a
        /// channel that answers with a message (SMS) says it once rather than to every message.
        case limited(retryAfterSeconds: Int, isFirst: Bool)
    }

    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
        var hasWarned: Bool
    }

    private let perSecond: Double
    private let burst: Double
    private struct Buckets {
        var bySender: [String: Bucket] = [:]
        /// The count at which the next prune runs: twice what survived the last one, so pruning costs
        /// O(1) per message however many senders are active (a prune on every message once more than
        /// a threshold were active stalled the server for most of a second under load).
        var pruneAt: Int
    }

    private let buckets: Mutex<Buckets>
    private static let minimumPruneAt = 10_000

    init(perMinute: Double, burst: Double) {
        perSecond = max(perMinute, 0.001) / 60
        self.burst = max(burst, 1)
        buckets = Mutex(Buckets(pruneAt: Self.minimumPruneAt))
    }

    /// Takes one token for `sender` at `now`.
    func admit(_ sender: String, now: ContinuousClock.Instant = .now) -> Decision {
        buckets.withLock { buckets in
            if buckets.bySender.count >= buckets.pruneAt {
                prune(&buckets.bySender, now: now)
                buckets.pruneAt = max(Self.minimumPruneAt, 2 * buckets.bySender.count)
            }
            var bucket = buckets.bySender[sender] ?? Bucket(tokens: burst, updated: now, hasWarned: false)
            bucket.tokens = min(burst, bucket.tokens + (now - bucket.updated).seconds * perSecond)
            bucket.updated = now
            defer { buckets.bySender[sender] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                bucket.hasWarned = false
                return .allowed
            }
            let wait = Int(((1 - bucket.tokens) / perSecond).rounded(.up))
            let isFirst = !bucket.hasWarned
            bucket.hasWarned = true
            return .limited(retryAfterSeconds: max(wait, 1), isFirst: isFirst)
        }
    }

    /// How many senders the limiter keeps a bucket for: what memory it holds.
    var trackedSenders: Int { buckets.withLock { $0.bySender.count } }

    private func prune(_ buckets: inout [String: Bucket], now: ContinuousClock.Instant) {
        buckets = buckets.filter { _, bucket in
            bucket.tokens + (now - bucket.updated).seconds * perSecond < burst
        }
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
