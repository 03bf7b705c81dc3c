import BookingCore
import BookingEngine
import Foundation
import Understanding

/// The conversation state written out by hand, in the JSON `JSONEncoder` makes of it (sorted keys,
/// dates as seconds since 1970, absent optionals left out), so `JSONDecoder` reads it back.
///
/// Every webhook turn saves the state; Foundation's encoder was the largest single cost of a turn
/// after the parser. Debug builds check each write against a decode, so every dialogue test and
/// fixture proves the two agree.
extension JSONWriter {
    mutating func day(_ day: LocalDay) {
        object {
            $0.member("day") { $0.number(day.day) }
            $0.member("month") { $0.number(day.month) }
            $0.member("year") { $0.number(day.year) }
        }
    }

    mutating func interval(_ interval: Interval) {
        object {
            $0.member("end") { $0.date(interval.end) }
            $0.member("start") { $0.date(interval.start) }
        }
    }

    mutating func proposal(_ proposal: Proposal) {
        object {
            $0.member("bay") { $0.number(proposal.bay) }
            $0.member("interval") { $0.interval(proposal.interval) }
            $0.member("locationID") { $0.string(proposal.locationID) }
            $0.member("priceCents") { $0.number(proposal.priceCents) }
        }
    }

    mutating func draft(_ draft: Draft) {
        object {
            $0.member("bay", draft.bay) { $0.number($1) }
            $0.member("day", draft.day) { $0.day($1) }
            $0.member("location", draft.location) { $0.string($1) }
            $0.member("memberName", draft.memberName) { $0.string($1) }
            $0.member("memberPhone", draft.memberPhone) { $0.string($1) }
            $0.member("minutes", draft.minutes) { $0.number($1) }
            $0.member("partySize", draft.partySize) { $0.number($1) }
            $0.member("sources") { writer in
                writer.object { sources in
                    for (key, value) in draft.sources.sorted(by: { $0.key < $1.key }) {
                        sources.member(key) { $0.string(value) }
                    }
                }
            }
            $0.member("start", draft.start) { $0.date($1) }
            $0.member("window", draft.window) { $0.interval($1) }
        }
    }

    mutating func pending(_ action: PendingAction) {
        object { members in
            switch action {
            case .book(let proposal):
                members.member("book") { $0.object { $0.member("_0") { $0.proposal(proposal) } } }
            case .cancel(let ref):
                members.member("cancel") { $0.object { $0.member("ref") { $0.string(ref) } } }
            case .reschedule(let ref, let proposal):
                members.member("reschedule") { $0.refAndProposal(ref, proposal) }
            case .extend(let ref, let proposal):
                members.member("extend") { $0.refAndProposal(ref, proposal) }
            }
        }
    }

    private mutating func refAndProposal(_ ref: String, _ proposal: Proposal) {
        object {
            $0.member("ref") { $0.string(ref) }
            $0.member("to") { $0.proposal(proposal) }
        }
    }

    mutating func state(_ state: ConversationState) {
        object {
            $0.member("bookingChoices") { $0.array(state.bookingChoices) { $0.string($1) } }
            $0.member("draft") { $0.draft(state.draft) }
            $0.member("expecting") { $0.string(state.expecting.rawValue) }
            $0.member("flow", state.flow) { $0.string($1.rawValue) }
            $0.member("lastActivity", state.lastActivity) { $0.date($1) }
            $0.member("options") { $0.array(state.options) { $0.proposal($1) } }
            $0.member("pending", state.pending) { $0.pending($1) }
            $0.member("phase") { $0.string(state.phase.rawValue) }
            $0.member("targetRef", state.targetRef) { $0.string($1) }
            $0.member("unknownStreak") { $0.number(state.unknownStreak) }
        }
    }
}
