import AgentServer
import BookingCore
import Foundation
import Testing

@Suite("ClubOS webhook")
struct ClubOSRouteTests {
    let openAPI: OpenAPIDocument?

    init() {
        openAPI = try? OpenAPIDocument.load()
    }

    func expectMatchesContract(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let openAPI else {
            Issue.record("openapi/clubos-webhook.yaml did not load", sourceLocation: sourceLocation)
            return
        }
        let problems = openAPI.problems("POST", "/v1/clubos/messages", status: response.status, body: response.body)
        #expect(problems.isEmpty, "\(problems)", sourceLocation: sourceLocation)
    }

    @Test func aBookingInTwoTurnsAnswersWithTheDocumentedShape() async throws {
        try await ServerHarness.run { harness in
            let first = try await harness.client.clubOS(
                "can 4 of us get bay 3 at bedford tmrw at 7 for 2 hrs?",
                messageID: "m-1"
            )
            #expect(first.status == 200)
            #expect(first.header("Content-Type")?.hasPrefix("application/json") == true)
            #expect(first.json["state"] as? String == "confirming")
            #expect(first.json["intent"] as? String == "book")
            #expect((first.json["reply"] as? String)?.contains("Bay 3 at Bedford") == true)
            expectMatchesContract(first)

            let second = try await harness.client.clubOS("yes", messageID: "m-2")
            #expect(second.status == 200)
            #expect(second.json["state"] as? String == "booked")
            #expect(second.json["handoff"] as? Bool == false)
            let booking = second.json["booking"] as? [String: Any]
            #expect(booking?["location"] as? String == "bedford")
            #expect(booking?["bay"] as? Int == 3)
            #expect(booking?["start"] as? String == "2026-11-26T19:00:00-04:00")
            #expect(booking?["end"] as? String == "2026-11-26T21:00:00-04:00")
            #expect(booking?["price_cents"] as? Int == 10_800)
            expectMatchesContract(second)

            let stored = try await harness.bookings()
            #expect(stored.count == 1)
            #expect(stored.first?.ref == booking?["ref"] as? String)
            #expect(stored.first?.memberPhone == "+19025550101")
        }
    }

    /// ClubOS's `location_id` is where the thread was opened: the customer is not asked "which location?"
    /// again, and naming another one changes it.
    @Test func theThreadsLocationIsTheConversationsLocationUntilTheCustomerNamesAnother() async throws {
        try await ServerHarness.run { harness in
            let first = try await harness.client.postClubOS(
                ClubOSBody.make(
                    "tomorrow at 7pm for 2 hours",
                    messageID: "loc-1",
                    thread: "t-loc",
                    locationID: "dartmouth"
                )
            )
            let summary = first.json["reply"] as? String ?? ""
            #expect(first.json["state"] as? String == "confirming", "\(summary)")
            #expect(summary.contains("at Dartmouth"), "\(summary)")
            let changed = try await harness.client.postClubOS(
                ClubOSBody.make("no, bedford", messageID: "loc-2", thread: "t-loc", locationID: "dartmouth")
            )
            let moved = changed.json["reply"] as? String ?? ""
            #expect(moved.contains("at Bedford") && !moved.contains("Dartmouth"), "\(moved)")
        }
    }

    /// An id the club does not know is ignored (and logged), never an error and never shown to the customer.
    @Test func anUnknownThreadLocationIsIgnored() async throws {
        try await ServerHarness.run { harness in
            let response = try await harness.client.postClubOS(
                ClubOSBody.make("tomorrow at 7pm for 2 hours", messageID: "loc-x", thread: "t-x", locationID: "mars-1")
            )
            #expect(response.status == 200)
            let reply = response.json["reply"] as? String ?? ""
            #expect(!reply.contains("mars"), "\(reply)")
            #expect(reply.contains("Which location") || reply.contains("Bedford"), "\(reply)")
        }
    }

    @Test func aRetriedMessageGetsTheSameAnswerAndBooksOnce() async throws {
        try await ServerHarness.run { harness in
            _ = try await harness.client.clubOS("bedford tomorrow at 7 for 2 hours", messageID: "r-1")
            let body = ClubOSBody.make("yes", messageID: "r-2")
            let first = try await harness.client.postClubOS(body)
            let retry = try await harness.client.postClubOS(body)
            #expect(first.status == 200)
            #expect(retry.status == 200)
            #expect(retry.body == first.body)
            #expect(first.json["state"] as? String == "booked")
            #expect(try await harness.bookings().count == 1)

            // A retry of the earlier question does not move the conversation back either.
            let again = try await harness.client.clubOS("bedford tomorrow at 7 for 2 hours", messageID: "r-1")
            #expect(again.json["state"] as? String == "confirming")
            let next = try await harness.client.clubOS("thanks", messageID: "r-3")
            #expect(next.json["state"] as? String != "confirming")
            #expect(try await harness.bookings().count == 1)
        }
    }

    @Test func concurrentRetriesOfOneMessageBookOnce() async throws {
        try await ServerHarness.run { harness in
            _ = try await harness.client.clubOS("bedford tomorrow at 7 for 2 hours", messageID: "c-1")
            let body = ClubOSBody.make("yes", messageID: "c-2")
            let responses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for _ in 0..<5 { group.addTask { try await harness.client.postClubOS(body) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(responses.allSatisfy { $0.status == 200 && $0.body == responses[0].body })
            #expect(try await harness.bookings().count == 1)
        }
    }

    @Test func alternativesComeAsNumberedOptions() async throws {
        try await ServerHarness.run { harness in
            _ = try await harness.client.clubOS("bay 3 at bedford tomorrow at 7 for 2 hours", messageID: "a-1")
            _ = try await harness.client.clubOS("yes", messageID: "a-2")
            let taken = try await harness.client.clubOS(
                "bay 3 at bedford tomorrow at 7 for 2 hours",
                messageID: "b-1",
                thread: "thread-2",
                phone: "902-555-0102"
            )
            #expect(taken.status == 200)
            expectMatchesContract(taken)
            let options = taken.json["options"] as? [[String: Any]] ?? []
            #expect(!options.isEmpty)
            #expect(options.first?["number"] as? Int == 1)
        }
    }

    @Test(arguments: [
        ("missing timestamp", Optional<String>.none, [ClubOSHeaders.timestamp]),
        ("missing signature", nil, [ClubOSHeaders.signature]),
        ("wrong signature", "sha256=" + String(repeating: "0", count: 64), []),
        ("signature without prefix", "deadbeef", []),
        ("prefix only", "sha256=", []),
        ("not hex", "sha256=" + String(repeating: "zz", count: 32), []),
        ("odd number of hex digits", "sha256=" + String(repeating: "0", count: 63), []),
        ("hex with emoji", "sha256=" + String(repeating: "0", count: 62) + "🏌️", []),
        ("signed with another secret", "other-secret", []),
    ])
    func unauthenticatedRequestsAreRefusedWithoutSideEffects(
        _ name: String,
        signature: String?,
        omitted: [String]
    ) async throws {
        try await ServerHarness.run { harness in
            let body = ClubOSBody.make("bedford tomorrow at 7", messageID: "auth-1")
            let response: TestResponse
            if signature == "other-secret" {
                response = try await harness.client.postClubOS(body, secret: "other-secret")
            } else {
                response = try await harness.client.postClubOS(body, signature: signature, omit: Set(omitted))
            }
            #expect(response.status == 401, "\(name)")
            #expect(response.json["error"] as? String == "unauthorized")
            expectMatchesContract(response)
            #expect(try await harness.isRecorded("clubos:auth-1") == false)
            #expect(try await harness.hasConversation("clubos:thread-1") == false)
        }
    }

    @Test(arguments: [-301, 301, -3_600])
    func timestampsOutsideFiveMinutesAreRefused(offset: Int) async throws {
        try await ServerHarness.run { harness in
            let body = ClubOSBody.make("bedford tomorrow at 7", messageID: "stale-1")
            let timestamp = String(Int(ServerHarness.now.timeIntervalSince1970) + offset)
            let response = try await harness.client.postClubOS(body, timestamp: timestamp)
            #expect(response.status == 401)
            #expect(try await harness.isRecorded("clubos:stale-1") == false)
        }
    }

    @Test func aTimestampWithinFiveMinutesIsAccepted() async throws {
        try await ServerHarness.run { harness in
            let body = ClubOSBody.make("hi", messageID: "fresh-1")
            let timestamp = String(Int(ServerHarness.now.timeIntervalSince1970) - 299)
            let response = try await harness.client.postClubOS(body, timestamp: timestamp)
            #expect(response.status == 200)
        }
    }

    @Test func aTamperedBodyIsRefused() async throws {
        try await ServerHarness.run { harness in
            let timestamp = String(Int(ServerHarness.now.timeIntervalSince1970))
            let signed = ClubOSSignature(secret: ServerHarness.clubOSSecret)
                .signature(timestamp: timestamp, body: ClubOSBody.make("hi", messageID: "t-1"))
            let response = try await harness.client.postClubOS(
                ClubOSBody.make("book bay 3", messageID: "t-1"),
                timestamp: timestamp,
                signature: signed
            )
            #expect(response.status == 401)
        }
    }

    @Test func theSignatureIsHMACSHA256OfTimestampDotBody() {
        // Worked out independently: HMAC-SHA256("secret", "1795615200.{\"a\":1}").
        let signature = ClubOSSignature(secret: "secret").signature(
            timestamp: "1795615200",
            body: Data(#"{"a":1}"#.utf8)
        )
        #expect(signature == "sha256=e97595330acbc30d85d154f2df93a6e9e0cb3fddd284fa0d3fa2d6167710c7f7")
    }
}
