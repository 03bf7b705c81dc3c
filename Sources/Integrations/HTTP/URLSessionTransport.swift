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
            let (data, response) = try await session.data(for: urlRequest)
            guard let http = response as? HTTPURLResponse else {
                throw IntegrationError(request.service, .unexpectedResponse("not an HTTP response"))
            }
            return HTTPResponse(status: http.statusCode, body: data)
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
}
