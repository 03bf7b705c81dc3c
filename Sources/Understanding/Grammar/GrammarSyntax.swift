/// The kinds of thing a `{slot}` in a template stands for.
///
/// The first group are entities found before intent matching (a whole time expression is one `{when}`);
/// the second are properties of single tokens, used mostly inside `entity` sections.
public enum SlotClass: String, Sendable, CaseIterable {
    case when
    case duration
    case party
    case bay
    case location
    case ref
    case name
    case phone
    case choice
    /// Any number, as digits or a word ("4", "four").
    case number
    /// An ordinal ("second", "2nd").
    case ordinal
    /// A word the grammars do not know (a name, usually).
    case word
    /// A word the grammars do not know, written with a capital letter.
    case proper

    /// The entity sections a grammar may declare: the classes whose tokens an `entity` section produces.
    static let declarable: Set<SlotClass> = [.party, .bay, .name, .choice]
}

/// One parsed template or rule body.
indirect enum GrammarExpression: Sendable, Equatable {
    case word(String)
    case slot(SlotClass, role: SlotRole)
    case rule(String, SourceLocation)
    case sequence([GrammarExpression])
    case choice([GrammarExpression])
    case optional(GrammarExpression)
}

/// What a slot filled by a template stands for beyond its class: the booking being moved, for `reschedule`.
public enum SlotRole: String, Sendable {
    case plain
    /// `{when:from}`: the booking as it is now ("move my *friday* one to saturday"); in a correction, the
    /// value being replaced ("not *bedford*, dartmouth"), which is dropped.
    case from
    /// `{number:time}`: a bare number that is a clock time ("8 works" is 20:00).
    case time
}

/// What an `entity` template produces when it matches.
enum EntityValue: Sendable, Equatable {
    /// The captured number plus an offset: `=> n`, `=> n + 1`.
    case number(plus: Int)
    /// A fixed number: `=> 4` for "foursome".
    case constant(Int)
    /// The captured words, as written: `=> words` for names.
    case words
    /// The first two captured numbers added: `=> n + m` for "3 adults and 2 kids".
    case sum
    /// The captured number times a factor: `=> n * 2` for "2 couples".
    case product(Int)
}

/// Where something is in a grammar file, for messages and `--explain`.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public var description: String { "\(file):\(line):\(column)" }
}

/// The section a template belongs to.
enum TemplateSection: Sendable, Equatable {
    case intent(Intent)
    /// A correction: intent `book`, marked `isCorrection`, carrying only the changed slots.
    case correction
    case entity(SlotClass)
}

/// One template as written, with its section and where it is.
struct Template: Sendable {
    var section: TemplateSection
    var expression: GrammarExpression
    var value: EntityValue?
    var text: String
    var location: SourceLocation
    /// Written with a leading `!`: an intent template counts only when it covers the whole message, skipping nothing
    /// but filler ("y" confirms; "y do you close early" does not); an entity template only at the message's end
    /// ("thanks, Jen" signs off; "thanks Jen for the tip, can we book" names no one).
    var isWholeMessage = false
}
