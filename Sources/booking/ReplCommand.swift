import ArgumentParser
import BookingCore
import BookingEngine
import ClubConfig
import Dialogue
import Foundation
import Synchronization
import Understanding

/// `booking repl`: talk to the agent as a customer (`--as PHONE`) or as staff (`--staff`).
struct ReplCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Chat with the booking agent. On a terminal: line editing, history, :help. Piped: one turn per line."
    )

    @Option(
        name: .customLong("as"),
        help: "Chat as the customer with this phone. Default: the demo member 902-555-0101."
    )
    var phone: String?
    @Flag(help: "Chat as front-desk staff: act for any member, override the last-minute cutoff.") var staff = false
    @Option(help: "The conversation id; the same id continues a conversation after a restart.") var conversation:
        String?
    @Option(help: "The Grammars directory. Default: $BOOKING_GRAMMARS, else ./Grammars.") var grammars: String?
    @OptionGroup var store: StoreOptions
    @OptionGroup var clock: ClockOptions

    func run() async throws {
        let (file, sqlite) = try await store.open()
        let start = try clock.referenceDate()
        let adjustable = AdjustableClock(start, isFixed: clock.now != nil)
        let engine = BookingEngine(club: file.club, store: sqlite, clock: adjustable)
        let parser = try AgentParser.load(club: file.club, grammars: grammars)
        let manager = DialogueDriver(
            engine: engine,
            parser: parser,
            conversations: sqlite,
            wording: try AgentParser.wording(grammars: grammars),
            clock: adjustable
        )
        let identity: Identity = staff ? .staff : .customer(phone: phone ?? "902-555-0101", channel: "repl")
        let id = conversation ?? "repl:" + (staff ? "staff" : PhoneNumber.e164(identity.phone ?? "") ?? "guest")
        let interactive = LineEditor.isInteractive
        let editor = LineEditor(interactive: interactive)
        let style = ReplStyle(colours: interactive)
        if interactive {
            let who: String
            if staff {
                who = "staff"
            } else {
                let member = try await engine.member(phone: identity.phone ?? "")
                who = member.map { "\($0.name) (\($0.phone))" } ?? (identity.phone ?? "guest")
            }
            print(
                style.dim("\(file.club.name) booking agent — chatting as \(who). :help for commands, :quit to leave.")
            )
        }
        while let line = editor.read(prompt: interactive ? style.prompt("you> ") : "") {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix(":") {
                guard try await meta(text, manager: manager, id: id, clock: adjustable, style: style) else { return }
                continue
            }
            let reply = try await manager.respond(to: line, conversation: id, identity: identity)
            print(style.agent(ReplyRenderer.text(reply, for: .repl)))
            if reply.handoff { print(style.dim("[handoff: \(reply.handoffReason ?? "requested")]")) }
            if interactive { print("") }
        }
    }

    /// Runs a `:command`; false means leave.
    private func meta(
        _ text: String,
        manager: DialogueDriver,
        id: String,
        clock: AdjustableClock,
        style: ReplStyle
    )
        async throws -> Bool
    {
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        switch parts.first ?? "" {
        case ":quit", ":q", ":exit":
            return false
        case ":help":
            print(
                style.dim(
                    ":help this list · :state the conversation's state · :reset start over · "
                        + ":now ISO move the clock · :quit leave"
                )
            )
        case ":state":
            print(try await manager.describeState(conversation: id))
        case ":reset":
            try await manager.reset(conversation: id)
            print(style.dim("Conversation reset."))
        case ":now":
            if parts.count == 2, let date = ISO8601Parsing.date(from: parts[1]) {
                clock.set(date)
                print(style.dim("Clock set to \(parts[1])."))
            } else {
                print(style.dim("Usage: :now 2026-11-25T19:00:00-04:00"))
            }
        default:
            print(style.dim("Unknown command \(parts.first ?? ""); :help lists them."))
        }
        return true
    }
}

/// The REPL's clock: fixed at `--now` (movable with `:now`), else the machine's clock.
final class AdjustableClock: Clock {
    private let state: Mutex<(date: Date, isFixed: Bool)>

    init(_ date: Date, isFixed: Bool) {
        state = Mutex((date, isFixed))
    }

    func set(_ date: Date) {
        state.withLock { $0 = (date, true) }
    }

    func now() -> Date {
        state.withLock { $0.isFixed ? $0.date : Date() }
    }
}

/// ANSI colours on a terminal, plain text otherwise.
struct ReplStyle {
    let colours: Bool

    /// The prompt in green; the reset comes before the trailing space, since libedit drops a non-printing
    /// sequence at the very end of a prompt (the customer's typing would turn green).
    func prompt(_ text: String) -> String {
        guard colours else { return text }
        let words = text.trimmingCharacters(in: .whitespaces)
        return "\u{1B}[1;32m\(words)\u{1B}[0m" + String(repeating: " ", count: text.count - words.count)
    }
    func agent(_ text: String) -> String { colours ? "\u{1B}[36m\(text)\u{1B}[0m" : text }
    func dim(_ text: String) -> String { colours ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
}

/// Builds the intent parser and the reply wording from the grammars directory (`--grammars`,
/// `$BOOKING_GRAMMARS`, or ./Grammars; its `en` folder when it has one).
enum AgentParser {
    static func languageDirectory(grammars: String?) -> String {
        let root = grammars ?? ProcessInfo.processInfo.environment["BOOKING_GRAMMARS"] ?? "Grammars"
        let english = (root as NSString).appendingPathComponent("en")
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: english, isDirectory: &isDirectory), isDirectory.boolValue {
            return english
        }
        return root
    }

    static func load(club: Club, grammars: String?) throws -> UtteranceParser {
        try UtteranceParser(grammarsDirectory: languageDirectory(grammars: grammars), club: club)
    }

    /// The wording of every reply; a missing key or a wrong placeholder stops start-up with file:line.
    static func wording(grammars: String?) throws -> ReplyWording {
        try ReplyWording.load(directory: languageDirectory(grammars: grammars))
    }
}
