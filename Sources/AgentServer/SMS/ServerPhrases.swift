import Dialogue

/// The words the server itself says, outside the dialogue (carrier keywords, limits, failures), from the
/// language's wording file.
struct ServerPhrases: Sendable {
    let wording: ReplyWording

    func help(club: String) -> String { wording.say(.serverHelp, ["club": .text(club)]) }
    func stopped(club: String) -> String { wording.say(.serverStopped, ["club": .text(club)]) }
    func started(club: String) -> String { wording.say(.serverStarted, ["club": .text(club)]) }
    var rateLimited: String { wording.say(.serverRateLimited) }
    var tooLong: String { wording.say(.serverTooLong) }
    var empty: String { wording.say(.serverEmpty) }
    var busy: String { wording.say(.serverBusy) }
    var unavailable: String { wording.say(.serverUnavailable) }
}
