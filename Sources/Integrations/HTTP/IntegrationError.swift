import Foundation

/// Why a call to a club system failed.
///
/// The text names the service and what went wrong (a status, a service error code), never a URL, a header, a
/// token or a customer's details, so it can be stored as a delivery's last error and shown to staff as it is.
public struct IntegrationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Equatable {
        /// No answer within the client's timeout.
        case timedOut
        /// The connection could not be made or broke.
        case unreachable(String)
        /// The request was cancelled (the dispatcher is stopping).
        case cancelled
        /// The service answered with a non-2xx status and, when it gave one, its error code.
        case status(Int, code: String?)
        /// A 2xx answer that did not have the documented shape.
        case unexpectedResponse(String)
        /// The service is not set up here (no base URL or credentials).
        case notConfigured
        /// The club's config lacks what the call needs (a bay's device id, a location's doors).
        case missingSetting(String)
    }

    public var service: IntegrationService
    public var reason: Reason

    public init(_ service: IntegrationService, _ reason: Reason) {
        self.service = service
        self.reason = reason
    }

    /// Retrying cannot help: the service refused the request itself, or our own setup is missing something.
    ///
    /// 408 (request timeout) and 429 (rate limited) are worth retrying; other 4xx answers are not.
    public var isPermanent: Bool {
        switch reason {
        case .timedOut, .unreachable, .cancelled, .unexpectedResponse:
            false
        case .status(let status, _):
            (400..<500).contains(status) && status != 408 && status != 429
        case .notConfigured, .missingSetting:
            true
        }
    }

    public var description: String {
        let name = service.rawValue
        switch reason {
        case .timedOut: return "\(name): timed out"
        case .unreachable(let detail): return "\(name): unreachable (\(detail))"
        case .cancelled: return "\(name): cancelled"
        case .status(let status, let code):
            return code.map { "\(name): HTTP \(status) (\($0))" } ?? "\(name): HTTP \(status)"
        case .unexpectedResponse(let detail): return "\(name): unexpected response (\(detail))"
        case .notConfigured: return "\(name): not configured"
        case .missingSetting(let detail): return "\(name): missing setting (\(detail))"
        }
    }
}
