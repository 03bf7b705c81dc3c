/// The fixed sentences of the agent's replies, in one place (the reply templates).
enum Phrases {
    static let freshStart = "Welcome back! It's been a while, so let's start fresh."
    static let greeting =
        "Hi! I can book a simulator bay for you, check what's free, or change a booking. "
        + "Try: \"bay for 4 at Bedford tomorrow at 7 for 2 hours\"."
    static let help =
        "I can: book a bay (\"Bedford sat at 7 for 2 hrs, 4 of us\"), check what's free (\"what's open tomorrow "
        + "evening?\"), show your bookings (\"my bookings\"), cancel or move one (\"cancel K7Q-4M2\", \"move my "
        + "friday booking to 8\"), add time (\"add 30 min\"), prices and hours. Say \"agent\" to reach a person."
    static let thanks = "You're welcome! See you on the course."
    static let notUnderstood = "Sorry, I didn't catch that."
    static let notUnderstoodIdle =
        "Sorry, I didn't catch that. I can book a bay, check what's free, or change a booking — e.g. "
        + "\"Bedford tomorrow at 7 for 2 hours\"."
    static let handoffHuman = "I'll get someone from the team to help. A staff member will reply here shortly."
    static let handoffConfused =
        "Sorry, I'm not getting it. I've asked a staff member to jump in; they'll reply here shortly."
    static let nothingToConfirm = "There's nothing waiting for a yes right now. What would you like to book?"
    static let whatToChange = "No problem — what would you like to change? (day, time, length, players or location)"
    static let stopped = "OK, I've stopped there. Anything else I can do?"
    static let askDayAndTime = "What day and time would you like?"
    static let askMoveTo = "When would you like to move it to?"
    static let askMemberPhone = "Which member is this for? Send their phone number."
    static let askOwnPhone = "What phone number should I put the booking under?"
    static let pickOption = "Reply with a number, or tell me another time."
    static let noUpcoming = "You have no upcoming bookings."
    static let slotJustTaken = "Sorry — someone just took that slot."
    static let replyYesToBook = "Reply YES to book."
    static let whichBooking = "Which booking? Reply with a number."
    static let staffOverride = "A staff member can make an exception; I've flagged this for the team."
}
