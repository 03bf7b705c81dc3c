import AgentServer
import BookingCore
import Foundation
import Testing

@Suite("Health, metrics and configuration")
struct ServerTests {
    @Test func healthzReportsTheDatabase() async throws {
        try await ServerHarness.run { harness in
            let response = try await harness.client.send("GET", "/healthz")
            #expect(response.status == 200)
            #expect(response.json["status"] as? String == "ok")
            #expect(response.json["database"] as? String == "ok")
            let openAPI = try OpenAPIDocument.load()
            #expect(openAPI.problems("GET", "/healthz", status: 200, body: response.body) == [])
        }
    }

    @Test func metricsCountTurnsIntentsBookingsErrorsAndLatency() async throws {
        try await ServerHarness.run { harness in
            _ = try await harness.client.clubOS("bedford tomorrow at 7 for 2 hours", messageID: "x-1")
            _ = try await harness.client.clubOS("yes", messageID: "x-2")
            _ = try await harness.client.postClubOS(Data("{".utf8))
            _ = try await harness.client.postClubOS(ClubOSBody.make("hi", messageID: "x-3"), signature: "sha256=00")
            let response = try await harness.client.send("GET", "/metrics")
            #expect(response.status == 200)
            #expect(response.header("Content-Type")?.hasPrefix("text/plain") == true)
            let text = response.text
            #expect(text.contains(#"agent_turns_total{channel="clubos"} 2"#))
            #expect(text.contains(#"agent_intents_total{intent="book"} 1"#))
            #expect(text.contains(#"agent_intents_total{intent="confirm"} 1"#))
            #expect(text.contains(#"agent_bookings_total{channel="clubos"} 1"#))
            #expect(text.contains(#"agent_errors_total{kind="auth"} 1"#))
            #expect(text.contains(#"agent_errors_total{kind="bad_request"} 1"#))
            #expect(text.contains(#"agent_turn_duration_seconds_count{channel="clubos"} 2"#))
            #expect(text.contains("agent_http_request_duration_seconds_bucket"))
        }
    }

    @Test func withoutSecretsTheServerRefusesToStartUnlessInsecureDev() throws {
        var configuration = ServerConfiguration()
        #expect(throws: ServerConfigurationError.missingSecrets(["CLUBOS_WEBHOOK_SECRET", "TWILIO_AUTH_TOKEN"])) {
            try configuration.validate()
        }
        configuration.readEnvironment([
            "CLUBOS_WEBHOOK_SECRET": "s", "TWILIO_AUTH_TOKEN": " ", "BOOKING_PUBLIC_URL": "",
        ])
        #expect(throws: ServerConfigurationError.missingSecrets(["TWILIO_AUTH_TOKEN"])) { try configuration.validate() }
        configuration.isInsecureDevelopment = true
        #expect(try configuration.validate() == ["TWILIO_AUTH_TOKEN"])
        #expect(ServerConfigurationError.missingSecrets(["X"]).description.contains("--insecure-dev"))
    }

    @Test func insecureDevAcceptsUnsignedRequests() async throws {
        try await ServerHarness.run(insecure: true) { harness in
            let response = try await harness.client.send(
                "POST",
                "/v1/clubos/messages",
                body: ClubOSBody.make("hi", messageID: "i-1"),
                headers: ["Content-Type": "application/json"]
            )
            #expect(response.status == 200)
        }
    }
}
