import BookingCore
import Foundation
import Integrations
import Testing

@Suite("Dispatch state machine: order, limits, backoff and dead letters without I/O")
struct DispatchStateMachineTests {
    let now = Deliveries.start

    @Test func sendsEveryDueDeliveryOfDifferentLanes() {
        var machine = DispatchStateMachine()
        let due = [
            Deliveries.make(id: 1, service: "clubos"),
            Deliveries.make(id: 2, service: "unifi", action: "grant"),
            Deliveries.make(id: 3, ref: "BBB-002", service: "clubos"),
        ]
        #expect(machine.pollReturned(due, now: now) == due.map { .send($0) })
    }

    @Test func aBookingsDeliveriesToOneServiceGoOutOneAtATimeInOrder() {
        var machine = DispatchStateMachine()
        let grant = Deliveries.make(id: 1, service: "unifi", action: "grant")
        let revoke = Deliveries.make(id: 2, service: "unifi", action: "revoke")
        #expect(machine.pollReturned([grant, revoke], now: now) == [.send(grant)])
        #expect(machine.sendSucceeded(grant, result: "v-1") == [.markDelivered(id: 1, result: "v-1")])
        #expect(machine.isIdle)
        // The next pass sends the revoke.
        #expect(machine.pollReturned([revoke], now: now) == [.send(revoke)])
    }

    @Test func aDeliveryBackingOffHoldsBackTheRestOfItsLane() {
        var machine = DispatchStateMachine()
        let grant = Deliveries.make(id: 1, service: "unifi", action: "grant", nextAttemptAt: now.addingTimeInterval(60))
        let revoke = Deliveries.make(id: 2, service: "unifi", action: "revoke")
        let other = Deliveries.make(id: 3, service: "clubos")
        #expect(machine.pollReturned([grant, revoke, other], now: now) == [.send(other)])
    }

    @Test func perServiceLimitQueuesTheRestUntilASlotFrees() {
        var machine = DispatchStateMachine(configuration: .init(concurrencyPerService: 2))
        let due = (1...4).map { Deliveries.make(id: Int64($0), ref: "R-\($0)", service: "ninjaone", action: "prepare") }
        #expect(machine.pollReturned(due, now: now) == [.send(due[0]), .send(due[1])])
        #expect(machine.sendSucceeded(due[0], result: nil) == [.markDelivered(id: 1, result: nil), .send(due[2])])
        let failure = DispatchStateMachine.Failure(message: "ninjaone: HTTP 500", isPermanent: false)
        #expect(
            machine.sendFailed(due[1], failure: failure, now: now, random: 0)
                == [.scheduleRetry(id: 2, error: "ninjaone: HTTP 500", at: now.addingTimeInterval(15)), .send(due[3])]
        )
        _ = machine.sendSucceeded(due[2], result: nil)
        _ = machine.sendSucceeded(due[3], result: nil)
        #expect(machine.isIdle)
    }

    @Test(arguments: [
        (1, 0.0, 15.0), (1, 1.0, 30.0), (2, 0.5, 45.0), (3, 0.0, 60.0), (20, 0.0, 1_800.0), (20, 1.0, 3_600.0),
    ])
    func backoffDoublesWithEqualJitterAndACap(attempts: Int, random: Double, expected: Double) {
        let machine = DispatchStateMachine(configuration: .init(baseDelay: 30, maxDelay: 3_600))
        #expect(machine.retryDelay(afterAttempts: attempts, random: random) == expected)
    }

    @Test func theLastAllowedAttemptGoesToTheDeadLetters() {
        var machine = DispatchStateMachine(configuration: .init(maxAttempts: 3))
        let delivery = Deliveries.make(id: 7, attempts: 2)
        _ = machine.pollReturned([delivery], now: now)
        let failure = DispatchStateMachine.Failure(message: "clubos: HTTP 503", isPermanent: false)
        #expect(
            machine.sendFailed(delivery, failure: failure, now: now, random: 0.5)
                == [.deadLetter(id: 7, error: "clubos: HTTP 503")]
        )
    }

    @Test func aPermanentFailureGoesToTheDeadLettersAtOnce() {
        var machine = DispatchStateMachine()
        let delivery = Deliveries.make(id: 8)
        _ = machine.pollReturned([delivery], now: now)
        let failure = DispatchStateMachine.Failure(message: "clubos: HTTP 400", isPermanent: true)
        #expect(
            machine.sendFailed(delivery, failure: failure, now: now, random: 0)
                == [.deadLetter(id: 8, error: "clubos: HTTP 400")]
        )
    }

    @Test func permanenceFollowsTheStatus() {
        #expect(IntegrationError(.hubSpot, .status(400, code: nil)).isPermanent)
        #expect(IntegrationError(.hubSpot, .status(404, code: nil)).isPermanent)
        #expect(!IntegrationError(.hubSpot, .status(429, code: nil)).isPermanent)
        #expect(!IntegrationError(.hubSpot, .status(408, code: nil)).isPermanent)
        #expect(!IntegrationError(.hubSpot, .status(503, code: nil)).isPermanent)
        #expect(!IntegrationError(.hubSpot, .timedOut).isPermanent)
        #expect(IntegrationError(.ninjaOne, .missingSetting("device")).isPermanent)
    }
}
