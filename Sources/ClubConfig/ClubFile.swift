public import BookingCore

/// Everything `Config/club.yaml` holds: the club itself and the members it knows in advance.
///
/// Members live beside the club rather than inside it because they are seed data for the store,
/// while the club is the immutable picture every rule check reads.
public struct ClubFile: Sendable, Equatable {
    public var club: Club
    public var members: [Member]

    public init(club: Club, members: [Member]) {
        self.club = club
        self.members = members
    }
}
