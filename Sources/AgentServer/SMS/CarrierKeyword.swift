/// The keywords US and Canadian carriers require every SMS program to honour (CTIA guidelines).
///
/// A keyword counts only as the whole message ("stop", "Stop.", " STOP "), so "stop by at 7" is a
/// booking. CANCEL and YES are on the carriers' lists but are words of the booking dialogue here
/// ("cancel" a booking, "yes" to confirm); Twilio's own opt-out handling covers CANCEL at the carrier.
enum CarrierKeyword: Equatable {
    case optOut
    case optIn
    case help

    init?(_ text: String) {
        let word = String(text.uppercased().filter { $0.isLetter })
        guard text.count <= 20, text.allSatisfy({ $0.isLetter || $0.isWhitespace || $0.isPunctuation }) else {
            return nil
        }
        switch word {
        case "STOP", "STOPALL", "UNSUBSCRIBE", "END", "QUIT", "OPTOUT", "REVOKE": self = .optOut
        case "START", "UNSTOP", "SUBSCRIBE": self = .optIn
        case "HELP", "INFO": self = .help
        default: return nil
        }
    }
}
