/// A mistake in a grammar, lexicon or word-list file, with the place and what was expected there.
///
/// The description reads like a compiler's, `Grammars/en/book.grammar:12:17: expected ')' ...`, so an owner
/// editing a grammar can jump straight to the spot.
public struct GrammarError: Error, Sendable, Equatable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}
