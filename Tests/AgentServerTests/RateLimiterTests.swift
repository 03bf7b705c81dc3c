import Testing

@testable import AgentServer

@Suite("Per-sender rate limit")
struct RateLimiterTests {
    @Test func aSenderGetsItsBurstThenWaitsForTheRefill() {
        let limiter = RateLimiter(perMinute: 20, burst: 3)
        let start = ContinuousClock.now
        for _ in 0..<3 { #expect(limiter.admit("+19025550101", now: start) == .allowed) }
        #expect(limiter.admit("+19025550101", now: start) == .limited(retryAfterSeconds: 3, isFirst: true))
        #expect(limiter.admit("+19025550101", now: start) == .limited(retryAfterSeconds: 3, isFirst: false))
        #expect(limiter.admit("+19025550102", now: start) == .allowed)
        #expect(limiter.admit("+19025550101", now: start + .seconds(4)) == .allowed)
    }

    /// Tens of thousands of senders active at once (a load run, a spam wave) must neither grow memory
    /// without bound nor make every message pay for a sweep of all buckets.
    @Test func manyActiveSendersArePrunedInBatchesAndForgottenOnceRefilled() {
        let limiter = RateLimiter(perMinute: 20, burst: 10)
        let start = ContinuousClock.now
        for sender in 0..<50_000 {
            // Each sender spends a token within 2.5 s: every bucket is still refilling (3 s a token) at the end.
            let now = start + .milliseconds(sender / 20)
            #expect(limiter.admit("sender-\(sender)", now: now) == .allowed)
        }
        // Every bucket is still refilling, so all are kept; later ones still get their own decision.
        #expect(limiter.trackedSenders == 50_000)
        #expect(limiter.admit("sender-49999", now: start + .seconds(5)) == .allowed)
        // A minute later every bucket has refilled: the next prune forgets them all but the new ones.
        let later = start + .seconds(60)
        for sender in 0..<60_000 { _ = limiter.admit("late-\(sender)", now: later) }
        #expect(limiter.trackedSenders < 70_000)
        #expect(limiter.trackedSenders >= 60_000)
    }
}
