import BookingCore
import Foundation

/// A webhook message whose answer must commit with any booking change its turn makes.
///
/// A turn that books, cancels or moves writes the answer (as the channel will send it) in the change's own
/// transaction: a crash after the commit cannot leave a booking whose retried message finds no answer. The
/// message id also goes on the change's audit row, so a retry that finds no stored answer at all still
/// answers with the booking its first attempt made.
public struct AnswerRecording: Sendable {
    /// The message's idempotency key: `clubos:<message_id>`, `twilio:<MessageSid>`.
    public var messageID: String
    /// The reply as the channel sends it: what a retry of the message is answered with.
    public var answer: @Sendable (Reply) throws -> ProcessedMessage

    public init(messageID: String, answer: @escaping @Sendable (Reply) throws -> ProcessedMessage) {
        self.messageID = messageID
        self.answer = answer
    }
}
