/// Every sentence the agent can say, by the key it has in a language's `replies.yaml`.
///
/// The wording lives in the file; Swift holds only the keys and the typed placeholders each may use, so a
/// loaded file can be checked at start-up: a key missing, or a placeholder the key does not have, stops
/// the agent with the file and line.
public enum ReplyKey: String, Sendable, CaseIterable {
    // Conversation
    case freshStart = "fresh_start"
    case greeting, help, thanks
    case hello
    case notUnderstood = "not_understood"
    case notUnderstoodIdle = "not_understood_idle"
    case handoffHuman = "handoff_human"
    case handoffConfused = "handoff_confused"
    case nothingToConfirm = "nothing_to_confirm"
    case whatToChange = "what_to_change"
    case stopped
    case okay
    case askDayAndTime = "ask_day_and_time"
    case whatTimeToday = "what_time_today"
    case whatTimeTomorrow = "what_time_tomorrow"
    case whatTimeOn = "what_time_on"
    case whichLocation = "which_location"
    case whichLocationOf = "which_location_of"
    case askMoveTo = "ask_move_to"
    case askMemberPhone = "ask_member_phone"
    case askOwnPhone = "ask_own_phone"
    case askBookingRef = "ask_booking_ref"
    case pickOption = "pick_option"
    case pickNumberRange = "pick_number_range"
    case confirmQuestion = "confirm_question"
    case whichBooking = "which_booking"
    case understood
    case understoodDay = "understood_day"
    case dayAtTime = "day_at_time"
    case outsideListedWindow = "outside_listed_window"
    // Booking
    case summaryBook = "summary_book"
    case summaryBookWithLength = "summary_book_with_length"
    case forMember = "for_member"
    case alternativesIntro = "alternatives_intro"
    case optionLine = "option_line"
    case slotJustTaken = "slot_just_taken"
    case staffOverride = "staff_override"
    case freeAtHeader = "free_at_header"
    case nothingFreeThen = "nothing_free_then"
    case booked
    // Changes
    case noUpcoming = "no_upcoming"
    case noBookingThen = "no_booking_then"
    case whichToCancel = "which_to_cancel"
    case whichToMove = "which_to_move"
    case whichToExtend = "which_to_extend"
    case bookingLine = "booking_line"
    case confirmCancel = "confirm_cancel"
    case lateCancelWarning = "late_cancel_warning"
    case cancelled
    case refund
    case noRefund = "no_refund"
    case bookingIs = "booking_is"
    case confirmMove = "confirm_move"
    case moved
    case confirmExtend = "confirm_extend"
    case cannotExtend = "cannot_extend"
    // Answers
    case nothingFreeDay = "nothing_free_day"
    case nothingFreeWindow = "nothing_free_window"
    case freeStarts = "free_starts"
    case andMore = "and_more"
    case quote
    case quoteWithDiscount = "quote_with_discount"
    case rateItem = "rate_item"
    case priceList = "price_list"
    case priceListWithWeekends = "price_list_with_weekends"
    case tierSaving = "tier_saving"
    case tierSavings = "tier_savings"
    case openAlways = "open_always"
    case hoursWeek = "hours_week"
    case hoursDay = "hours_day"
    case closedDay = "closed_day"
    case yourBookings = "your_bookings"
    case wantToBook = "want_to_book"
    case players
    // Why a slot or a change was refused
    case errorUnknownLocation = "error.unknown_location"
    case errorUnknownBay = "error.unknown_bay"
    case errorOffGrid = "error.off_grid"
    case errorDurationOffGrid = "error.duration_off_grid"
    case errorTooShort = "error.too_short"
    case errorTooLong = "error.too_long"
    case errorInThePast = "error.in_the_past"
    case errorLastMinute = "error.last_minute"
    case errorTooFarAhead = "error.too_far_ahead"
    case errorClosed = "error.closed"
    case errorMaintenance = "error.maintenance"
    case errorPrivateEvent = "error.private_event"
    case errorHoliday = "error.holiday"
    case errorPartyTooLarge = "error.party_too_large"
    case errorPartySizeInvalid = "error.party_size_invalid"
    case errorPartyTooLargeForLocation = "error.party_too_large_for_location"
    case errorTaken = "error.taken"
    case errorNoBayFree = "error.no_bay_free"
    case errorActiveBookingLimit = "error.active_booking_limit"
    case errorWeeklyHoursLimit = "error.weekly_hours_limit"
    case errorNotFound = "error.not_found"
    case errorAlreadyCancelled = "error.already_cancelled"
    case errorAlreadyStarted = "error.already_started"
    case errorInvalidPhone = "error.invalid_phone"
    // The server's own answers, outside a conversation
    case serverHelp = "server.help"
    case serverStopped = "server.stopped"
    case serverStarted = "server.started"
    case serverRateLimited = "server.rate_limited"
    case serverTooLong = "server.too_long"
    case serverEmpty = "server.empty"
    case serverBusy = "server.busy"
    case serverUnavailable = "server.unavailable"
    // How values are written
    case formatSlot = "format.slot"
    case formatDate = "format.date"
    case formatWeekdays = "format.weekdays"
    case formatMonths = "format.months"
    case formatToday = "format.today"
    case formatTomorrow = "format.tomorrow"
    case formatAm = "format.am"
    case formatPm = "format.pm"
    case formatMoneyWhole = "format.money_whole"
    case formatMoneyCents = "format.money_cents"
    case formatHours = "format.hours"
    case formatMinutes = "format.minutes"
    case formatListSeparator = "format.list_separator"
    case formatListLast = "format.list_last"
    case formatDaySeparator = "format.day_separator"
    case formatRangeSeparator = "format.range_separator"

    /// The placeholders the key's wording may use, with the kind of value each holds.
    public var placeholders: [String: ReplyValueKind] {
        switch self {
        case .whatTimeOn: ["day": .day]
        case .whichLocationOf: ["locations": .text]
        case .pickNumberRange: ["count": .count]
        case .understood: ["known": .text]
        case .understoodDay: ["day": .day]
        case .dayAtTime: ["day": .day, "time": .time]
        case .outsideListedWindow: ["time": .time, "day": .day, "window": .span]
        case .summaryBook: ["slot": .slot, "players": .phrases, "price": .money]
        case .summaryBookWithLength: ["slot": .slot, "length": .minutes, "players": .phrases, "price": .money]
        case .forMember: ["phone": .text]
        case .optionLine: ["number": .count, "slot": .slot, "price": .money]
        case .freeAtHeader, .nothingFreeThen: ["location": .text, "day": .day]
        case .booked: ["slot": .slot, "ref": .text]
        case .whichToCancel, .whichToMove, .whichToExtend: [:]
        case .bookingLine: ["number": .count, "ref": .text, "slot": .slot]
        case .confirmCancel: ["ref": .text, "slot": .slot]
        case .lateCancelWarning: ["cutoff": .minutes]
        case .cancelled: ["ref": .text, "slot": .slot]
        case .refund: ["amount": .money]
        case .bookingIs: ["ref": .text, "slot": .slot]
        case .confirmMove: ["ref": .text, "slot": .slot, "price": .money]
        case .moved: ["ref": .text, "slot": .slot, "price": .money]
        case .confirmExtend: ["ref": .text, "extra": .minutes, "span": .span, "price": .money]
        case .cannotExtend: ["ref": .text, "reason": .phrases]
        case .nothingFreeDay, .nothingFreeWindow: ["location": .text, "day": .day]
        case .freeStarts: ["length": .minutes, "location": .text, "day": .day, "ranges": .text]
        case .quote: ["location": .text, "day": .day, "span": .span, "price": .money]
        case .quoteWithDiscount: ["location": .text, "day": .day, "span": .span, "price": .money, "tier": .text]
        case .rateItem: ["location": .text, "price": .money]
        case .priceList, .priceListWithWeekends:
            ["rates": .text, "peak_from": .time, "peak": .count, "early_bird": .count, "late_night": .count]
        case .tierSaving: ["tier": .text, "percent": .count]
        case .tierSavings: ["savings": .text]
        case .openAlways: ["location": .text]
        case .hoursWeek: ["location": .text, "days": .text]
        case .hoursDay: ["weekday": .text, "hours": .text]
        case .closedDay: ["weekday": .text]
        case .yourBookings, .players: ["count": .count]
        case .errorUnknownLocation: ["name": .text]
        case .errorUnknownBay: ["location": .text, "bay": .count]
        case .errorOffGrid, .errorDurationOffGrid: ["grid": .count]
        case .errorTooShort: ["minimum": .minutes]
        case .errorTooLong: ["tier": .text, "maximum": .minutes]
        case .errorLastMinute: ["cutoff": .minutes]
        case .errorTooFarAhead: ["tier": .text, "days": .count]
        case .errorClosed, .errorPrivateEvent: ["location": .text]
        case .errorMaintenance, .errorHoliday: ["location": .text, "description": .text]
        case .errorPartyTooLarge: ["bay": .count, "capacity": .count]
        case .errorPartyTooLargeForLocation: ["location": .text, "capacity": .count]
        case .errorTaken: ["location": .text, "bay": .count]
        case .errorNoBayFree: ["location": .text]
        case .errorActiveBookingLimit: ["tier": .text, "count": .count]
        case .errorWeeklyHoursLimit: ["tier": .text, "hours": .count]
        case .errorNotFound, .errorAlreadyCancelled, .errorAlreadyStarted: ["ref": .text]
        case .errorInvalidPhone: ["phone": .text]
        case .serverHelp, .serverStopped, .serverStarted: ["club": .text]
        case .formatSlot: ["bay": .count, "location": .text, "date": .text, "span": .text]
        case .formatDate: ["weekday": .text, "month": .text, "day": .count]
        case .formatMoneyWhole: ["units": .count]
        case .formatMoneyCents: ["units": .count, "cents": .text]
        case .formatHours, .formatMinutes: ["count": .count]
        case .formatListLast: ["list": .text, "last": .text]
        default: [:]
        }
    }

    /// Whether the wording has a form per count (`key.one`, `key.other`), chosen by the `count` argument.
    public var isPlural: Bool {
        switch self {
        case .yourBookings, .players, .formatHours, .formatMinutes, .errorActiveBookingLimit: true
        default: false
        }
    }
}
