import Foundation
import Hummingbird

/// The JSON body of every refusal: a stable code for programs and a sentence for people.
struct ErrorDocument: Codable, Sendable, Equatable {
    /// `unauthorized`, `payload_too_large`, `malformed_json`, `invalid_field`, `rate_limited`, ...
    var error: String
    var message: String
    /// Seconds to wait before trying again, for 429 and 503.
    var retryAfter: Int?

    enum CodingKeys: String, CodingKey {
        case error, message
        case retryAfter = "retry_after"
    }
}

/// Responses built by hand, so an encoding problem can never turn into a 500.
enum Responses {
    static let jsonType = "application/json; charset=utf-8"

    static func json(_ status: HTTPResponse.Status, _ body: Data) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = jsonType
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func error(
        _ status: HTTPResponse.Status,
        _ code: String,
        _ message: String,
        retryAfter: Int? = nil
    )
        -> Response
    {
        let document = ErrorDocument(error: code, message: message, retryAfter: retryAfter)
        let body = (try? JSONCoding.encoder.encode(document)) ?? Data(#"{"error":"\#(code)","message":""}"#.utf8)
        var response = json(status, body)
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }

    static func text(_ status: HTTPResponse.Status, _ body: [UInt8], contentType: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// The server's JSON settings: snake_case keys come from `CodingKeys`, keys sorted so stored answers are stable.
enum JSONCoding {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

extension Request {
    /// The body, up to `limit` bytes; nil when it is larger.
    func collectBody(upTo limit: Int) async throws -> ByteBuffer? {
        if let length = headers[.contentLength].flatMap(Int.init), length > limit { return nil }
        do {
            return try await body.collect(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            return nil
        }
    }
}

extension HTTPFields {
    /// The first value of the header called `name`, compared without case.
    func value(named name: String) -> String? {
        let lowered = name.lowercased()
        return first { $0.name.canonicalName == lowered }?.value
    }
}
