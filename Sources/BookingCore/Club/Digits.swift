/// Fixed-width decimal numbers for dates, times and prices.
///
/// `String(format:)` goes through Foundation's formatter on Linux and showed up in the webhook's
/// profile; these are written out digit by digit.
public enum Digits {
    /// `value` with leading zeros to at least `width` digits ("07", "2026"); a minus sign comes first.
    ///
    /// Written from the last digit back into one buffer: dates and times of every reply and stored row go
    /// through here, and the three strings the obvious way builds cost more than the number.
    public static func padded(_ value: Int, width: Int) -> String {
        let capacity = max(width, 20) + 1
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            var magnitude = value.magnitude
            var start = capacity
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            while capacity - start < width {
                start -= 1
                buffer[start] = UInt8(ascii: "0")
            }
            if value < 0 {
                start -= 1
                buffer[start] = UInt8(ascii: "-")
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[start...]), as: UTF8.self)
        }
    }
}
