import Foundation
import Testing

@Suite("Several booking processes on one database file")
struct ConcurrentProcessTests {
    /// Eight processes ask for the same bay and time at once: exactly one gets it; the others are
    /// told it is taken and offered alternatives, and none fails with "database is locked".
    @Test(arguments: 1...3)
    func exactlyOneOfEightProcessesGetsTheBay(round: Int) throws {
        let cli = try CLI()
        defer { cli.removeAll() }
        #expect(try cli.run(["db", "init"]).status == 0)
        let members = (1...8).map { String(format: "902-555-02%02d", $0) }
        let started = try members.map { member in
            try cli.process([
                "book", "--location", "bedford", "--bay", "2", "--start", "2026-11-27T20:00", "--minutes", "90",
                "--member", member, "--json",
            ])
        }
        let results = started.map { CLI.finish($0.0, $0.1, $0.2) }
        let booked = results.filter { $0.status == 0 }
        let refused = results.filter { $0.status == 3 }
        #expect(booked.count == 1, "\(results.map(\.stderr))")
        #expect(refused.count == 7)
        for result in refused {
            let document = try #require(try result.json() as? [String: Any])
            let error = try #require(document["error"] as? [String: Any])
            #expect(error["rule"] as? String == "taken")
            #expect((document["alternatives"] as? [Any])?.isEmpty == false)
        }
        #expect(results.allSatisfy { !$0.stderr.contains("locked") })
        let list = try cli.run(["bookings", "list", "--date", "2026-11-27", "--json"])
        #expect((try list.json() as? [[String: Any]])?.count == 1)
    }
}
