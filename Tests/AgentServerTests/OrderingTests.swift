import BookingCore
import Foundation
import Synchronization
import Testing

@testable import AgentServer

@Suite("Per-conversation ordering")
struct OrderingTests {
    /// Records the order turns ran in and how many ran at once.
    final class Recorder: Sendable {
        private let state = Mutex<(order: [Int], running: Int, peak: Int)>(([], 0, 0))

        func begin(_ index: Int) {
            state.withLock {
                $0.order.append(index)
                $0.running += 1
                $0.peak = max($0.peak, $0.running)
            }
        }

        func end() { state.withLock { $0.running -= 1 } }
        var order: [Int] { state.withLock { $0.order } }
        var peak: Int { state.withLock { $0.peak } }
        var started: Int { state.withLock { $0.order.count } }
    }

    @Test func turnsOfOneConversationRunOneAtATimeInArrivalOrder() async throws {
        let queues = ConversationQueues()
        let recorder = Recorder()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<8 {
                group.addTask {
                    _ = try await queues.run("c", timeout: .seconds(10)) {
                        recorder.begin(index)
                        try await Task.sleep(for: .milliseconds(20))
                        recorder.end()
                    }
                }
                // Arrival order: each turn is running or queued before the next is sent.
                let deadline = ContinuousClock.now + .seconds(30)
                while queues.waiterCount("c") + recorder.started < index + 1, ContinuousClock.now < deadline {
                    await Task.yield()
                }
            }
            try await group.waitForAll()
        }
        #expect(recorder.order == Array(0..<8))
        #expect(recorder.peak == 1)
        #expect(queues.busyConversations == 0)
    }

    @Test func differentConversationsRunInParallel() async throws {
        let queues = ConversationQueues()
        let recorder = Recorder()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<4 {
                group.addTask {
                    _ = try await queues.run("c\(index)", timeout: .seconds(10)) {
                        recorder.begin(index)
                        try await Task.sleep(for: .milliseconds(100))
                        recorder.end()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(recorder.peak > 1)
    }

    @Test func aTurnThatWaitsTooLongIsNotRun() async throws {
        let queues = ConversationQueues()
        let ran = Mutex(false)
        // The first turn holds the conversation until the second has given up: no timing guesses.
        let (started, startedContinuation) = AsyncStream.makeStream(of: Void.self)
        let (release, releaseContinuation) = AsyncStream.makeStream(of: Void.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                _ = try await queues.run("c", timeout: .seconds(60)) {
                    startedContinuation.yield()
                    for await _ in release { break }
                }
            }
            for await _ in started { break }
            let result: Bool? = try await queues.run("c", timeout: .milliseconds(50)) {
                ran.withLock { $0 = true }
                return true
            }
            releaseContinuation.yield()
            #expect(result == nil)
            try await group.waitForAll()
        }
        #expect(ran.withLock { $0 } == false)
        #expect(queues.busyConversations == 0)
    }

    @Test func concurrentMessagesOfOneThreadAreAnsweredInArrivalOrder() async throws {
        try await ServerHarness.run { harness in
            // Hold the thread as a slow turn would, so the four messages queue up behind it. Each is sent once
            // the one before is waiting in the queue, so they reach it in that order whatever the machine's load.
            let queues = harness.server.runner.queues
            #expect(await queues.enter("clubos:o", timeout: .seconds(1)))
            let turns = ["can i book a bay on saturday", "dartmouth", "2pm", "yes"]
            let responses = try await withThrowingTaskGroup(of: (Int, TestResponse).self) { group in
                for (index, text) in turns.enumerated() {
                    group.addTask {
                        (index, try await harness.client.clubOS(text, messageID: "o-\(index)", thread: "o"))
                    }
                    let deadline = ContinuousClock.now + .seconds(30)
                    while queues.waiterCount("clubos:o") < index + 1, ContinuousClock.now < deadline {
                        await Task.yield()
                    }
                }
                #expect(queues.waiterCount("clubos:o") == turns.count)
                #expect(try await harness.bookings().isEmpty)
                queues.leave("clubos:o")
                return try await group.reduce(into: [Int: TestResponse]()) { $0[$1.0] = $1.1 }
            }
            let states = (0..<turns.count).map { responses[$0]?.json["state"] as? String }
            #expect(states == ["collecting", "collecting", "confirming", "booked"])
            let bookings = try await harness.bookings()
            #expect(bookings.count == 1)
            #expect(bookings.first?.locationID == "dartmouth")
        }
    }

    @Test func manyThreadsAtOnceEachBookOnce() async throws {
        try await ServerHarness.run { harness in
            let locations = ["bedford", "dartmouth", "halifax"]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for thread in 0..<12 {
                    group.addTask {
                        let phone = "902-555-07\(String(format: "%02d", thread))"
                        let location = locations[thread % locations.count]
                        let first = try await harness.client.clubOS(
                            "\(location) saturday at \(thread % 12 + 1)pm for 1 hour",
                            messageID: "n-\(thread)-1",
                            thread: "n-\(thread)",
                            phone: phone
                        )
                        #expect(first.json["state"] as? String == "confirming")
                        let second = try await harness.client.clubOS(
                            "yes",
                            messageID: "n-\(thread)-2",
                            thread: "n-\(thread)",
                            phone: phone
                        )
                        #expect(second.json["state"] as? String == "booked")
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await harness.bookings().count == 12)
        }
    }

    @Test func threadsRacingForOneBayBookItOnce() async throws {
        try await ServerHarness.run { harness in
            let states = try await withThrowingTaskGroup(of: String?.self) { group in
                for thread in 0..<10 {
                    group.addTask {
                        let phone = "902-555-08\(String(format: "%02d", thread))"
                        _ = try await harness.client.clubOS(
                            "bay 3 at bedford saturday at 3pm for 2 hours",
                            messageID: "race-\(thread)-1",
                            thread: "race-\(thread)",
                            phone: phone
                        )
                        let answer = try await harness.client.clubOS(
                            "yes",
                            messageID: "race-\(thread)-2",
                            thread: "race-\(thread)",
                            phone: phone
                        )
                        return answer.json["state"] as? String
                    }
                }
                return try await group.reduce(into: [String?]()) { $0.append($1) }
            }
            #expect(states.filter { $0 == "booked" }.count == 1)
            let bookings = try await harness.bookings().filter { $0.locationID == "bedford" && $0.bay == 3 }
            #expect(bookings.count == 1)
        }
    }
}
