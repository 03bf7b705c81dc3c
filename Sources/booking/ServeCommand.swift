import AgentServer
import ArgumentParser
import BookingCore
import BookingEngine
import ClubConfig
import Dialogue
import Foundation
import Integrations
import Logging
import Understanding

/// `booking serve`: the ClubOS V3 and Twilio SMS webhooks, until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the webhook server: POST /v1/clubos/messages, POST /v1/sms/twilio, GET /healthz, GET /metrics.",
        discussion: """
            Secrets come from the environment: CLUBOS_WEBHOOK_SECRET (ClubOS V3 HMAC-SHA256), TWILIO_AUTH_TOKEN \
            (Twilio HMAC-SHA1) and BOOKING_PUBLIC_URL (the base URL Twilio posts to, when behind a proxy). Without \
            the secrets the server refuses to start unless --insecure-dev is given.
            """
    )

    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on; 0 picks a free one.") var port = 8080
    @Option(help: "The Grammars directory. Default: $BOOKING_GRAMMARS, else ./Grammars.") var grammars: String?
    @Flag(help: "Accept unsigned requests when a secret is not set. For a developer's machine only.")
    var insecureDev = false
    @Option(help: "Messages one sender may send per minute on average.") var rateLimit: Double = 20
    @Option(help: "Messages one sender may send in a burst.") var rateBurst: Double = 10
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical. Message text is logged at debug.")
    var logLevel = "info"
    @Option(help: "Seconds between outbox passes (deliveries to ClubOS, UniFi, NinjaOne, HubSpot, reminders).")
    var outboxPollInterval: Double = 2
    @Flag(help: "Do not run the outbox dispatcher beside the server (run `booking outbox run` instead).")
    var noOutbox = false
    @OptionGroup var retention: RetentionOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var clock: ClockOptions

    /// `--grammars`, `$BOOKING_GRAMMARS` or `./Grammars`, with its `en` folder when it has one.
    var languageDirectory: String { AgentParser.languageDirectory(grammars: grammars) }

    func run() async throws {
        // Before any other work: turns then run on the event loop that read their request.
        AgentServer.runConcurrencyOnEventLoops()
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("--log-level '\(logLevel)' is not one of trace, debug, info, notice, warning, error")
        }
        LoggingSystem.bootstrap { label in LineLogHandler(label: label, level: level) }
        let logger = Logger(label: "booking.serve")
        var configuration = ServerConfiguration(host: host, port: port, isInsecureDevelopment: insecureDev)
        configuration.readEnvironment(ProcessInfo.processInfo.environment)
        configuration.limits.messagesPerMinute = rateLimit
        configuration.limits.burst = rateBurst
        do {
            _ = try configuration.validate()
        } catch {
            throw ValidationError(error.description)
        }

        try await store.withAgentStore { file, store in
            try await serve(file: file, store: store, configuration: configuration, logger: logger)
        }
    }

    private func serve(
        file: ClubFile,
        store: any AgentStore,
        configuration: ServerConfiguration,
        logger: Logger
    ) async throws {
        var club = file.club
        club.timeZone = try clock.timeZone(fallback: club.timeZone)
        let serverClock: any Clock = try clock.now.map { _ in FixedClock(try clock.referenceDate()) } ?? SystemClock()
        let engine = BookingEngine(club: club, store: store, clock: serverClock)
        let parser = GrammarMessageParser(
            parser: try UtteranceParser(grammarsDirectory: languageDirectory, club: club)
        )
        let integrations: IntegrationSettings
        do {
            integrations = try IntegrationSettings.fromEnvironment(ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError(error.description)
        }
        let dialogue = DialogueSettings(
            refreshMember: Self.memberRefresher(integrations, engine: engine, store: store, clock: serverClock),
            afterCommit: Failpoints.afterCommit(ProcessInfo.processInfo.environment)
        )
        let driver = DialogueDriver(
            engine: engine,
            parser: parser,
            conversations: store,
            messages: store,
            wording: try ReplyWording.load(directory: languageDirectory),
            clock: serverClock,
            settings: dialogue
        )
        let server = try AgentServer(
            configuration: configuration,
            driver: driver,
            messages: store,
            optOuts: store,
            clock: serverClock,
            logger: logger
        )
        // The dispatcher runs beside the server and stops with it.
        let outbox = try dispatcher(club: club, store: store, clock: serverClock, logger: logger)
        let delivering = Task {
            guard let outbox else { return }
            let interval = Duration.milliseconds(Int64(outboxPollInterval * 1000))
            await outbox.run(pollInterval: interval) { error in
                logger.warning("outbox pass failed", metadata: ["error": "\(error)"])
            }
        }
        defer { delivering.cancel() }
        // Old answers and idle conversations are forgotten at start and then every hour.
        let pruning = Task {
            while !Task.isCancelled {
                do {
                    let report = try await retention.prune(
                        store,
                        now: serverClock.now(),
                        expiryMinutes: club.policies.conversationExpiryMinutes
                    )
                    logger.info(
                        "pruned",
                        metadata: ["answers": "\(report.answers)", "conversations": "\(report.conversations)"]
                    )
                } catch {
                    logger.warning("prune failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(3600))
            }
        }
        defer { pruning.cancel() }
        try await server.run()
    }

    /// Refreshes a customer's tier and tags from HubSpot before their turn, when HubSpot is configured.
    ///
    /// HubSpot's answer (cached for 15 minutes) replaces the local record's when it names a tier the
    /// club has. An outage leaves the local record, so a booking never waits on the CRM beyond the
    /// client's timeout.
    static func memberRefresher(
        _ settings: IntegrationSettings,
        engine: BookingEngine,
        store: any BookingStore,
        clock: any Clock
    ) -> (@Sendable (String) async -> Void)? {
        guard let hubSpot = settings.hubSpot else { return nil }
        let client = HubSpotClient(
            baseURL: hubSpot.baseURL,
            accessToken: hubSpot.accessToken,
            transport: URLSessionTransport(),
            timeout: min(settings.timeout, 2)
        )
        let profiles = MemberProfiles(client: client, clock: clock)
        let club = engine.club
        return { phone in
            guard let key = PhoneNumber.e164(phone) else { return }
            let local =
                (try? await engine.member(phone: key))
                ?? Member(phone: key, name: "", tierID: club.defaultTier?.id ?? club.policies.defaultTierID)
            let profile = await profiles.profile(for: local)
            guard profile.source == .hubSpot, club.tier(profile.tierID) != nil,
                profile.tierID != local.tierID || profile.tags != local.tags
            else { return }
            var updated = local
            updated.tierID = profile.tierID
            updated.tags = profile.tags
            updated.hubspotID = profile.contactID ?? local.hubspotID
            let member = updated
            _ = try? await store.write { try $0.save(member) }
        }
    }

    /// The outbox dispatcher for the services configured in the environment, or nil with `--no-outbox`.
    private func dispatcher(
        club: Club,
        store: any AgentStore,
        clock: any Clock,
        logger: Logger
    ) throws
        -> OutboxDispatcher?
    {
        guard !noOutbox else { return nil }
        guard outboxPollInterval > 0, outboxPollInterval.isFinite else {
            throw ValidationError("--outbox-poll-interval must be a positive number of seconds")
        }
        let settings: IntegrationSettings
        do {
            settings = try IntegrationSettings.fromEnvironment(ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError(error.description)
        }
        let enabled = settings.enabledServices.map(\.rawValue).sorted().joined(separator: ", ")
        logger.info("outbox dispatcher", metadata: ["services": "\(enabled.isEmpty ? "none configured" : enabled)"])
        return OutboxDispatcher(
            outbox: store,
            club: club,
            planner: DeliveryPlanner(enabledServices: settings.enabledServices),
            performers: settings.performers(store: store, transport: URLSessionTransport(), clock: clock),
            clock: clock,
            configuration: settings.dispatch
        )
    }
}

/// The grammar parser as the dialogue's parser, without depending on where its conformance is declared.
private struct GrammarMessageParser: MessageParser {
    let parser: UtteranceParser

    func parse(_ text: String, reference: Date, timeZone: TimeZone, expecting: Expectation) -> Parse {
        parser.parse(text, reference: reference, timeZone: timeZone, expecting: expecting)
    }
}

/// Crash points for the tests that kill `booking serve` mid-turn; compiled into debug builds only.
enum Failpoints {
    /// `BOOKING_FAILPOINT_KILL_AFTER_COMMIT=<message id>`: SIGKILL the process once that message's booking
    /// change has committed and before its answer is written to the socket.
    static func afterCommit(_ environment: [String: String]) -> (@Sendable (String?) -> Void)? {
        #if DEBUG
        guard let target = environment["BOOKING_FAILPOINT_KILL_AFTER_COMMIT"], !target.isEmpty else { return nil }
        return { messageID in
            if messageID == target { kill(getpid(), SIGKILL) }
        }
        #else
        return nil
        #endif
    }
}
