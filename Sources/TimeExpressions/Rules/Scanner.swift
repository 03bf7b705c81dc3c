/// Read access to the atoms of one text, with the small look-ups every rule needs.
struct Scanner {
    let atoms: [Atom]
    let policy: ResolutionPolicy
    let lexicon: Lexicon

    func word(_ index: Int) -> Word {
        index >= 0 && index < atoms.count ? atoms[index].word : .end
    }

    func atom(_ index: Int) -> Atom? {
        index >= 0 && index < atoms.count ? atoms[index] : nil
    }

    func isKeyword(_ index: Int, _ keyword: Keyword) -> Bool {
        word(index) == .keyword(keyword)
    }

    func isPunctuation(_ index: Int, _ mark: Punctuation) -> Bool {
        word(index) == .punctuation(mark)
    }

    func isGlued(_ index: Int) -> Bool {
        index >= 0 && index < atoms.count && atoms[index].isGlued
    }

    func key(_ index: Int) -> String {
        index >= 0 && index < atoms.count ? atoms[index].key : ""
    }

    /// A plain number written with at most `digits` digits.
    func number(_ index: Int, maxDigits: Int = 2) -> Int? {
        guard index >= 0, index < atoms.count, atoms[index].word == .number, atoms[index].digits <= maxDigits
        else { return nil }
        return atoms[index].value
    }

    /// A cardinal as digits or words ("7", "seven", "twenty five", "twenty-five"): value and next index.
    func cardinal(_ index: Int) -> (Int, Int)? {
        if let value = number(index, maxDigits: 3) { return (value, index + 1) }
        guard case .numberWord(let tens) = word(index) else { return nil }
        if tens >= 20, tens % 10 == 0 {
            var next = index + 1
            if isPunctuation(next, .dash) { next += 1 }
            if case .numberWord(let unit) = word(next), unit >= 1, unit <= 9 { return (tens + unit, next + 1) }
        }
        return (tens, index + 1)
    }

    /// An ordinal as "28th", "first", "twenty first", "twenty-first": value and next index.
    func ordinal(_ index: Int) -> (Int, Int)? {
        if word(index) == .ordinal, let atom = atom(index) { return (atom.value, index + 1) }
        if case .ordinalWord(let value) = word(index) { return (value, index + 1) }
        if case .numberWord(let tens) = word(index), tens >= 20, tens % 10 == 0 {
            var next = index + 1
            if isPunctuation(next, .dash) { next += 1 }
            if case .ordinalWord(let unit) = word(next), unit <= 9 { return (tens + unit, next + 1) }
        }
        return nil
    }

    /// True when the number ending before `index` counts something ("4 people", "6 of us", "2 hrs").
    func countsSomething(after index: Int) -> Bool {
        switch word(index) {
        case .countedNoun, .unit, .keyword(.hLetter): return true
        case .keyword(.of):
            return word(index + 1) == .countedNoun
        default: return false
        }
    }

    /// True when the number at `index` is labelled or counted by the word before it ("bay 3", "for 4").
    func isLabelled(_ index: Int) -> Bool {
        switch word(index - 1) {
        case .label, .keyword(.for), .keyword(.of), .punctuation(.hash), .punctuation(.dollar), .keyword(.article):
            return true
        default: return false
        }
    }
}

/// How the productions of a family are tried: each at the same index, the longest match wins.
///
/// The earlier production wins a tie. A family is a function calling its productions in order (`TimeRules.longest`), not a list
/// of closures: calling through closures of a generic type cost a third of a temporal parse in reference
/// counting and reabstraction.
enum Rule {
    /// Makes `found` the best when it ends later than the best so far (or than `index`, when there is none).
    @inline(__always)
    static func keepLonger<Output>(_ best: inout (Output, Int)?, _ found: (Output, Int)?, than index: Int) {
        if let found, found.1 > (best?.1 ?? index) { best = found }
    }
}
