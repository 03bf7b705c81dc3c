/// Fixed-width decimal numbers for dates, times and prices.
///
/// `String(format:)` goes through Foundation's formatter on Linux and showed up in the webhook's
/// profile; these are written out digit by digit.
public enum Digits {
    /// `value` with leading zeros to at least `width` digits ("07", "2026"); a minus sign comes first.
    public static func padded(_ value: Int, width: Int) -> String {
        let digits = String(value.magnitude)
        let zeros = String(repeating: "0", count: max(0, width - digits.count))
        return (value < 0 ? "-" : "") + zeros + digits
    }
}
