public import Foundation

/// Sends an SMS through Twilio's Messages API: `POST /2010-04-01/Accounts/{sid}/Messages.json`.
///
/// The body is form-encoded `To`, `From`, `Body`, with HTTP Basic auth (account SID and auth token); the base URL
/// is configurable, so any sink that speaks the same shape can stand in for Twilio.
public struct ReminderClient: Sendable {
    public let baseURL: URL
    private let accountSID: String
    private let authToken: String
    private let fromNumber: String
    private let transport: any HTTPTransport
    private let timeout: TimeInterval

    public init(
        baseURL: URL,
        accountSID: String,
        authToken: String,
        fromNumber: String,
        transport: any HTTPTransport,
        timeout: TimeInterval = 10
    ) {
        self.baseURL = baseURL
        self.accountSID = accountSID
        self.authToken = authToken
        self.fromNumber = fromNumber
        self.transport = transport
        self.timeout = timeout
    }

    /// Sends one message; returns the message's SID.
    public func send(to phone: String, body: String, idempotencyKey: String) async throws -> String {
        let credentials = Data("\(accountSID):\(authToken)".utf8).base64EncodedString()
        let request = HTTPRequest(
            method: "POST",
            url: JSONRequests.url(baseURL, "/2010-04-01/Accounts/\(JSONRequests.segment(accountSID))/Messages.json"),
            headers: [
                "Authorization": "Basic \(credentials)",
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
                "Idempotency-Key": idempotencyKey,
            ],
            body: JSONRequests.form([("To", phone), ("From", fromNumber), ("Body", body)]),
            timeout: timeout,
            service: .reminder
        )
        return try JSONRequests.decode(Message.self, try await transport.send(request), .reminder).sid
    }

    private struct Message: Decodable {
        var sid: String
    }
}
