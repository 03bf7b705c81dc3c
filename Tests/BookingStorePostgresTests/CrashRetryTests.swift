import BookingCore
import BookingStorePostgres
import BookingStoreSQLite
import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real `booking serve` killed with SIGKILL while 60 customers say YES at once: after a restart, every
/// retried YES answers with the customer's booking when there is one, and never claims one that is not there.
///
/// A webhook retried with the same message id must get the answer the first attempt would have had
/// (DESIGN.md); a customer who has a booking and is told "nothing waiting" books again.
@Suite("SIGKILL between a booking and its answer", .serialized)
struct CrashRetryTests {
    static let rounds = 20
    static let customers = 60

    @Test(arguments: StoreKind.allCases)
    func everyRetriedYesAnswersWithTheBookingItMade(_ kind: StoreKind) async throws {
        var random = SplitMix(seed: 17)
        var tallies: [Tally] = []
        for round in 0..<Self.rounds {
            let tally = try await Self.runRound(round, kind: kind, killAtAnswer: Int(random.next() % 50))
            tallies.append(tally)
        }
        let summary = tallies.enumerated().map { "r\($0.offset): \($0.element)" }.joined(separator: "\n")
        print("crash rounds on \(kind.rawValue):\n\(summary)")
        for tally in tallies {
            #expect(tally.problems.isEmpty, "\(tally.problems.prefix(5).joined(separator: "\n"))")
        }
        #expect(tallies.count == Self.rounds)
    }

    /// What one round saw.
    struct Tally: CustomStringConvertible {
        /// The process is killed as the YES answer number `killAtAnswer` arrives (0: as the YES are sent).
        var killAtAnswer: Int
        /// YES messages answered before the kill.
        var answeredBeforeKill = 0
        /// Bookings in the database right after the kill, before any retry.
        var bookingsAtKill = 0
        /// Bookings in the database after the retries.
        var bookings = 0
        /// Retries answered with the customer's booking.
        var retriesBooked = 0
        var problems: [String] = []

        var description: String {
            "kill at answer \(killAtAnswer): \(answeredBeforeKill) answered before it, "
                + "\(bookingsAtKill) booked at it, \(bookings) after the retries, \(retriesBooked) retries answered "
                + "Booked, \(problems.count) problems"
        }
    }

    static func runRound(_ round: Int, kind: StoreKind, killAtAnswer: Int) async throws -> Tally {
        let database = try await Self.database(kind)
        defer { database.cleanUp() }
        var tally = Tally(killAtAnswer: killAtAnswer)
        let first = try Instance(databaseURL: database.url, outbox: false)
        defer { first.stop() }
        try await first.waitUntilHealthy()

        // Every customer has a summary waiting for a YES: one slot each, on the six bays of Halifax.
        let summaries = try await Self.eachCustomer { customer in
            let slot = Self.slot(customer)
            return try await first.post(
                slot,
                id: "r\(round)-ask-\(customer)",
                thread: Self.thread(round, customer),
                phone: Self.phone(round, customer)
            )
        }
        for (customer, summary) in summaries.enumerated() where !summary.text.contains(#""state":"confirming""#) {
            tally.problems.append("customer \(customer) has no summary waiting: \(summary.text)")
        }
        guard tally.problems.isEmpty else { return tally }

        // All YES at once; the process is killed part-way through them.
        let answers = Answers()
        let sending = Task {
            await withTaskGroup(of: Void.self) { group in
                for customer in 0..<Self.customers {
                    group.addTask {
                        let answer = try? await first.post(
                            "yes",
                            id: "r\(round)-yes-\(customer)",
                            thread: Self.thread(round, customer),
                            phone: Self.phone(round, customer)
                        )
                        guard let answer, answer.status == 200 else { return }
                        // The k-th answer kills the process while the other YES are anywhere in their turns:
                        // parsed, booked, committed, or answered but not yet sent.
                        if await answers.keep(answer.text, for: customer) == killAtAnswer { first.kill() }
                    }
                }
            }
        }
        if killAtAnswer == 0 { first.kill() }
        await sending.value
        let before = await answers.all
        tally.answeredBeforeKill = before.count
        tally.bookingsAtKill = try await database.bookings().count

        // Restarted, ClubOS retries every YES with its message id.
        let second = try Instance(databaseURL: database.url, outbox: false)
        defer { second.stop() }
        try await second.waitUntilHealthy()
        let retries = try await Self.eachCustomer { customer in
            try await second.post(
                "yes",
                id: "r\(round)-yes-\(customer)",
                thread: Self.thread(round, customer),
                phone: Self.phone(round, customer)
            )
        }
        let bookings = try await database.bookings()
        tally.bookings = bookings.count
        for customer in 0..<Self.customers {
            let phone = PhoneNumber.e164(Self.phone(round, customer)) ?? ""
            let mine = bookings.filter { $0.memberPhone == phone }
            let retry = retries[customer].text
            if mine.count > 1 { tally.problems.append("customer \(customer) has \(mine.count) bookings") }
            if let booking = mine.first {
                if retry.contains("Booked!") && retry.contains(booking.ref) {
                    tally.retriesBooked += 1
                } else {
                    tally.problems.append("customer \(customer) has \(booking.ref), retry answered: \(retry)")
                }
            } else if retry.contains("Booked!") {
                tally.problems.append("customer \(customer) has no booking, retry answered: \(retry)")
            }
            if let earlier = before[customer], earlier != retry {
                tally.problems.append("customer \(customer) got \(earlier) before the kill and \(retry) after")
            }
        }
        return tally
    }

    /// Runs `body` for every customer at once; the answers in customer order.
    static func eachCustomer(
        _ body: @escaping @Sendable (Int) async throws -> (status: Int, text: String)
    ) async throws -> [(status: Int, text: String)] {
        try await withThrowingTaskGroup(of: (Int, (status: Int, text: String)).self) { group in
            for customer in 0..<customers {
                group.addTask { (customer, try await body(customer)) }
            }
            var answers = [(status: Int, text: String)](repeating: (0, ""), count: customers)
            for try await (customer, answer) in group { answers[customer] = answer }
            return answers
        }
    }

    static func thread(_ round: Int, _ customer: Int) -> String { "crash-\(round)-\(customer)" }

    /// A phone per customer and round, away from the demo club's members (902-555-01xx).
    static func phone(_ round: Int, _ customer: Int) -> String {
        "902-555-\(2000 + round * 100 + customer)"
    }

    /// Customer n asks for bay n % 6 + 1 at Halifax tomorrow, at an hour from 10 am to 7 pm.
    static func slot(_ customer: Int) -> String {
        let hour = 10 + customer / 6
        let said = hour < 12 ? "\(hour)am" : hour == 12 ? "noon" : "\(hour - 12)pm"
        return "halifax bay \(customer % 6 + 1) tomorrow at \(said) for 1 hour"
    }

    /// A fresh database of `kind` for one round.
    static func database(_ kind: StoreKind) async throws -> RoundDatabase {
        switch kind {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return RoundDatabase(
                url: folder.appendingPathComponent("booking.sqlite").path,
                folder: folder,
                postgres: nil
            )
        case .postgres:
            let settings = try await PostgresServer.database()
            let url = "postgres://\(settings.username)@\(settings.host):\(settings.port)/\(settings.database)"
            return RoundDatabase(url: url, folder: nil, postgres: settings)
        }
    }
}

/// One round's database: a SQLite file in its own folder, or a PostgreSQL database.
struct RoundDatabase {
    let url: String
    let folder: URL?
    let postgres: PostgresSettings?

    func bookings() async throws -> [Booking] {
        let everything = Interval(start: .distantPast, end: .distantFuture)
        if let postgres {
            let store = try await PostgresBookingStore.open(postgres)
            let bookings = try await store.read { try $0.bookings(overlapping: everything) }
            await store.close()
            return bookings
        }
        let store = try SQLiteBookingStore(path: url)
        return try await store.read { try $0.bookings(overlapping: everything) }
    }

    func cleanUp() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }
}

/// The answers that came back before the kill, by customer.
actor Answers {
    private(set) var all: [Int: String] = [:]

    /// Keeps an answer; how many are kept now.
    func keep(_ text: String, for customer: Int) -> Int {
        all[customer] = text
        return all.count
    }
}
