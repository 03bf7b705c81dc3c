/// Finds the vocabulary word a misspelt word was meant to be: edit distance 1 for words of five to seven
/// letters, 2 for longer ones, counting a swap of neighbours as one edit ("availble", "tomorow", "saturdy").
///
/// Short words are never corrected: "at", "bay" and "sim" are one edit away from too many other words.
struct TypoCorrector: Sendable {
    /// Shortest word corrected.
    static let minimumLength = 5

    /// Vocabulary words by length, as bytes.
    private let byLength: [[[UInt8]]]
    private let words: [[String]]

    init(vocabulary: Set<String>) {
        var byLength: [[[UInt8]]] = Array(repeating: [], count: 40)
        var words: [[String]] = Array(repeating: [], count: 40)
        for word in vocabulary.sorted() where word.utf8.count >= Self.minimumLength - 2 && word.utf8.count < 40 {
            guard word.utf8.allSatisfy({ $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) else { continue }
            byLength[word.utf8.count].append(Array(word.utf8))
            words[word.utf8.count].append(word)
        }
        self.byLength = byLength
        self.words = words
    }

    /// The closest vocabulary word within the allowed distance, or nil.
    func correction(of word: String) -> String? {
        let bytes = Array(word.utf8)
        guard bytes.count >= Self.minimumLength, bytes.count < 40 else { return nil }
        let allowed = bytes.count >= 8 ? 2 : 1
        var best: (distance: Int, word: String)?
        for length in max(0, bytes.count - allowed)...min(39, bytes.count + allowed) {
            for (index, candidate) in byLength[length].enumerated() {
                let limit = min(allowed, (best?.distance ?? allowed + 1) - 1)
                guard limit >= 0 else { return best?.word }
                if let distance = Self.distance(bytes, candidate, limit: limit) {
                    best = (distance, words[length][index])
                }
            }
        }
        return best?.word
    }

    /// Optimal-string-alignment distance, or nil when it is above `limit`.
    static func distance(_ lhs: [UInt8], _ rhs: [UInt8], limit: Int) -> Int? {
        if abs(lhs.count - rhs.count) > limit { return nil }
        let width = rhs.count + 1
        var previous2 = [Int](repeating: 0, count: width)
        var previous = Array(0...rhs.count)
        var current = [Int](repeating: 0, count: width)
        for row in 1...lhs.count {
            current[0] = row
            var rowMinimum = row
            for column in 1...max(1, rhs.count) where column <= rhs.count {
                let cost = lhs[row - 1] == rhs[column - 1] ? 0 : 1
                var value = min(previous[column] + 1, current[column - 1] + 1, previous[column - 1] + cost)
                if row > 1, column > 1, lhs[row - 1] == rhs[column - 2], lhs[row - 2] == rhs[column - 1] {
                    value = min(value, previous2[column - 2] + 1)
                }
                current[column] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return nil }
            (previous2, previous, current) = (previous, current, previous2)
        }
        let result = previous[rhs.count]
        return result <= limit ? result : nil
    }
}
