import BookingCore
import Dialogue
import Foundation
import Logging

/// A message as the routes hand it over, after authentication and validation.
struct InboundMessage: Sendable {
    /// `clubos:<message_id>` or `twilio:<MessageSid>`: the idempotency key.
    var key: String
    /// `clubos:<thread_id>` or `sms:<E.164>`.
    var conversationID: String
    var identity: Identity
    var text: String
    var channel: Channel
}

/// The answer to a message as sent on the wire, and whether it was a stored one.
typealias Answer = WebhookAnswer

/// What went wrong in a turn, as the routes report it.
enum TurnFailure: Error, Equatable {
    /// Earlier turns of the conversation took longer than the queue timeout.
    case queueTimeout
    /// The store or the engine failed; nothing was recorded, so a retry runs the turn again.
    case unavailable
}

/// Runs one webhook message through the dialogue: in its conversation's order, once per message id.
///
/// Inside the conversation's turn the driver looks the message id up (a retry that waited behind the first
/// attempt finds its answer there), runs the turn, and commits the answer with the turn's changes before
/// anything is sent; the runner adds the queue, the metrics and the logs.
struct TurnRunner: Sendable {
    let driver: DialogueDriver
    let messages: any MessageLog
    let queues: ConversationQueues
    let clock: any Clock
    let metrics: ServerMetrics
    let queueTimeout: Duration

    /// The answer already recorded for `key`, if any; read outside the queue as a fast path for retries.
    func storedAnswer(for key: String) async throws -> Answer? {
        guard let stored = try await messages.processedMessage(id: key) else { return nil }
        return Answer(status: stored.status, body: stored.response, isReplay: true, reply: nil)
    }

    /// Answers `message`, running its turn unless it was answered before; `render` shapes the reply.
    func answer(
        _ message: InboundMessage,
        logger: Logger,
        render: @escaping @Sendable (Reply) throws -> (status: Int, body: Data)
    ) async throws(TurnFailure) -> Answer {
        let result: Answer?
        do {
            result = try await queues.run(message.conversationID, timeout: queueTimeout) {
                try await runTurn(message, logger: logger, render: render)
            }
        } catch {
            metrics.recordError("turn")
            logger.error("turn failed", metadata: ["error": "\(type(of: error))"])
            throw .unavailable
        }
        guard let result else {
            metrics.recordError("queue_timeout")
            logger.warning("turn not started: earlier turns of the conversation took too long")
            throw .queueTimeout
        }
        return result
    }

    /// Answers a message that needs no dialogue turn (a carrier keyword, a silenced sender), once per id.
    func answerWithoutTurn(_ message: InboundMessage, status: Int, body: Data) async throws(TurnFailure) -> Answer {
        do {
            let answer = try await queues.run(message.conversationID, timeout: queueTimeout) {
                if let stored = try await storedAnswer(for: message.key) { return stored }
                try await messages.record(
                    ProcessedMessage(
                        id: message.key,
                        conversationID: message.conversationID,
                        status: status,
                        response: body,
                        processedAt: clock.now()
                    ),
                    conversation: nil
                )
                return Answer(status: status, body: body, isReplay: false, reply: nil)
            }
            guard let answer else { throw TurnFailure.queueTimeout }
            return answer
        } catch let failure as TurnFailure {
            throw failure
        } catch {
            metrics.recordError("store")
            throw .unavailable
        }
    }

    private func runTurn(
        _ message: InboundMessage,
        logger: Logger,
        render: @escaping @Sendable (Reply) throws -> (status: Int, body: Data)
    ) async throws -> Answer {
        let started = ContinuousClock.now
        let answer = try await driver.answer(
            message.text,
            messageID: message.key,
            conversation: message.conversationID,
            identity: message.identity,
            render: render
        )
        guard let reply = answer.reply else {
            logger.info("retried message answered from the log")
            return answer
        }
        let elapsed = ContinuousClock.now - started
        metrics.recordTurn(reply, channel: message.channel, duration: elapsed)
        logger.info(
            "turn answered",
            metadata: [
                "intent": "\(reply.intentName)",
                "state": "\(reply.phase.rawValue)",
                "booking_ref": "\(reply.booking?.ref ?? "-")",
                "handoff": "\(reply.handoff)",
                "duration_ms": "\(elapsed.milliseconds)",
            ]
        )
        logger.debug("turn text", metadata: ["text": "\(message.text)", "reply": "\(reply.text)"])
        return answer
    }
}

extension Duration {
    /// Whole and fractional milliseconds, for logs.
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1_000 + Double(attoseconds) / 1e15
    }
}
