import Foundation
import TestSupport
import Testing

@Suite("The booking command, run as a process")
struct BookingCommandTests {
    @Test func dbInitIsIdempotent() throws {
        let cli = try CLI()
        defer { cli.removeAll() }
        let first = try cli.run(["db", "init"])
        let second = try cli.run(["db", "init"])
        #expect(first.status == 0 && second.status == 0)
        #expect(first.stdout.contains("5 locations, 21 bays, 10 members"))
        #expect(first.stdout == second.stdout)
    }

    /// `booking db prune` forgets a conversation idle past the retention and keeps one that is not; bad
    /// retention values are refused.
    @Test func dbPruneForgetsIdleConversations() throws {
        let cli = try CLI()
        defer { cli.removeAll() }
        try Self.leaveAConversation(cli)
        let soon = try cli.run(["db", "prune"], now: "2026-12-20T10:00:00-04:00")
        #expect(soon.status == 0, "\(soon.stderr)")
        #expect(soon.stdout == "Forgot 0 answered messages and 0 idle conversations.\n")
        let later = try cli.run(["db", "prune"], now: "2027-03-01T10:00:00-04:00")
        #expect(later.stdout == "Forgot 0 answered messages and 1 idle conversations.\n", "\(later.stderr)")
        let refused = try cli.run(["db", "prune", "--keep-answers-days", "0"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("must be at least 1"), "\(refused.stderr)")
    }

    /// A REPL conversation on Nov 25 leaves its state in the database.
    static func leaveAConversation(_ cli: CLI) throws {
        let repl = Process()
        repl.executableURL = CLI.executable
        repl.arguments = [
            "repl", "--as", "902-555-0101", "--db", cli.database, "--config", DemoClub.configPath,
            "--grammars", DemoClub.repositoryPath("Grammars"), "--now", "2026-11-25T10:00:00-04:00",
        ]
        let input = Pipe()
        repl.standardInput = input
        repl.standardOutput = FileHandle.nullDevice
        repl.standardError = FileHandle.nullDevice
        try repl.run()
        input.fileHandleForWriting.write(Data("bedford tomorrow at 7\n".utf8))
        try input.fileHandleForWriting.close()
        repl.waitUntilExit()
        #expect(repl.terminationStatus == 0)
    }

    /// `booking serve` prunes as it starts (and then hourly), and says what it forgot in its log.
    @Test func servePrunesAsItStarts() async throws {
        let cli = try CLI()
        defer { cli.removeAll() }
        try Self.leaveAConversation(cli)
        let log = cli.directory.appendingPathComponent("serve.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let serve = Process()
        serve.executableURL = CLI.executable
        serve.arguments = [
            "serve", "--insecure-dev", "--port", "0", "--no-outbox", "--keep-answers-days", "7",
            "--db", cli.database, "--config", DemoClub.configPath, "--grammars", DemoClub.repositoryPath("Grammars"),
            "--now", "2027-03-01T10:00:00-04:00",
        ]
        serve.standardOutput = FileHandle.nullDevice
        serve.standardError = try FileHandle(forWritingTo: log)
        try serve.run()
        defer { if serve.isRunning { serve.terminate() } }
        var text = ""
        for _ in 0..<150 where !text.contains("pruned") && serve.isRunning {
            try await Task.sleep(for: .milliseconds(200))
            text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        }
        #expect(text.contains("pruned answers=0 conversations=1"), "\(text)")
    }

    /// `booking fixtures --kind dialogues` plays conversations on a fresh database each and fails on a wrong
    /// expectation, as `swift test` does.
    @Test func fixturesRunsDialogueFilesAndFailsOnAWrongExpectation() throws {
        let cli = try CLI()
        defer { cli.removeAll() }
        let grammars = ["--grammars", DemoClub.repositoryPath("Grammars"), "--config", DemoClub.configPath]
        let good = try cli.runWithoutStore(
            ["fixtures", "--kind", "dialogues"] + grammars + [DemoClub.repositoryPath("Fixtures/dialogues/book.yaml")]
        )
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        #expect(good.stdout.contains("PASS") && good.stdout.contains(" 0 failed"), "\(good.stdout)")
        let wrong = cli.directory.appendingPathComponent("wrong.yaml")
        try """
        - name: a wrong expectation
          now: 2026-11-25T10:00:00-04:00
          as: 902-555-0101
          turns:
            - user: bedford tomorrow at 7 for 2 hours
              expect: ["Bay 9 at Halifax"]
        """.write(to: wrong, atomically: true, encoding: .utf8)
        let bad = try cli.runWithoutStore(["fixtures", "--kind", "dialogues"] + grammars + [wrong.path])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("FAIL") && bad.stdout.contains("missing \"Bay 9 at Halifax\""), "\(bad.stdout)")
    }

    @Test func bookPrintsTheBookingAsStableJSON() throws {
        let cli = try CLI()
        defer { cli.removeAll() }
        let result = try cli.run([
            "book", "--location", "bed", "--bay", "3", "--start", "2026-11-26T19:00", "--minutes", "120",
            "--member", "902-555-0101", "--party", "4", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let booking = try #require(try result.json() as? [String: Any])
        #expect(
            Set(booking.keys).isSuperset(of: [
                "ref", "location", "bay", "start", "end", "member", "party_size", "status", "price_cents",
            ])
        )
        #expect(booking["location"] as? String == "bedford")
        #expect(booking["bay"] as? Int == 3)
        #expect(booking["start"] as? String == "2026-11-26T19:00:00-04:00")
        #expect(booking["end"] as? String == "2026-11-26T21:00:00-04:00")
        #expect(booking["member"] as? String == "+19025550101")
        #expect(booking["party_size"] as? Int == 4)
        #expect(booking["status"] as? String == "confirmed")
        // Thursday evening peak at Bedford: 2 h x $50 x 1.2 = $120, less 10 % = $108.
        #expect(booking["price_cents"] as? Int == 10800)

        let list = try cli.run(["bookings", "list", "--date", "2026-11-26", "--json"])
        let rows = try #require(try list.json() as? [[String: Any]])
        #expect(rows.count == 1 && rows.first?["ref"] as? String == booking["ref"] as? String)

        let ref = try #require(booking["ref"] as? String)
        let cancelled = try cli.run(["cancel", ref, "--json"])
        #expect(cancelled.status == 0)
        let document = try #require(try cancelled.json() as? [String: Any])
        #expect(document["status"] as? String == "cancelled")
        #expect(document["late"] as? Bool == false)
        #expect(document["refund_cents"] as? Int == 10800)
    }

    @Test func aTakenSlotExitsThreeWithTheReasonAndAlternatives() throws {
        let cli = try CLI()
        defer { cli.removeAll() }
        let arguments = [
            "book", "--location", "dartmouth", "--bay", "1", "--start", "2026-11-26T18:00", "--minutes", "60",
        ]
        #expect(try cli.run(arguments + ["--member", "902-555-0101"]).status == 0)
        let refused = try cli.run(arguments + ["--member", "902-555-0102", "--json"])
        #expect(refused.status == 3)
        let document = try #require(try refused.json() as? [String: Any])
        let error = try #require(document["error"] as? [String: Any])
        #expect(error["rule"] as? String == "taken")
        #expect(error["message"] as? String == "Bay 1 at Dartmouth is already booked then.")
        let alternatives = try #require(document["alternatives"] as? [[String: Any]])
        #expect(alternatives.count == 3)
        #expect(alternatives.first?["bay"] as? Int == 1)
        #expect(alternatives.first?["start"] as? String == "2026-11-26T19:00:00-04:00")

        let text = try cli.run(arguments + ["--member", "902-555-0102"])
        #expect(text.status == 3)
        #expect(text.stdout.hasPrefix("Bay 1 at Dartmouth is already booked then.\nInstead:\n  1. Dartmouth bay 1"))
    }

    @Test func availabilityListsFreeSlotsAsJSON() throws {
        let cli = try CLI()
        defer { cli.removeAll() }
        let result = try cli.run([
            "availability", "--location", "truro", "--date", "2026-11-26", "--minutes", "120", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let slots = try #require(try result.json() as? [[String: Any]])
        // Truro is open 07:00-23:00 on Thursdays: 2-hour starts 07:00...21:00 are 29, on 3 bays.
        #expect(slots.count == 29 * 3)
        #expect(slots.first?["start"] as? String == "2026-11-26T07:00:00-04:00")
        #expect(slots.last?["end"] as? String == "2026-11-26T23:00:00-04:00")
    }

    @Test func badInputGetsAClearErrorAndNeverACrash() throws {
        let cli = try CLI()
        defer { cli.removeAll() }
        let start = ["--start", "2026-11-26T19:00", "--member", "902-555-0101"]
        let unknownPlace = try cli.run(["book", "--location", "narnia"] + start)
        #expect(unknownPlace.status == 3)
        #expect(unknownPlace.stdout.contains("We don't have a location called \"narnia\"."))
        let noBay = try cli.run(["book", "--location", "bedford", "--bay", "99"] + start)
        #expect(noBay.status == 3 && noBay.stdout.contains("Bedford has no bay 99."))
        let badStart = try cli.run([
            "book", "--location", "bedford", "--start", "2026-13-40T99:00", "--member", "902-555-0101",
        ])
        #expect(badStart.status == 64 && badStart.stderr.contains("is not a local time such as 2026-11-28T19:00"))
        let badNow = try cli.run(["bookings", "list"], now: "yesterday")
        #expect(badNow.status == 64 && badNow.stderr.contains("--now 'yesterday' is not an ISO 8601 instant"))
        let badPhone = try cli.run(["book", "--location", "bedford", "--start", "2026-11-26T19:00", "--member", "🏌️"])
        #expect(badPhone.status == 3 && badPhone.stdout.contains("is not a phone number we can use"))
        let badRef = try cli.run(["cancel", "'; DROP TABLE bookings; --"])
        #expect(badRef.status == 3 && badRef.stdout.contains("We can't find a booking"))
        let sqlName = try cli.run([
            "book", "--location", "bedford", "--start", "2026-11-26T19:00", "--member", "902-555-0177",
            "--name", "Robert'); DROP TABLE bookings;--",
        ])
        #expect(sqlName.status == 0, "\(sqlName.stderr)")
        let list = try cli.run(["bookings", "list", "--date", "2026-11-26", "--json"])
        #expect((try list.json() as? [[String: Any]])?.count == 1)
    }

    @Test func missingOrBrokenConfigNamesTheFile() throws {
        let cli = try CLI()
        defer { cli.removeAll() }
        let broken = cli.directory.appendingPathComponent("club.yaml")
        try "name: X\ntime_zone: Mars/Olympus\n".write(to: broken, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["db", "init", "--db", cli.database, "--config", broken.path]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(message.contains(broken.path))
        #expect(message.contains("time_zone"))
    }

    @Test func theOverviewShowsTheClubOnAFreshDatabase() throws {
        let cli = try CLI()
        defer { cli.removeAll() }
        let result = try cli.run(["overview"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Clubhouse 24/7 Golf"))
        #expect(result.stdout.contains("Bedford (bedford): 5 bays"))
    }
}
