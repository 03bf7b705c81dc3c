public import BookingCore
import BookingEngine
public import Dialogue
import Foundation
public import Hummingbird
public import Logging
import NIOCore
import NIOPosix

/// The door customers come through: the ClubOS V3 and Twilio SMS webhooks, plus health and metrics.
///
/// Every message is authenticated before anything else happens, answered once per message id (a retry
/// gets the stored answer), and run as its conversation's next turn; different conversations run in
/// parallel. `booking serve` builds one and runs it until SIGINT or SIGTERM.
public struct AgentServer: Sendable {
    let configuration: ServerConfiguration
    let club: Club
    let runner: TurnRunner
    let messages: any MessageLog
    let optOuts: any OptOutList
    let clock: any Clock
    let limiter: RateLimiter
    let clubOS: ClubOSSignature?
    let twilio: TwilioSignature?
    /// What the server says outside a turn, in the conversation's language.
    let phrases: ServerPhrases
    let logger: Logger
    /// The server's counters and histograms, as `/metrics` serves them.
    public let metrics: ServerMetrics

    /// A server that answers each message through `driver`.
    ///
    /// The driver comes ready from `booking serve` (parser, engine and stores inside), built with the same
    /// message log as `messages`, so an answer commits with the turn that made it.
    ///
    /// - Throws: `ServerConfigurationError` when a secret is missing without `--insecure-dev`.
    public init(
        configuration: ServerConfiguration,
        driver: DialogueDriver,
        messages: any MessageLog,
        optOuts: any OptOutList,
        clock: any Clock,
        logger: Logger = Logger(label: "AgentServer")
    ) throws(ServerConfigurationError) {
        let unsigned = try configuration.validate()
        for name in unsigned {
            logger.warning("--insecure-dev: \(name) is not set, so requests on its route are accepted unsigned")
        }
        self.configuration = configuration
        club = driver.club
        phrases = ServerPhrases(wording: driver.wording)
        self.messages = messages
        self.optOuts = optOuts
        self.clock = clock
        self.logger = logger
        let metrics = ServerMetrics()
        self.metrics = metrics
        runner = TurnRunner(
            driver: driver,
            messages: messages,
            queues: ConversationQueues(),
            clock: clock,
            metrics: metrics,
            queueTimeout: configuration.limits.queueTimeout
        )
        limiter = RateLimiter(perMinute: configuration.limits.messagesPerMinute, burst: configuration.limits.burst)
        clubOS = configuration.clubOSSecret.map {
            ClubOSSignature(secret: $0, tolerance: configuration.limits.signatureTolerance)
        }
        twilio = configuration.twilioAuthToken.map { TwilioSignature(authToken: $0) }
    }

    /// The routes, for `makeApplication` and for tests that drive the router without a socket.
    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.post("/v1/clubos/messages") { request, context in
            await timed(route: "clubos") { await handleClubOS(request, context: context) }
        }
        router.post("/v1/sms/twilio") { request, context in
            await timed(route: "twilio") { await handleTwilio(request, context: context) }
        }
        router.get("/healthz") { _, _ in
            await timed(route: "healthz") { await health() }
        }
        router.get("/metrics") { _, _ in
            Responses.text(.ok, metrics.exposition(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        return router
    }

    /// The Hummingbird application bound to the configured host and port.
    ///
    /// - Parameter onRunning: called with the bound port once the server accepts connections (port 0 picks one).
    /// - Returns: the application, to run as a service.
    public func makeApplication(
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> Application<RouterResponder<BasicRequestContext>> {
        let logger = self.logger
        return Application(
            router: makeRouter(),
            server: .http1(configuration: .init(idleTimeout: .seconds(configuration.limits.idleTimeoutSeconds))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.info("listening", metadata: ["host": "\(configuration.host)", "port": "\(port)"])
                await onRunning(port)
            },
            logger: logger
        )
    }

    /// Runs Swift concurrency's jobs on the server's event loops.
    ///
    /// A turn then stays on the event loop that read its request instead of hopping to Swift's own
    /// thread pool and back; on two cores those hops and wake-ups cost about a tenth of a turn's CPU.
    /// Call once, before serving.
    ///
    /// - Returns: whether the event loops now run concurrency's jobs.
    @discardableResult
    public static func runConcurrencyOnEventLoops() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    /// Serves until SIGINT or SIGTERM, then stops accepting connections and finishes the turns in flight.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await makeApplication(onRunning: onRunning).runService()  // stops gracefully on SIGTERM and SIGINT
    }

    /// `GET /healthz`: 200 when the database answers, 503 when it does not.
    func health() async -> Response {
        do {
            try await messages.ping()
            return Responses.json(.ok, Data(#"{"database":"ok","status":"ok"}"#.utf8))
        } catch {
            metrics.recordError("health")
            logger.error("health check: database unreachable", metadata: ["error": "\(type(of: error))"])
            return Responses.json(.serviceUnavailable, Data(#"{"database":"unreachable","status":"unavailable"}"#.utf8))
        }
    }

    private func timed(route: String, _ body: () async -> Response) async -> Response {
        let started = ContinuousClock.now
        let response = await body()
        metrics.recordResponse(route: route, status: response.status.code, duration: ContinuousClock.now - started)
        return response
    }
}
