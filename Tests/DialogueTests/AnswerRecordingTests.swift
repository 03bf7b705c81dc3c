import BookingCore
import BookingEngine
import BookingStoreSQLite
import Dialogue
import Foundation
import TestSupport
import Testing

/// A webhook turn commits its answer with what the turn changed, in one transaction: a retry of the message
/// gets that answer byte for byte, and nothing is booked, cancelled or moved twice.
@Suite("Answers recorded with the turn that made them")
struct AnswerRecordingTests {
    static let wednesday = TestClub.at(2026, 11, 25, 10, 0)
    static let alex = Identity.customer(phone: "902-555-0101", channel: "clubos")

    /// Answers `text` as webhook message `id`, with the reply text as the "wire" body.
    static func answer(_ driver: DialogueDriver, _ text: String, id: String) async throws -> WebhookAnswer {
        try await driver.answer(text, messageID: id, conversation: "c1", identity: alex) { reply in
            (200, Data(reply.text.utf8))
        }
    }

    @Test func aYesCommitsItsAnswerInTheBookingsTransaction() async throws {
        let harness = try await DialogueHarness()
        let (driver, _) = try harness.manager(clock: FixedClock(Self.wednesday))
        _ = try await Self.answer(driver, "bedford friday at 8pm for 2 hours", id: "clubos:m1")
        let yes = try await Self.answer(driver, "yes", id: "clubos:m2")
        let booking = try #require(yes.reply?.booking)
        let stored = try await harness.temporary.store.processedMessage(id: "clubos:m2")
        #expect(stored?.response == yes.body)
        let text = String(decoding: yes.body, as: UTF8.self)
        #expect(text.contains("Booked!") && text.contains(booking.ref))
        let audit = try await harness.temporary.store.read { try $0.auditEntry(messageID: "clubos:m2") }
        #expect(audit?.bookingRef == booking.ref)
    }

    @Test func aTurnThatChangesNothingCommitsItsAnswerWithTheState() async throws {
        let harness = try await DialogueHarness()
        let (driver, _) = try harness.manager(clock: FixedClock(Self.wednesday))
        let summary = try await Self.answer(driver, "bedford friday at 8pm for 2 hours", id: "clubos:m1")
        #expect(summary.reply?.phase == .confirming)
        #expect(try await harness.temporary.store.processedMessage(id: "clubos:m1")?.response == summary.body)
        let state = try await harness.temporary.store.loadConversation(id: "c1")
        #expect(state.map { String(decoding: $0, as: UTF8.self).contains("\"confirming\"") } == true)
    }

    @Test(arguments: ["yes", "yes please"])
    func aRetriedYesGetsTheStoredAnswerAndBooksOnce(_ yesText: String) async throws {
        let harness = try await DialogueHarness()
        let (driver, _) = try harness.manager(clock: FixedClock(Self.wednesday))
        _ = try await Self.answer(driver, "bedford friday at 8pm for 2 hours", id: "clubos:m1")
        let first = try await Self.answer(driver, yesText, id: "clubos:m2")
        let retry = try await Self.answer(driver, yesText, id: "clubos:m2")
        #expect(!first.isReplay && retry.isReplay)
        #expect(retry.body == first.body)
        #expect(try await harness.allBookings().count == 1)
        // A new YES (another message id) after the booking is not answered with it.
        let another = try await Self.answer(driver, "yes", id: "clubos:m3")
        #expect(!String(decoding: another.body, as: UTF8.self).contains("Booked!"))
    }

    @Test func aRetriedCancellationAndMoveGetTheirStoredAnswers() async throws {
        let harness = try await DialogueHarness()
        let (driver, _) = try harness.manager(clock: FixedClock(Self.wednesday))
        _ = try await Self.answer(driver, "bedford friday at 8pm for 2 hours", id: "clubos:b1")
        let booked = try await Self.answer(driver, "yes", id: "clubos:b2")
        let ref = try #require(booked.reply?.booking?.ref)

        let moveSummary = try await Self.answer(driver, "can you move \(ref) to 6pm", id: "clubos:mv1")
        #expect(moveSummary.reply?.phase == .confirming)
        let moved = try await Self.answer(driver, "yes", id: "clubos:move")
        let movedRetry = try await Self.answer(driver, "yes", id: "clubos:move")
        #expect(moved.reply?.phase == .rescheduled)
        #expect(movedRetry.isReplay && movedRetry.body == moved.body)

        let cancelSummary = try await Self.answer(driver, "cancel \(ref)", id: "clubos:c1")
        #expect(cancelSummary.reply?.phase == .confirming)
        let cancelled = try await Self.answer(driver, "yes", id: "clubos:cancel")
        let cancelRetry = try await Self.answer(driver, "yes", id: "clubos:cancel")
        #expect(cancelled.reply?.phase == .cancelled)
        #expect(cancelRetry.isReplay && cancelRetry.body == cancelled.body)
        let audit = try await harness.temporary.store.read { try $0.auditLog(bookingRef: ref) }
        #expect(audit.map(\.action) == ["booking.created", "booking.rescheduled", "booking.cancelled"])
    }
}
