import BookingCore
import Foundation
import Integrations
import Testing

@Suite("Every client speaks its service's documented shape over real HTTP", .serialized)
struct ClientContractTests {
    @Test func aBookingsWholeLifeReachesEveryServiceOnceWithTheDocumentedCalls() async throws {
        let systems = try ClubSystems()
        defer { systems.stopAll() }
        let harness = try await OutboxHarness()
        let dispatcher = harness.dispatcher(systems: systems)
        let booking = try await harness.book(at(2026, 11, 26, 19))

        let first = try await harness.run(dispatcher)
        #expect(first.eventsPlanned == 1 && first.delivered == 4 && first.deadLettered == 0)
        try await harness.run(dispatcher, at: at(2026, 11, 26, 17))
        try await harness.run(dispatcher, at: at(2026, 11, 26, 18, 50))
        try await harness.run(dispatcher, at: at(2026, 11, 26, 21))

        #expect(systems.violations.isEmpty)
        let deliveries = try await harness.allDeliveries()
        #expect(deliveries.count == 7 && deliveries.allSatisfy { $0.status == .delivered && $0.attempts == 1 })

        // ClubOS: the context names the booking; the input event carries location and bay.
        let clubOS = systems.accepted(.clubOS)
        #expect(clubOS.map(\.method) == ["PUT", "POST"])
        #expect(clubOS[0].path == "/api/customers/+19025550101/context")
        #expect(clubOS[0].json["bookingId"] as? String == booking.ref)
        #expect(clubOS[0].json["hasUpcomingBooking"] as? Bool == true)
        #expect(clubOS[1].json["location_id"] as? String == "bedford" && clubOS[1].json["bay_id"] as? Int == 3)
        #expect((clubOS[1].json["payload"] as? [String: Any])?["type"] as? String == "booking.created")
        #expect(clubOS[1].headers["x-correlation-id"] == "\(booking.ref):booking.created:1:clubos:input_event")

        // UniFi Access: a visitor for start - 15 min to end + 15 min on Bedford's door, with a PIN and a QR code.
        let uniFi = systems.accepted(.uniFiAccess).map { "\($0.method) \($0.path)" }
        #expect(
            uniFi == [
                "GET /api/v1/developer/visitors", "POST /api/v1/developer/visitors",
                "POST /api/v1/developer/credentials/pin_codes", "PUT /api/v1/developer/visitors/visitor-1/pin_codes",
                "PUT /api/v1/developer/visitors/visitor-1/qr_codes",
            ]
        )
        let visitor = try #require(systems.liveVisitors["visitor-1"])
        #expect(visitor["start_time"] as? Int == Int(at(2026, 11, 26, 18, 45).timeIntervalSince1970))
        #expect(visitor["end_time"] as? Int == Int(at(2026, 11, 26, 21, 15).timeIntervalSince1970))
        #expect(visitor["last_name"] as? String == booking.ref)
        let credential = try await AccessCredential.latest(bookingRef: booking.ref, in: harness.store)
        #expect(credential == AccessCredential(visitorID: "visitor-1", pin: "48213907"))

        // NinjaOne: a token, then prepare and reset on the bay's device.
        let ninja = systems.accepted(.ninjaOne)
        // The token lives an hour: prepare (18:50) and reset (21:00) each fetch one.
        let script = "/v2/device/TM-BED-03/script/run"
        #expect(ninja.map(\.path) == ["/ws/oauth/token", script, "/ws/oauth/token", script])
        #expect(ninja[1].json["id"] as? Int == 41 && ninja[3].json["id"] as? Int == 42)
        #expect((ninja[1].json["parameters"] as? String)?.contains("-Profile +19025550101") == true)

        // HubSpot: the contact by phone, then a note with location, bay, duration and value.
        let hubSpot = systems.accepted(.hubSpot)
        #expect(hubSpot.map(\.path) == ["/crm/v3/objects/contacts/search", "/crm/v3/objects/notes"])
        let note = (hubSpot[1].json["properties"] as? [String: Any])?["hs_note_body"] as? String ?? ""
        #expect(note.contains("Bedford, bay 3") && note.contains("120 min") && note.contains("$"))

        // The reminder: Twilio's form, with the door PIN.
        let sms = try #require(systems.accepted(.reminder).first)
        #expect(sms.form["To"] == "+19025550101" && sms.form["Body"]?.contains("PIN 48213907") == true)
    }

    @Test func errorsNameTheServiceAndStatusButNoSecret() async throws {
        let systems = try ClubSystems()
        defer { systems.stopAll() }
        systems.set(.hubSpot, .failing)
        let client = HubSpotClient(
            baseURL: systems.hubSpot.baseURL,
            accessToken: ClubSystems.hubSpotToken,
            transport: URLSessionTransport(),
            timeout: 1
        )
        let error = await #expect(throws: IntegrationError.self) {
            try await client.findContact(phone: "+19025550101", email: nil)
        }
        #expect(error?.description == "hubspot: HTTP 500 (INTERNAL)")
        #expect(error?.isPermanent == false)
        #expect(error?.description.contains(ClubSystems.hubSpotToken) == false)
    }

    @Test func aHangingServiceTimesOutAndARefusedConnectionIsUnreachable() async throws {
        let systems = try ClubSystems()
        defer { systems.stopAll() }
        let transport = URLSessionTransport()
        let client = ClubOSClient(
            baseURL: systems.clubOS.baseURL,
            apiToken: ClubSystems.clubOSToken,
            transport: transport,
            timeout: 0.5
        )
        let context = CustomerContext(hasUpcomingBooking: false, nextBooking: nil, bookingId: nil)
        systems.set(.clubOS, .hanging)
        let timedOut = await #expect(throws: IntegrationError.self) {
            try await client.updateCustomerContext(phone: "+19025550101", context: context, correlationID: "k-1")
        }
        #expect(timedOut?.reason == .timedOut)
        systems.set(.clubOS, .up)
        systems.clubOS.stop()
        let refused = await #expect(throws: IntegrationError.self) {
            try await client.updateCustomerContext(phone: "+19025550101", context: context, correlationID: "k-2")
        }
        if case .unreachable = refused?.reason {
        } else {
            Issue.record("expected unreachable, got \(String(describing: refused))")
        }
        try systems.clubOS.restart()
        try await client.updateCustomerContext(phone: "+19025550101", context: context, correlationID: "k-3")
        #expect(systems.accepted(.clubOS).map { ClubSystems.key($0) } == ["k-3"])
    }

    @Test func hubSpotProfilesAreCachedForTheirLifetimeAndAnOutageFallsBack() async throws {
        let systems = try ClubSystems()
        defer { systems.stopAll() }
        let clock = ManualClock(OutboxHarness.now)
        let client = HubSpotClient(
            baseURL: systems.hubSpot.baseURL,
            accessToken: ClubSystems.hubSpotToken,
            transport: URLSessionTransport(),
            timeout: 0.5
        )
        let profiles = MemberProfiles(client: client, clock: clock, timeToLive: 600)
        let known = Member(phone: "+19025550101", name: "Alex", tierID: "standard")
        let stranger = Member(phone: "+19025550177", name: "New", hubspotID: "999", tierID: "non_member")

        let fresh = await profiles.profile(for: known)
        #expect(fresh == .init(tierID: "vip", tags: ["EARLY_ACCESS", "LEAGUE"], contactID: "51001", source: .hubSpot))
        #expect(await profiles.profile(for: known).source == .cache)
        #expect(systems.hubSpot.requests.count == 1)

        systems.set(.hubSpot, .hanging)
        clock.advance(by: 601)
        let stale = await profiles.profile(for: known)
        #expect(stale.tierID == "vip" && stale.source == .staleCache)
        let local = await profiles.profile(for: stranger)
        #expect(local == .init(tierID: "non_member", tags: [], contactID: "999", source: .local))
    }
}
