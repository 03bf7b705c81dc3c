import Dialogue
import Foundation
import Metrics
import Prometheus

/// The server's counters and histograms, kept in its own Prometheus registry and served on `/metrics`.
///
/// Each server has its own registry rather than bootstrapping the process-wide `MetricsSystem`, so
/// several servers (tests) can run in one process, and the dispatcher's metrics stay its own.
public final class ServerMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let turns: [Channel: Metrics.Counter]
    private let intents: [String: Metrics.Counter]
    private let bookings: [Channel: Metrics.Counter]
    private let handoffs: Metrics.Counter
    private let turnDurations: [Channel: Metrics.Timer]

    /// Metrics in a registry of their own.
    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .seconds(5),
        ]
        self.factory = factory
        let channels: [Channel] = [.clubos, .sms]
        turns = Dictionary(
            uniqueKeysWithValues: channels.map {
                (
                    $0,
                    Metrics.Counter(
                        label: "agent_turns_total",
                        dimensions: [("channel", $0.rawValue)],
                        factory: factory
                    )
                )
            }
        )
        bookings = Dictionary(
            uniqueKeysWithValues: channels.map {
                (
                    $0,
                    Metrics.Counter(
                        label: "agent_bookings_total",
                        dimensions: [("channel", $0.rawValue)],
                        factory: factory
                    )
                )
            }
        )
        turnDurations = Dictionary(
            uniqueKeysWithValues: channels.map {
                (
                    $0,
                    Metrics.Timer(
                        label: "agent_turn_duration_seconds",
                        dimensions: [("channel", $0.rawValue)],
                        preferredDisplayUnit: .seconds,
                        factory: factory
                    )
                )
            }
        )
        intents = Dictionary(
            uniqueKeysWithValues: Reply.intentNames.map {
                (
                    $0,
                    Metrics.Counter(
                        label: "agent_intents_total",
                        dimensions: [("intent", $0)],
                        factory: factory
                    )
                )
            }
        )
        handoffs = Metrics.Counter(label: "agent_handoffs_total", factory: factory)
    }

    /// Counts a finished turn: its channel, what it was understood as, whether it booked, and how long it took.
    func recordTurn(_ reply: Reply, channel: Channel, duration: Duration) {
        turns[channel]?.increment()
        intents[reply.intentName]?.increment()
        if reply.phase == .booked { bookings[channel]?.increment() }
        if reply.handoff { handoffs.increment() }
        turnDurations[channel]?.recordNanoseconds(duration.nanoseconds)
    }

    /// Counts an error of `kind`: `auth`, `bad_request`, `rate_limited`, `queue_timeout`, `turn`, `store`, ...
    ///
    /// The registry hands back the same counter for the same label and dimensions, so one made per call costs a
    /// lookup, not a new series.
    func recordError(_ kind: String) {
        Metrics.Counter(label: "agent_errors_total", dimensions: [("kind", kind)], factory: factory).increment()
    }

    /// Counts a response and times the whole request, by route and status.
    func recordResponse(route: String, status: Int, duration: Duration) {
        Metrics.Counter(
            label: "agent_http_responses_total",
            dimensions: [("route", route), ("status", String(status))],
            factory: factory
        ).increment()
        Metrics.Timer(
            label: "agent_http_request_duration_seconds",
            dimensions: [("route", route)],
            preferredDisplayUnit: .seconds,
            factory: factory
        ).recordNanoseconds(duration.nanoseconds)
    }

    /// The Prometheus text exposition of everything recorded.
    func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : product &+ attoseconds / 1_000_000_000
    }
}
