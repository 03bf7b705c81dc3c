/// Why a store (SQLite or PostgreSQL) refused a write, in the same words whichever it is.
///
/// The text names the problem and at most a booking ref; SQL, arguments and personal data stay out of it,
/// so the error can be logged or shown to staff as it is.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A booking with this ref already exists.
    case duplicateRef(String)
    /// A booking with this idempotency key already exists.
    case duplicateIdempotencyKey(String)
    /// `update` named a ref the store does not hold.
    case bookingNotFound(String)
    /// The booking ends before it starts, or lasts longer than the store's 24-hour maximum.
    case invalidInterval(ref: String)
    /// The database itself refused a confirmed booking overlapping another on the same bay (PostgreSQL's
    /// exclusion constraint; the engine's serialised check normally stops it first).
    case overlapping(ref: String)
    /// A row could not be read back as a domain value.
    case corruptRow(table: String)

    public var description: String {
        switch self {
        case .duplicateRef(let ref): "a booking with ref \(ref) already exists"
        case .duplicateIdempotencyKey: "a booking with this idempotency key already exists"
        case .bookingNotFound(let ref): "no booking with ref \(ref)"
        case .invalidInterval(let ref): "booking \(ref) must end after it starts and last at most 24 hours"
        case .overlapping(let ref): "booking \(ref) overlaps a confirmed booking on the same bay"
        case .corruptRow(let table): "a row of \(table) could not be read"
        }
    }
}
