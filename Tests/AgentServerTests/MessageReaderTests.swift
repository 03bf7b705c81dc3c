import Foundation
import Testing

@testable import AgentServer

/// The fast reader of ClubOS messages must agree with `JSONDecoder` whenever it answers, and leave the rest
/// (escapes, numbers, missing fields, broken JSON) to it.
@Suite("ClubOS message reader")
struct MessageReaderTests {
    static let handled = [
        #"{"message_id":"m-1","thread_id":"t-1","customer":{"id":"c-1","phone":"+19025550101"},"content":"bay 3 at 7","sent_at":"2026-11-25T14:00:00Z"}"#,
        """
         {
           "message_id": "m-2", "thread_id": "t-2",
           "customer": {"id": "c-2", "phone": "902-555-0102", "name": "Zoë 🏌️", "email": null, "hubspot_id": "901"},
           "content": "can 4 of us get bay 3 tmrw at 7 for 2 hrs?", "location_id": "bedford",
           "sent_at": "2026-11-25T14:00:00Z", "extra": "ignored", "also": null
         }\t
        """,
        #"{"message_id":"m-3","thread_id":"t-3","customer":{"id":"c","phone":"1"},"content":"'; DROP TABLE bookings; --","location_id":null,"sent_at":""}"#,
    ]

    static let leftToTheDecoder = [
        #"{"message_id":"m","thread_id":"t","customer":{"id":"c","phone":"1"},"content":"say \"hi\"","sent_at":"s"}"#,
        #"{"message_id":"m","thread_id":"t","customer":{"id":"c","phone":"1"},"content":"x","sent_at":"s","n":1}"#,
        #"{"message_id":"m","thread_id":"t","customer":{"id":"c","phone":"1"},"content":"x","sent_at":"s","a":[]}"#,
        #"{"message_id":"m","thread_id":"t","customer":{"id":"c","phone":"1"},"content":"x"}"#,
        #"{"message_id":"m","message_id":"n","thread_id":"t","customer":{"id":"c","phone":"1"},"content":"x","sent_at":"s"}"#,
        #"{"message_id":"m","thread_id":7,"customer":{"id":"c","phone":"1"},"content":"x","sent_at":"s"}"#,
        #"{"message_id":"m","thread_id":"t","customer":{"id":"c","phone":"1","x":{}},"content":"x","sent_at":"s"}"#,
        #"{"message_id":"m","thread_id":"t","customer":{"id":"c","phone":"1"},"content":"x","sent_at":"s"} trailing"#,
        #"{"message_id":"m","thread_id":"t","customer":{"id":"c","phone":"1"},"content":"x","sent_at":"s""#,
        #"{"message_id":null,"thread_id":"t","customer":{"id":"c","phone":"1"},"content":"x","sent_at":"s"}"#,
        "[1, 2, 3]", "", "not json", "{}",
    ]

    @Test(arguments: handled)
    func aPlainMessageReadsAsTheDecoderReadsIt(json: String) throws {
        let fast = try #require(ClubOSMessageReader.read(Array(json.utf8)))
        #expect(fast == (try JSONDecoder().decode(ClubOSMessage.self, from: Data(json.utf8))))
    }

    @Test(arguments: leftToTheDecoder)
    func anythingElseIsLeftToTheDecoder(json: String) {
        #expect(ClubOSMessageReader.read(Array(json.utf8)) == nil)
    }

    @Test func invalidUTF8IsLeftToTheDecoder() {
        var bytes = Array(#"{"message_id":"m","thread_id":"t","customer":{"id":"c","phone":"1"},"content":""#.utf8)
        bytes += [0xC3, 0x28]
        bytes += Array(#"","sent_at":"s"}"#.utf8)
        #expect(ClubOSMessageReader.read(bytes) == nil)
    }

    /// The quick blank check agrees with Foundation's trimming on ASCII and non-ASCII white space and text.
    @Test func theBlankCheckAgreesWithTrimming() {
        let alphabet: [Character] = [
            " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{2028}", "\u{3000}", "\u{200B}", "a",
            "é", "7", "🏌️",
        ]
        var state: UInt64 = 0x0DDB_1A5E_5BAD_5EED
        var mismatches: [String] = []
        for _ in 0..<5_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var text = ""
            for step in 0..<Int(state >> 60) {
                text.append(alphabet[Int((state >> UInt64(4 * (step % 14))) & 0xF) % alphabet.count])
            }
            let expected = text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            if ClubOSMessage.isBlank(text) != expected { mismatches.append(text.debugDescription) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        #expect(ClubOSMessage.isBlank(" \t\n") && ClubOSMessage.isBlank("") && !ClubOSMessage.isBlank("  hi "))
    }
}
