import BookingCore
import BookingEngine
import Dialogue
import Foundation
import TestSupport
import Testing

/// A webhook turn that books, cancels or moves commits its answer with the change; a retry of the message
/// that finds no answer still answers with the change its first attempt made.
@Suite("Answers recorded with the change they report")
struct AnswerRecordingTests {
    static let wednesday = TestClub.at(2026, 11, 25, 10, 0)
    static let alex = Identity.customer(phone: "902-555-0101", channel: "clubos")

    /// A recording that keeps the reply text as the "wire" answer.
    static func recording(_ id: String) -> AnswerRecording {
        AnswerRecording(messageID: id) { reply in
            ProcessedMessage(
                id: id,
                conversationID: "c1",
                status: 200,
                response: Data(reply.text.utf8),
                processedAt: wednesday
            )
        }
    }

    /// A YES as message `id`, then the same message again: a retry that found no stored answer.
    static func yesTwice(_ manager: DialogueManager, id: String) async throws -> (first: Reply, retry: Reply) {
        var answers: [Reply] = []
        for _ in 0..<2 {
            answers.append(
                try await manager.respond(to: "yes", conversation: "c1", identity: alex, recording: recording(id))
            )
        }
        return (answers[0], answers[1])
    }

    @Test func aYesCommitsItsAnswerInTheBookingsTransaction() async throws {
        let harness = try await DialogueHarness()
        let (manager, _) = harness.manager(clock: FixedClock(Self.wednesday))
        _ = try await manager.respond(to: "bedford friday at 8pm for 2 hours", conversation: "c1", identity: Self.alex)
        let yes = try await manager.respond(
            to: "yes",
            conversation: "c1",
            identity: Self.alex,
            recording: Self.recording("clubos:m2")
        )
        let booking = try #require(yes.booking)
        #expect(yes.isRecordedWithChange)
        let stored = try await harness.temporary.store.processedMessage(id: "clubos:m2")
        #expect(stored?.response == Data(yes.text.utf8))
        #expect(yes.text.contains("Booked!") && yes.text.contains(booking.ref))
        let audit = try await harness.temporary.store.read { try $0.auditEntry(messageID: "clubos:m2") }
        #expect(audit?.bookingRef == booking.ref)
    }

    @Test func aTurnThatChangesNothingLeavesItsAnswerToTheCaller() async throws {
        let harness = try await DialogueHarness()
        let (manager, _) = harness.manager(clock: FixedClock(Self.wednesday))
        let summary = try await manager.respond(
            to: "bedford friday at 8pm for 2 hours",
            conversation: "c1",
            identity: Self.alex,
            recording: Self.recording("clubos:m1")
        )
        #expect(!summary.isRecordedWithChange)
        #expect(try await harness.temporary.store.processedMessage(id: "clubos:m1") == nil)
    }

    /// The dialogue does not read the message log: a second call with the same id is a retry that found
    /// no stored answer, as after a crash that lost it.
    @Test(arguments: ["yes", "yes please"])
    func aRetriedYesWithNoStoredAnswerAnswersWithTheBooking(_ yesText: String) async throws {
        let harness = try await DialogueHarness()
        let (manager, _) = harness.manager(clock: FixedClock(Self.wednesday))
        _ = try await manager.respond(to: "bedford friday at 8pm for 2 hours", conversation: "c1", identity: Self.alex)
        let first = try await manager.respond(
            to: yesText,
            conversation: "c1",
            identity: Self.alex,
            recording: Self.recording("clubos:m2")
        )
        let retry = try await manager.respond(
            to: yesText,
            conversation: "c1",
            identity: Self.alex,
            recording: Self.recording("clubos:m2")
        )
        #expect(retry.text == first.text)
        #expect(retry.booking?.ref == first.booking?.ref)
        #expect(try await harness.allBookings().count == 1)
        // A new YES (another message id) after the booking is not answered with it.
        let another = try await manager.respond(
            to: "yes",
            conversation: "c1",
            identity: Self.alex,
            recording: Self.recording("clubos:m3")
        )
        #expect(!another.text.contains("Booked!"))
    }

    @Test func aRetriedCancellationAndMoveAnswerWithTheirChange() async throws {
        let harness = try await DialogueHarness()
        let (manager, _) = harness.manager(clock: FixedClock(Self.wednesday))
        _ = try await manager.respond(to: "bedford friday at 8pm for 2 hours", conversation: "c1", identity: Self.alex)
        let booked = try await manager.respond(to: "yes", conversation: "c1", identity: Self.alex)
        let ref = try #require(booked.booking?.ref)

        let moveSummary = try await manager.respond(
            to: "can you move \(ref) to 6pm",
            conversation: "c1",
            identity: Self.alex
        )
        #expect(moveSummary.phase == .confirming, "\(moveSummary.text)")
        let (moved, movedRetry) = try await Self.yesTwice(manager, id: "clubos:move")
        #expect(moved.phase == .rescheduled && moved.isRecordedWithChange, "\(moved.text)")
        #expect(movedRetry.text == moved.text)

        let cancelSummary = try await manager.respond(to: "cancel \(ref)", conversation: "c1", identity: Self.alex)
        #expect(cancelSummary.phase == .confirming, "\(cancelSummary.text)")
        let (cancelled, cancelRetry) = try await Self.yesTwice(manager, id: "clubos:cancel")
        #expect(cancelled.phase == .cancelled && cancelled.isRecordedWithChange, "\(cancelled.text)")
        #expect(cancelRetry.text == cancelled.text)
        let stored = try await harness.temporary.store.processedMessage(id: "clubos:cancel")
        #expect(stored?.response == Data(cancelled.text.utf8))
    }
}
