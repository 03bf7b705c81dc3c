public import Foundation

/// Sends one HTTP request and returns the response: the only way the clients reach the network.
///
/// The clients build requests and read responses; a transport only moves bytes. Production uses
/// `URLSessionTransport`; tests point the same transport at loopback servers.
public protocol HTTPTransport: Sendable {
    /// Sends `request`; throws `IntegrationError` for a timeout or a connection that could not be made.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// One HTTP request as a client builds it.
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    public var url: URL
    /// Header names as sent; `Authorization` values never leave the request.
    public var headers: [String: String]
    public var body: Data?
    /// Seconds before the request is abandoned as timed out.
    public var timeout: TimeInterval
    /// The service the request is for, named in errors.
    public var service: IntegrationService

    public init(
        method: String,
        url: URL,
        headers: [String: String] = [:],
        body: Data? = nil,
        timeout: TimeInterval,
        service: IntegrationService
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.service = service
    }
}

/// One HTTP response.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var body: Data

    public init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }

    /// 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }
}
