import Foundation
import Testing

@testable import AgentServer

/// The ClubOS reply is written by hand on every turn; it must be byte for byte what the encoder wrote.
@Suite("ClubOS reply JSON")
struct ReplyDocumentTests {
    static let documents = [
        #"""
        {"reply":"Booked! Bay 3 at Bedford, Sat Nov 28 7:00-8:00 pm. Your booking reference is BK-7Q2M.",
         "intent":"confirm","state":"booked","options":[],"handoff":false,
         "booking":{"ref":"BK-7Q2M","location":"bedford","bay":3,"start":"2026-11-28T19:00:00-04:00",
                    "end":"2026-11-28T20:00:00-04:00","price_cents":4500,"party_size":4,"status":"confirmed"}}
        """#,
        #"""
        {"reply":"Bay 3 is taken then. Here's what I can do:\n1. 7:30 pm\n2. \"Dartmouth\" / bay 1\tor 😀 é\u0001",
         "intent":"book","state":"choosing","handoff":true,"handoff_reason":"needs_staff_override",
         "options":[{"number":1,"location":"bedford","bay":3,"start":"2026-11-28T19:30:00-04:00",
                     "end":"2026-11-28T20:30:00-04:00","price_cents":4500},
                    {"number":2,"location":"dartmouth","bay":1,"start":"2026-11-28T19:00:00-04:00",
                     "end":"2026-11-28T20:00:00-04:00","price_cents":9720}]}
        """#,
        #"{"reply":"","intent":"unknown","state":"idle","options":[],"handoff":false}"#,
    ]

    @Test(arguments: documents)
    func theHandWrittenJSONIsWhatTheEncoderWrites(json: String) throws {
        let document = try JSONDecoder().decode(ClubOSReplyDocument.self, from: Data(json.utf8))
        let encoded = try JSONCoding.encoder.encode(document)
        #expect(String(decoding: document.json(), as: UTF8.self) == String(decoding: encoded, as: UTF8.self))
        #expect(try JSONDecoder().decode(ClubOSReplyDocument.self, from: document.json()) == document)
    }
}
