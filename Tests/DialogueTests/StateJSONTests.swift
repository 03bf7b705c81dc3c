import BookingCore
import BookingEngine
import Foundation
import Testing
import Understanding

@testable import Dialogue

/// The hand-written state JSON must read back through `JSONDecoder` exactly, whatever a customer typed.
@Suite("Conversation state JSON")
struct StateJSONTests {
    @Test(arguments: [
        "plain", "she said \"7pm\"", "back\\slash", "two\nlines\ttab\r", "bell\u{07}nul\u{00}", "🏌️‍♀️ bay 3 🎉",
        "é ñ 中文", "</script>", "",
    ])
    func anyTextSurvivesTheRoundTrip(text: String) throws {
        var state = ConversationState()
        state.phase = .confirming
        state.flow = .reschedule
        state.draft.location = text
        state.draft.memberName = text
        state.draft.sources = ["start": "said: " + text, text: text]
        state.draft.day = LocalDay(year: 2026, month: 11, day: 28)
        state.draft.start = Date(timeIntervalSince1970: 1_764_370_800.5)
        state.draft.window = Interval(start: Date(timeIntervalSince1970: -1.25), minutes: 90)
        state.targetRef = text
        state.bookingChoices = [text, "BK-2"]
        let proposal = Proposal(
            locationID: "bedford",
            bay: 3,
            interval: Interval(start: Date(timeIntervalSince1970: 1_764_370_800), minutes: 60),
            priceCents: 4_500
        )
        state.options = [proposal, proposal]
        state.pending = .reschedule(ref: text, to: proposal)
        state.expecting = .partySize
        state.unknownStreak = 1
        state.lastActivity = Date(timeIntervalSince1970: 1_764_100_000.123)
        let data = try state.encoded()
        #expect(ConversationState.decode(data) == state)
    }

    @Test func everyPendingActionAndAnEmptyStateSurvive() throws {
        let proposal = Proposal(
            locationID: "truro",
            bay: 1,
            interval: Interval(start: Date(timeIntervalSince1970: 1_764_370_800), minutes: 120),
            priceCents: 9_720
        )
        let actions: [PendingAction?] = [
            nil, .book(proposal), .cancel(ref: "BK-7"), .reschedule(ref: "BK-8", to: proposal),
            .extend(ref: "BK-9", to: proposal),
        ]
        for action in actions {
            var state = ConversationState()
            state.pending = action
            #expect(ConversationState.decode(try state.encoded()) == state)
        }
    }

    /// A state saved by an earlier version (Foundation's encoder) still reads, so an upgrade keeps
    /// every conversation in progress.
    @Test func aStateWrittenByJSONEncoderStillReads() throws {
        var state = ConversationState()
        state.phase = .choosing
        state.draft.location = "halifax"
        state.pending = .cancel(ref: "BK-1")
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        let old = try encoder.encode(state)
        #expect(ConversationState.decode(old) == state)
        #expect(String(decoding: try state.encoded(), as: UTF8.self) == String(decoding: old, as: UTF8.self))
    }
}
