import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The production transport: Foundation's URLSession (libcurl on Linux), with no extra package.
///
/// The clients send a few small JSON requests a minute, so URLSession's simplicity wins over an event-loop client;
/// an ephemeral session keeps no cookies or cache between bookings.
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession

    public init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    /// Sends the request; network failures become `IntegrationError` with no URL or header in their text.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url, timeoutInterval: request.timeout)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers {
            urlRequest.setValue(value, forHTTPHeaderField: name)
        }
        urlRequest.httpBody = request.body
        do {
            let prepared = urlRequest
            return try await withDeadline(request) { [session] in
                let (data, response) = try await session.data(for: prepared)
                guard let http = response as? HTTPURLResponse else {
                    throw IntegrationError(request.service, .unexpectedResponse("not an HTTP response"))
                }
                return HTTPResponse(status: http.statusCode, body: data)
            }
        } catch let error as IntegrationError {
            throw error
        } catch let error as URLError {
            switch error.code {
            case .timedOut:
                throw IntegrationError(request.service, .timedOut)
            case .cancelled:
                throw IntegrationError(request.service, .cancelled)
            default:
                throw IntegrationError(request.service, .unreachable("URL error \(error.code.rawValue)"))
            }
        } catch is CancellationError {
            throw IntegrationError(request.service, .cancelled)
        } catch {
            throw IntegrationError(request.service, .unreachable("\(type(of: error))"))
        }
    }

    /// Runs `body`, abandoning it as timed out after the request's timeout.
    ///
    /// URLSession on Linux does not always honour `timeoutInterval` for a server that accepts the connection and
    /// then never answers, so the deadline is enforced here; the abandoned request is cancelled.
    private func withDeadline(
        _ request: HTTPRequest,
        _ body: @escaping @Sendable () async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        try await withThrowingTaskGroup(of: HTTPResponse.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: .milliseconds(Int64(request.timeout * 1000)))
                throw IntegrationError(request.service, .timedOut)
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else {
                throw IntegrationError(request.service, .timedOut)
            }
            return first
        }
    }
}
