import BookingCore
import Foundation
import Testing

@Suite("JSON writer: the bytes Foundation's encoder writes")
struct JSONWriterTests {
    /// Texts with every kind of byte the writer treats apart: quotes, backslashes, each control character,
    /// slashes, multi-byte characters, and escapes at the start, the end and side by side.
    static let texts: [String] =
        [
            "", "plain", "say \"hi\"", "back\\slash", "\\\"", "a/b", "line\nbreak\r\ttab", "\u{8}\u{C}",
            "\"at both ends\"", "héllo wörld", "🏌️‍♀️ tee time 🎉", "\u{7F}del", "mixed \u{1}\u{1F} and é\"",
        ] + (0..<0x20).map { String(UnicodeScalar(UInt8($0))) + "x" }

    @Test(arguments: texts)
    func stringsAreWrittenAsJSONEncoderWritesThem(text: String) throws {
        var writer = JSONWriter()
        writer.string(text)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let expected = try encoder.encode(text)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        #expect(try JSONDecoder().decode(String.self, from: Data(writer.bytes)) == text)
    }

    @Test(arguments: texts)
    func slashesAreEscapedWhenAsked(text: String) throws {
        var writer = JSONWriter()
        writer.escapesSlashes = true
        writer.string(text + "/a/")
        let expected = try JSONEncoder().encode(text + "/a/")
        #expect(String(decoding: writer.bytes, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
    }
}
