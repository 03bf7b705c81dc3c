/// The load run's booking conversation, shared by the load generator (`AgentLoad`) and the turn-cost replay
/// (`TurnCost`), so that the wall-clock and the instruction figures measure the same conversations.
///
/// A flow asks for a bay at a location on a day, gives a time when asked, says YES to a summary, or "1" to
/// numbered alternatives and then YES.
public enum BookingFlow {
    public static let days = ["tomorrow", "friday", "saturday", "sunday", "monday", "tuesday"]
    public static let locations = ["bedford", "dartmouth", "halifax"]
    public static let times = ["7am", "9am", "11am", "1pm", "3pm", "5pm", "7pm", "9pm", "10pm", "8am", "noon", "6pm"]
    /// At most this many messages per flow.
    public static let turnsPerFlow = 4

    /// The first message of the flow numbered `pick` and the time it gives when asked.
    public static func request(pick: Int) -> (opening: String, time: String) {
        let day = days[pick % days.count]
        let location = locations[(pick / 7) % locations.count]
        return ("can i book a bay at \(location) \(day)", times[(pick / 3) % times.count])
    }

    /// What a customer sends after the agent's reply in `state`, or nil when the flow is over.
    public static func answer(after state: String?, turn: Int, time: String) -> String? {
        guard turn < turnsPerFlow else { return nil }
        switch state {
        case "collecting" where turn == 1: return time
        case "confirming": return "yes"
        case "choosing" where turn < turnsPerFlow - 1: return "1"
        default: return nil
        }
    }

    /// `+1902` and `number` as seven digits: a Nova Scotia mobile for each flow.
    public static func phone(_ number: Int) -> String {
        let digits = String(number % 10_000_000)
        return "+1902" + String(repeating: "0", count: 7 - digits.count) + digits
    }
}
