import BookingCore
import Dialogue
import Foundation
import Hummingbird
import Logging

extension AgentServer {
    /// `POST /v1/clubos/messages`: authenticate, validate, then answer as the thread's next turn.
    ///
    /// Every refusal happens before the message log or the dialogue is touched, so a refused request has
    /// no side effect; every path returns a response, so a bad request can never surface as a 500.
    func handleClubOS(_ request: Request, context: BasicRequestContext) async -> Response {
        var logger = context.logger
        logger[metadataKey: "route"] = "clubos"
        let body: ByteBuffer
        switch await cappedBody(request) {
        case .read(let collected): body = collected
        case .refused(let response): return response
        }
        let bytes = body.readableBytesView
        if let clubOS {
            do {
                try clubOS.verify(
                    timestamp: request.headers.value(named: ClubOSHeaders.timestamp),
                    signature: request.headers.value(named: ClubOSHeaders.signature),
                    body: bytes,
                    now: clock.now()
                )
            } catch {
                metrics.recordError("auth")
                logger.warning("refused unauthenticated ClubOS request", metadata: ["reason": "\(error.rawValue)"])
                return Responses.error(.unauthorized, "unauthorized", "Missing, wrong or expired ClubOS signature.")
            }
        }
        let message: ClubOSMessage
        switch ClubOSMessage.decode(bytes) {
        case .success(let decoded): message = decoded
        case .failure(let refusal):
            metrics.recordError("bad_request")
            return Responses.error(.badRequest, refusal.code, refusal.message)
        }
        if let refusal = message.validate(limits: configuration.limits) {
            metrics.recordError("bad_request")
            return Responses.error(refusal.status, refusal.code, refusal.message)
        }
        guard let phone = PhoneNumber.e164(message.customer.phone) else {
            metrics.recordError("bad_request")
            return Responses.error(.badRequest, "invalid_field", "customer.phone is not a phone number.")
        }
        var threadLocation = message.locationID.flatMap { self.club.location($0)?.id }
        if let id = message.locationID, threadLocation == nil {
            logger.warning("unknown location_id ignored", metadata: ["location_id": "\(id.prefix(64))"])
            threadLocation = nil  // unknown: the conversation goes on as if none was sent
        }
        let inbound = InboundMessage(
            key: "clubos:" + message.messageID,
            conversationID: "clubos:" + message.threadID,
            identity: .customer(
                phone: phone,
                name: message.customer.name,
                channel: "clubos",
                location: threadLocation
            ),
            text: message.content,
            channel: .clubos
        )
        logger[metadataKey: "conversation_id"] = "\(inbound.conversationID)"
        logger[metadataKey: "message_id"] = "\(inbound.key)"

        do {
            if let stored = try await runner.storedAnswer(for: inbound.key) {
                logger.info("retried message answered from the log")
                return Responses.json(HTTPResponse.Status(code: stored.status), stored.body)
            }
        } catch {
            metrics.recordError("store")
            return Responses.error(.serviceUnavailable, "unavailable", phrases.unavailable, retryAfter: 5)
        }
        if case .limited(let retryAfter, _) = limiter.admit("clubos:" + phone) {
            metrics.recordError("rate_limited")
            logger.notice("sender over the rate limit")
            return Responses.error(.tooManyRequests, "rate_limited", phrases.rateLimited, retryAfter: retryAfter)
        }
        let club = self.club
        do {
            let answer = try await runner.answer(inbound, logger: logger) { reply in
                (200, ClubOSReplyDocument(reply, club: club).json())
            }
            return Responses.json(HTTPResponse.Status(code: answer.status), answer.body)
        } catch .queueTimeout {
            return Responses.error(.serviceUnavailable, "conversation_busy", phrases.busy, retryAfter: 2)
        } catch {
            return Responses.error(.serviceUnavailable, "unavailable", phrases.unavailable, retryAfter: 5)
        }
    }
}

/// The ClubOS V3 webhook's authentication headers.
public enum ClubOSHeaders {
    /// `X-ClubOS-Timestamp`: Unix seconds when ClubOS signed the request.
    public static let timestamp = "X-ClubOS-Timestamp"
    /// `X-ClubOS-Signature`: `sha256=<hex>`.
    public static let signature = "X-ClubOS-Signature"
}

/// A request refused before it reached the dialogue.
struct Refusal: Error {
    var status: HTTPResponse.Status
    var code: String
    var message: String
}

extension ClubOSMessage {
    /// Decodes the body, naming the field that is missing or of the wrong type.
    static func decode(_ bytes: some Collection<UInt8>) -> Result<ClubOSMessage, Refusal> {
        if let message = ClubOSMessageReader.read(bytes) { return .success(message) }
        do {
            return .success(try JSONDecoder().decode(ClubOSMessage.self, from: Data(bytes)))
        } catch DecodingError.keyNotFound(let key, let context) {
            return .failure(refusal("missing_field", "\(path(context.codingPath + [key])) is required."))
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            guard !context.codingPath.isEmpty else {
                return .failure(refusal("malformed_json", "The body is not a JSON object."))
            }
            return .failure(refusal("invalid_field", "\(path(context.codingPath)) has the wrong type."))
        } catch {
            return .failure(refusal("malformed_json", "The body is not a JSON object."))
        }
    }

    /// Checks what JSON types cannot: ids and text present and within their limits.
    ///
    /// Lengths are Unicode scalars, as the contract's `maxLength` counts them (JSON Schema counts code points),
    /// not Swift `Character`s: an id of 200 letters each under a pile of combining marks is 200 characters and
    /// thousands of scalars, which the schema refuses and the server used to accept.
    func validate(limits: ServerLimits) -> Refusal? {
        // Scalars are counted only when the bytes could be too many: a scalar is at least one byte.
        for (name, value) in [("message_id", messageID), ("thread_id", threadID), ("customer.id", customer.id)] {
            if value.isEmpty || (value.utf8.count > Self.maxIDLength && value.unicodeScalars.count > Self.maxIDLength) {
                return Self.refusal("invalid_field", "\(name) must have 1 to \(Self.maxIDLength) characters.")
            }
        }
        if Self.isBlank(content) {
            return Self.refusal("invalid_field", "content is empty.")
        }
        if content.utf8.count > limits.maxTextCharacters && content.unicodeScalars.count > limits.maxTextCharacters {
            return Refusal(
                status: .unprocessableContent,
                code: "content_too_long",
                message: "content is longer than \(limits.maxTextCharacters) characters."
            )
        }
        return nil
    }

    /// Whether `text` is only white space (or nothing): an ASCII letter settles it without Foundation.
    static func isBlank(_ text: String) -> Bool {
        for byte in text.utf8 {
            if byte >= 0x80 { return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
            if byte != 0x20 && !(0x09...0x0D).contains(byte) { return false }
        }
        return true
    }

    private static func refusal(_ code: String, _ message: String) -> Refusal {
        Refusal(status: .badRequest, code: code, message: message)
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map(\.stringValue).joined(separator: ".")
    }
}
