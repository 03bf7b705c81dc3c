import AgentServer
import Foundation
import Testing

@Suite("Twilio SMS webhook")
struct TwilioRouteTests {
    /// The text of the TwiML `<Message>`, unescaped, or nil for an empty `<Response/>`.
    static func message(_ response: TestResponse) -> String? {
        let xml = response.text
        guard let start = xml.range(of: "<Message>"), let end = xml.range(of: "</Message>") else { return nil }
        return String(xml[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test func aBookingBySMSIsAnsweredInTwiML() async throws {
        try await ServerHarness.run { harness in
            let first = try await harness.client.sms(
                "can 4 of us get bay 3 at bedford tmrw at 7 for 2 hrs?",
                sid: "SM1"
            )
            #expect(first.status == 200)
            #expect(first.header("Content-Type")?.hasPrefix("application/xml") == true)
            #expect(first.text.contains("<Response><Message>"))
            #expect(Self.message(first)?.contains("Bay 3 at Bedford") == true)
            #expect((Self.message(first)?.count ?? 999) <= 320)

            let second = try await harness.client.sms("yes", sid: "SM2")
            #expect(Self.message(second)?.contains("Booked!") == true)
            #expect(try await harness.bookings().count == 1)

            let retry = try await harness.client.sms("yes", sid: "SM2")
            #expect(retry.body == second.body)
            #expect(try await harness.bookings().count == 1)
        }
    }

    @Test func aForgedSignatureIsRefused() async throws {
        try await ServerHarness.run { harness in
            let parameters: [(name: String, value: String)] = [
                ("MessageSid", "SMF"), ("From", "+19025550101"), ("To", "+19025550000"), ("Body", "hi"),
            ]
            let wrongToken = try await harness.client.postTwilio(parameters, token: "not-the-token")
            #expect(wrongToken.status == 401)
            #expect(wrongToken.json["error"] as? String == "unauthorized")
            let wrongURL = try await harness.client.postTwilio(
                parameters,
                signedURL: "https://evil.example.com/v1/sms/twilio"
            )
            #expect(wrongURL.status == 401)
            let missing = try await harness.client.postTwilio(parameters, signature: "")
            #expect(missing.status == 401)
            // A signature for other parameters does not cover these.
            let forged = TwilioSignature(authToken: ServerHarness.twilioToken)
                .signature(url: "http://127.0.0.1:\(harness.port)/v1/sms/twilio", parameters: [("Body", "hi")])
            let replayed = try await harness.client.postTwilio(parameters, signature: forged)
            #expect(replayed.status == 401)
            #expect(try await harness.isRecorded("twilio:SMF") == false)
            #expect(try await harness.hasConversation("sms:+19025550101") == false)
        }
    }

    @Test func theSignatureCoversThePublicURLWhenOneIsConfigured() async throws {
        try await ServerHarness.run(publicURL: "https://agent.example.com/") { harness in
            let parameters: [(name: String, value: String)] = [
                ("MessageSid", "SMP"), ("From", "+19025550101"), ("Body", "hi"),
            ]
            let signedForPublic = try await harness.client.postTwilio(
                parameters,
                signedURL: "https://agent.example.com/v1/sms/twilio"
            )
            #expect(signedForPublic.status == 200)
            let signedForLocal = try await harness.client.postTwilio(parameters)
            #expect(signedForLocal.status == 401)
        }
    }

    @Test func theSignatureMatchesTwiliosDocumentedExample() {
        // Twilio's documented example: auth token 12345, this URL and these parameters.
        let signature = TwilioSignature(authToken: "12345").signature(
            url: "https://mycompany.com/myapp.php?foo=1&bar=2",
            parameters: [
                ("CallSid", "CA1234567890ABCDE"), ("Caller", "+12349013030"), ("Digits", "1234"),
                ("From", "+12349013030"), ("To", "+18005551212"),
            ]
        )
        #expect(signature == "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")
    }

    @Test func stopSilencesTheAgentUntilStart() async throws {
        try await ServerHarness.run { harness in
            let stop = try await harness.client.sms("Stop", sid: "SS1")
            #expect(stop.status == 200)
            #expect(Self.message(stop)?.contains("unsubscribed") == true)
            #expect(Self.message(stop)?.contains("Clubhouse 24/7 Golf") == true)

            let ignored = try await harness.client.sms("bedford tomorrow at 7", sid: "SS2")
            #expect(ignored.status == 200)
            #expect(Self.message(ignored) == nil)
            #expect(ignored.text.contains("<Response/>"))
            #expect(try await harness.hasConversation("sms:+19025550101") == false)

            let help = try await harness.client.sms("HELP", sid: "SS3")
            #expect(Self.message(help)?.contains("Clubhouse 24/7 Golf") == true)
            #expect(Self.message(help)?.contains("STOP") == true)

            let start = try await harness.client.sms("start", sid: "SS4")
            #expect(Self.message(start)?.contains("subscribed") == true)
            let answered = try await harness.client.sms("bedford tomorrow at 7", sid: "SS5")
            #expect(Self.message(answered) != nil)
        }
    }

    @Test func aSentenceStartingWithAKeywordIsNotAKeyword() async throws {
        try await ServerHarness.run { harness in
            let response = try await harness.client.sms("stop by bedford tomorrow at 7?", sid: "SK1")
            #expect(Self.message(response)?.contains("unsubscribed") == false)
        }
    }

    @Test func malformedFormsAndMissingParametersAre400() async throws {
        try await ServerHarness.run(insecure: true) { harness in
            let badEscape = try await harness.client.send(
                "POST",
                "/v1/sms/twilio",
                body: Data("From=%ZZ&Body=hi&MessageSid=1".utf8),
                headers: ["Content-Type": "application/x-www-form-urlencoded"]
            )
            #expect(badEscape.status == 400)
            #expect(badEscape.json["error"] as? String == "malformed_form")
            let missing = try await harness.client.send(
                "POST",
                "/v1/sms/twilio",
                body: Data("From=%2B19025550101".utf8),
                headers: ["Content-Type": "application/x-www-form-urlencoded"]
            )
            #expect(missing.status == 400)
            #expect(missing.json["error"] as? String == "missing_field")
        }
    }
}
