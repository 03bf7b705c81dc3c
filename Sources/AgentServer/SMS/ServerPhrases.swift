/// The words the server itself says, outside the dialogue: carrier keywords, limits, failures.
enum ServerPhrases {
    static func help(club: String) -> String {
        "\(club): book a simulator bay by text, e.g. \"bay for 4 tomorrow at 7\". "
            + "Reply STOP to opt out, START to opt back in. Msg & data rates may apply."
    }

    static func stopped(club: String) -> String {
        "You're unsubscribed from \(club) and will get no more messages from us. Reply START to resubscribe."
    }

    static func started(club: String) -> String {
        "You're subscribed to \(club) again. Reply HELP for help, STOP to opt out."
    }

    static let rateLimited = "You're sending messages faster than we can answer. Give us a minute and try again."
    static let tooLong = "That message is too long for us to read. Please send a shorter one."
    static let empty = "We got an empty message. What can we book for you?"
    static let busy = "We're still answering your last message. Please send this one again in a moment."
    static let unavailable = "Sorry, we can't answer right now. Please try again in a minute."
}
