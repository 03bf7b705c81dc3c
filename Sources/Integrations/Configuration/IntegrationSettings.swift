public import BookingCore
public import Foundation

/// Which club systems to reach and how, read from environment variables.
///
/// Secrets stay out of files in the repository: every base URL and credential comes from the environment. A
/// service is enabled when its required variables are set; the planner gives disabled services no deliveries.
/// Door ids per location come from `UNIFI_ACCESS_DOORS_<LOCATION ID>`; simulator device ids from the club config.
public struct IntegrationSettings: Sendable {
    /// ClubOS V3.
    public struct ClubOS: Sendable, Equatable {
        public var baseURL: URL
        public var apiToken: String

        public init(baseURL: URL, apiToken: String) {
            self.baseURL = baseURL
            self.apiToken = apiToken
        }
    }

    /// UniFi Access.
    public struct UniFiAccess: Sendable, Equatable {
        public var baseURL: URL
        public var apiToken: String
        /// Door ids per location id.
        public var doors: [String: [String]]

        public init(baseURL: URL, apiToken: String, doors: [String: [String]]) {
            self.baseURL = baseURL
            self.apiToken = apiToken
            self.doors = doors
        }
    }

    /// NinjaOne.
    public struct NinjaOne: Sendable, Equatable {
        public var baseURL: URL
        public var clientID: String
        public var clientSecret: String
        public var prepareScriptID: Int
        public var resetScriptID: Int

        public init(baseURL: URL, clientID: String, clientSecret: String, prepareScriptID: Int, resetScriptID: Int) {
            self.baseURL = baseURL
            self.clientID = clientID
            self.clientSecret = clientSecret
            self.prepareScriptID = prepareScriptID
            self.resetScriptID = resetScriptID
        }
    }

    /// HubSpot.
    public struct HubSpot: Sendable, Equatable {
        public var baseURL: URL
        public var accessToken: String

        public init(baseURL: URL, accessToken: String) {
            self.baseURL = baseURL
            self.accessToken = accessToken
        }
    }

    /// The SMS reminder sink (Twilio's Messages API shape).
    public struct Reminder: Sendable, Equatable {
        public var baseURL: URL
        public var accountSID: String
        public var authToken: String
        public var fromNumber: String

        public init(baseURL: URL, accountSID: String, authToken: String, fromNumber: String) {
            self.baseURL = baseURL
            self.accountSID = accountSID
            self.authToken = authToken
            self.fromNumber = fromNumber
        }
    }

    public var clubOS: ClubOS?
    public var uniFiAccess: UniFiAccess?
    public var ninjaOne: NinjaOne?
    public var hubSpot: HubSpot?
    public var reminder: Reminder?
    /// Seconds before any call is abandoned.
    public var timeout: TimeInterval
    public var dispatch: DispatchStateMachine.Configuration

    /// The services whose settings are complete.
    public var enabledServices: Set<IntegrationService> {
        var services: Set<IntegrationService> = []
        if clubOS != nil { services.insert(.clubOS) }
        if uniFiAccess != nil { services.insert(.uniFiAccess) }
        if ninjaOne != nil { services.insert(.ninjaOne) }
        if hubSpot != nil { services.insert(.hubSpot) }
        if reminder != nil { services.insert(.reminder) }
        return services
    }

    /// Reads the settings; a variable that is set but malformed is an error naming the variable, never its value.
    public static func fromEnvironment(_ environment: [String: String]) throws(IntegrationSettingsError) -> Self {
        let reader = EnvironmentReader(environment: environment)
        var settings = IntegrationSettings(
            timeout: try reader.seconds("INTEGRATIONS_TIMEOUT_SECONDS") ?? 10,
            dispatch: DispatchStateMachine.Configuration(
                maxAttempts: try reader.integer("OUTBOX_MAX_ATTEMPTS") ?? 8,
                baseDelay: try reader.seconds("OUTBOX_RETRY_BASE_SECONDS") ?? 30,
                maxDelay: try reader.seconds("OUTBOX_RETRY_MAX_SECONDS") ?? 3_600,
                concurrencyPerService: try reader.integer("OUTBOX_CONCURRENCY_PER_SERVICE") ?? 2
            )
        )
        if let url = try reader.url("CLUBOS_BASE_URL"), let token = reader.text("CLUBOS_API_TOKEN") {
            settings.clubOS = ClubOS(baseURL: url, apiToken: token)
        }
        if let url = try reader.url("UNIFI_ACCESS_BASE_URL"), let token = reader.text("UNIFI_ACCESS_API_TOKEN") {
            settings.uniFiAccess = UniFiAccess(baseURL: url, apiToken: token, doors: reader.doorsPerLocation())
        }
        if let url = try reader.url("NINJAONE_BASE_URL"), let id = reader.text("NINJAONE_CLIENT_ID"),
            let secret = reader.text("NINJAONE_CLIENT_SECRET"),
            let prepare = try reader.integer("NINJAONE_PREPARE_SCRIPT_ID"),
            let reset = try reader.integer("NINJAONE_RESET_SCRIPT_ID")
        {
            settings.ninjaOne = NinjaOne(
                baseURL: url,
                clientID: id,
                clientSecret: secret,
                prepareScriptID: prepare,
                resetScriptID: reset
            )
        }
        if let token = reader.text("HUBSPOT_ACCESS_TOKEN") {
            let url = try reader.url("HUBSPOT_BASE_URL") ?? URL(string: "https://api.hubapi.com")
            if let url { settings.hubSpot = HubSpot(baseURL: url, accessToken: token) }
        }
        if let sid = reader.text("TWILIO_ACCOUNT_SID"), let token = reader.text("TWILIO_AUTH_TOKEN"),
            let from = reader.text("REMINDER_FROM_NUMBER")
        {
            let url = try reader.url("REMINDER_BASE_URL") ?? URL(string: "https://api.twilio.com")
            if let url {
                settings.reminder = Reminder(baseURL: url, accountSID: sid, authToken: token, fromNumber: from)
            }
        }
        return settings
    }

    public init(
        clubOS: ClubOS? = nil,
        uniFiAccess: UniFiAccess? = nil,
        ninjaOne: NinjaOne? = nil,
        hubSpot: HubSpot? = nil,
        reminder: Reminder? = nil,
        timeout: TimeInterval = 10,
        dispatch: DispatchStateMachine.Configuration = .init()
    ) {
        self.clubOS = clubOS
        self.uniFiAccess = uniFiAccess
        self.ninjaOne = ninjaOne
        self.hubSpot = hubSpot
        self.reminder = reminder
        self.timeout = timeout
        self.dispatch = dispatch
    }

    /// A performer for every enabled service, each with its client on `transport`.
    public func performers(
        store: any BookingStore,
        transport: any HTTPTransport,
        clock: any Clock
    ) -> [any DeliveryPerformer] {
        var performers: [any DeliveryPerformer] = []
        if let clubOS {
            let client = ClubOSClient(
                baseURL: clubOS.baseURL,
                apiToken: clubOS.apiToken,
                transport: transport,
                timeout: timeout
            )
            performers.append(ClubOSPerformer(client: client, store: store))
        }
        if let uniFiAccess {
            let client = UniFiAccessClient(
                baseURL: uniFiAccess.baseURL,
                apiToken: uniFiAccess.apiToken,
                transport: transport,
                timeout: timeout
            )
            performers.append(UniFiAccessPerformer(client: client, doors: uniFiAccess.doors))
        }
        if let ninjaOne {
            let client = NinjaOneClient(
                baseURL: ninjaOne.baseURL,
                clientID: ninjaOne.clientID,
                clientSecret: ninjaOne.clientSecret,
                transport: transport,
                timeout: timeout,
                clock: clock
            )
            performers.append(
                NinjaOnePerformer(
                    client: client,
                    prepareScriptID: ninjaOne.prepareScriptID,
                    resetScriptID: ninjaOne.resetScriptID
                )
            )
        }
        if let hubSpot {
            let client = HubSpotClient(
                baseURL: hubSpot.baseURL,
                accessToken: hubSpot.accessToken,
                transport: transport,
                timeout: timeout
            )
            performers.append(HubSpotPerformer(client: client))
        }
        if let reminder {
            let client = ReminderClient(
                baseURL: reminder.baseURL,
                accountSID: reminder.accountSID,
                authToken: reminder.authToken,
                fromNumber: reminder.fromNumber,
                transport: transport,
                timeout: timeout
            )
            performers.append(ReminderPerformer(client: client))
        }
        return performers
    }
}

/// A malformed integration setting; names the variable, never its value (it may be a secret).
public enum IntegrationSettingsError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidURL(variable: String)
    case invalidNumber(variable: String)

    public var description: String {
        switch self {
        case .invalidURL(let variable): "\(variable) must be an http or https URL"
        case .invalidNumber(let variable): "\(variable) must be a positive number"
        }
    }
}

/// Typed reads of environment variables; an empty variable counts as unset.
struct EnvironmentReader {
    let environment: [String: String]

    func text(_ name: String) -> String? {
        guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    func url(_ name: String) throws(IntegrationSettingsError) -> URL? {
        guard let value = text(name) else { return nil }
        guard let url = URL(string: value), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https",
            url.host != nil
        else { throw .invalidURL(variable: name) }
        return url
    }

    func integer(_ name: String) throws(IntegrationSettingsError) -> Int? {
        guard let value = text(name) else { return nil }
        guard let number = Int(value), number > 0 else { throw .invalidNumber(variable: name) }
        return number
    }

    func seconds(_ name: String) throws(IntegrationSettingsError) -> TimeInterval? {
        guard let value = text(name) else { return nil }
        guard let number = Double(value), number > 0, number.isFinite else { throw .invalidNumber(variable: name) }
        return number
    }

    /// `UNIFI_ACCESS_DOORS_BEDFORD=door-1,door-2` gives location `bedford` those doors.
    func doorsPerLocation() -> [String: [String]] {
        let prefix = "UNIFI_ACCESS_DOORS_"
        var doors: [String: [String]] = [:]
        for (name, value) in environment where name.hasPrefix(prefix) {
            let location = String(name.dropFirst(prefix.count)).lowercased()
            let ids = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if !location.isEmpty && !ids.isEmpty { doors[location] = ids }
        }
        return doors
    }
}
