public import BookingCore
public import Foundation

/// NinjaOne's public API v2: an OAuth2 client-credentials token, then scripts run on a device.
///
/// The token is kept until shortly before it expires (by the injected clock), so a pass that prepares several bays
/// asks for one token. An actor, because that cached token is shared by concurrent deliveries.
public actor NinjaOneClient {
    public nonisolated let baseURL: URL
    private let clientID: String
    private let clientSecret: String
    private let scope: String
    private let transport: any HTTPTransport
    private let timeout: TimeInterval
    private let clock: any Clock
    private var token: (value: String, expiresAt: Date)?

    public init(
        baseURL: URL,
        clientID: String,
        clientSecret: String,
        scope: String = "monitoring management control",
        transport: any HTTPTransport,
        timeout: TimeInterval = 10,
        clock: any Clock = SystemClock()
    ) {
        self.baseURL = baseURL
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.scope = scope
        self.transport = transport
        self.timeout = timeout
        self.clock = clock
    }

    /// Runs a script on a device: `POST /v2/device/{id}/script/run` with `{"type": "SCRIPT", "id", "parameters"}`.
    public func runScript(
        deviceID: String,
        scriptID: Int,
        parameters: String,
        runAs: String = "system",
        idempotencyKey: String? = nil
    ) async throws {
        let body = try JSONRequests.body(ScriptRun(type: "SCRIPT", id: scriptID, parameters: parameters, runAs: runAs))
        var headers = [
            "Authorization": "Bearer \(try await accessToken())",
            "Content-Type": "application/json",
            "Accept": "application/json",
        ]
        if let idempotencyKey { headers["Idempotency-Key"] = idempotencyKey }
        let request = HTTPRequest(
            method: "POST",
            url: JSONRequests.url(baseURL, "/v2/device/\(JSONRequests.segment(deviceID))/script/run"),
            headers: headers,
            body: body,
            timeout: timeout,
            service: .ninjaOne
        )
        let response = try await transport.send(request)
        if response.status == 401 { token = nil }
        try JSONRequests.check(response, .ninjaOne)
    }

    /// A valid access token: `POST /ws/oauth/token`, form-encoded `grant_type=client_credentials`.
    func accessToken() async throws -> String {
        let now = clock.now()
        if let token, token.expiresAt > now { return token.value }
        let request = HTTPRequest(
            method: "POST",
            url: JSONRequests.url(baseURL, "/ws/oauth/token"),
            headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"],
            body: JSONRequests.form([
                ("grant_type", "client_credentials"), ("client_id", clientID), ("client_secret", clientSecret),
                ("scope", scope),
            ]),
            timeout: timeout,
            service: .ninjaOne
        )
        let answer = try JSONRequests.decode(TokenResponse.self, try await transport.send(request), .ninjaOne)
        // Renew a minute early so a token never expires between this check and the call that uses it.
        let lifetime = max(0, TimeInterval(answer.expiresIn ?? 3_600) - 60)
        token = (answer.accessToken, now.addingTimeInterval(lifetime))
        return answer.accessToken
    }

    private struct ScriptRun: Encodable {
        var type: String
        var id: Int
        var parameters: String
        var runAs: String
    }

    private struct TokenResponse: Decodable {
        var accessToken: String
        var expiresIn: Int?

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token"
            case expiresIn = "expires_in"
        }
    }
}
