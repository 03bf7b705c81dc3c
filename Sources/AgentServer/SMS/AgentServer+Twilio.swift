import BookingCore
import Dialogue
import Foundation
import Hummingbird
import Logging

extension AgentServer {
    /// `POST /v1/sms/twilio`: Twilio's inbound SMS webhook, answered with TwiML.
    ///
    /// Carrier keywords come first: STOP silences the agent for that phone until START, HELP names the
    /// club. Everything else is the phone's next turn. Twilio treats a non-2xx answer as a failed
    /// webhook and sends the customer nothing, so limits answer 200 with words rather than an error.
    func handleTwilio(_ request: Request, context: BasicRequestContext) async -> Response {
        var logger = context.logger
        logger[metadataKey: "route"] = "twilio"
        let body: ByteBuffer
        switch await cappedBody(request) {
        case .read(let collected): body = collected
        case .refused(let response): return response
        }
        guard let form = FormBody(body.readableBytesView) else {
            metrics.recordError("bad_request")
            return Responses.error(.badRequest, "malformed_form", "The body is not valid form encoding.")
        }
        if let twilio {
            let url = signedURL(for: request)
            guard
                twilio.isValid(
                    request.headers.value(named: "X-Twilio-Signature"),
                    url: url,
                    parameters: form.parameters
                )
            else {
                metrics.recordError("auth")
                logger.warning("refused Twilio request with a missing or wrong signature")
                return Responses.error(.unauthorized, "unauthorized", "Missing or wrong X-Twilio-Signature.")
            }
        }
        // Lengths in Unicode scalars, as the contract counts them (see ClubOSMessage.validate).
        guard let sid = form["MessageSid"], !sid.isEmpty, sid.unicodeScalars.count <= ClubOSMessage.maxIDLength,
            let from = form["From"], let text = form["Body"]
        else {
            metrics.recordError("bad_request")
            return Responses.error(.badRequest, "missing_field", "MessageSid, From and Body are required.")
        }
        guard let phone = PhoneNumber.e164(from) else {
            metrics.recordError("bad_request")
            return Responses.error(.badRequest, "invalid_field", "From is not a phone number.")
        }
        let inbound = InboundMessage(
            key: "twilio:" + sid,
            conversationID: "sms:" + phone,
            identity: .customer(phone: phone, channel: "sms"),
            text: text,
            channel: .sms
        )
        logger[metadataKey: "conversation_id"] = "\(inbound.conversationID)"
        logger[metadataKey: "message_id"] = "\(inbound.key)"
        do {
            return try await answerSMS(inbound, phone: phone, logger: logger)
        } catch .queueTimeout {
            return twiml(phrases.busy)
        } catch {
            return Responses.error(.serviceUnavailable, "unavailable", phrases.unavailable, retryAfter: 5)
        }
    }

    private func answerSMS(
        _ inbound: InboundMessage,
        phone: String,
        logger: Logger
    ) async throws(TurnFailure)
        -> Response
    {
        let stored: Answer?
        let optedOut: Bool
        do {
            stored = try await runner.storedAnswer(for: inbound.key)
            optedOut = try await optOuts.isOptedOut(phone: phone)
        } catch {
            metrics.recordError("store")
            throw .unavailable
        }
        if let stored {
            logger.info("retried message answered from the log")
            return Responses.text(.ok, Array(stored.body), contentType: TwiML.contentType)
        }
        if let keyword = CarrierKeyword(inbound.text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            logger.info("carrier keyword", metadata: ["keyword": "\(keyword)"])
            let text: String
            do {
                switch keyword {
                case .optOut:
                    try await optOuts.setOptedOut(phone: phone, true, at: clock.now())
                    text = phrases.stopped(club: club.name)
                case .optIn:
                    try await optOuts.setOptedOut(phone: phone, false, at: clock.now())
                    text = phrases.started(club: club.name)
                case .help:
                    text = phrases.help(club: club.name)
                }
            } catch {
                metrics.recordError("store")
                throw .unavailable
            }
            let answer = try await runner.answerWithoutTurn(inbound, status: 200, body: Data(TwiML.response(text)))
            return Responses.text(.ok, Array(answer.body), contentType: TwiML.contentType)
        }
        if optedOut {
            logger.info("sender opted out: no reply")
            let answer = try await runner.answerWithoutTurn(inbound, status: 200, body: Data(TwiML.response(nil)))
            return Responses.text(.ok, Array(answer.body), contentType: TwiML.contentType)
        }
        let trimmed = inbound.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return twiml(phrases.empty) }
        if inbound.text.unicodeScalars.count > configuration.limits.maxTextCharacters {
            metrics.recordError("content_too_long")
            return twiml(phrases.tooLong)
        }
        if case .limited(_, let isFirst) = limiter.admit("sms:" + phone) {
            metrics.recordError("rate_limited")
            logger.notice("sender over the rate limit")
            return twiml(isFirst ? phrases.rateLimited : nil)
        }
        let answer = try await runner.answer(inbound, logger: logger) { reply in
            (200, Data(TwiML.response(ReplyRenderer.text(reply, for: .sms))))
        }
        return Responses.text(.ok, Array(answer.body), contentType: TwiML.contentType)
    }

    /// The URL Twilio signed: `BOOKING_PUBLIC_URL` with this request's path and query, or, without it, the
    /// URL as this server saw it.
    func signedURL(for request: Request) -> String {
        let pathAndQuery = request.uri.description
        if let publicURL = configuration.publicURL {
            let base = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
            return base + pathAndQuery
        }
        let host =
            request.head.authority ?? request.headers.value(named: "Host")
            ?? "\(configuration.host):\(configuration.port)"
        return "http://" + host + pathAndQuery
    }

    private func twiml(_ text: String?) -> Response {
        Responses.text(.ok, TwiML.response(text), contentType: TwiML.contentType)
    }
}
