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
        var rows = Rows(width: bytes.count + allowed + 1)
        for length in max(0, bytes.count - allowed)...min(39, bytes.count + allowed) {
            for (index, candidate) in byLength[length].enumerated() {
                let limit = min(allowed, (best?.distance ?? allowed + 1) - 1)
                guard limit >= 0 else { return best?.word }
                if let distance = Self.distance(bytes, candidate, limit: limit, rows: &rows) {
                    best = (distance, words[length][index])
                }
            }
        }
        return best?.word
    }

    /// Three rows of the distance table, allocated once per correction and reused for every candidate.
    struct Rows {
        var previous2: [Int]
        var previous: [Int]
        var current: [Int]

        init(width: Int) {
            previous2 = [Int](repeating: 0, count: width + 1)
            previous = previous2
            current = previous2
        }
    }

    /// Optimal-string-alignment distance, or nil when it is above `limit`.
    static func distance(_ lhs: [UInt8], _ rhs: [UInt8], limit: Int) -> Int? {
        var rows = Rows(width: max(lhs.count, rhs.count) + 1)
        return distance(lhs, rhs, limit: limit, rows: &rows)
    }

    static func distance(_ lhs: [UInt8], _ rhs: [UInt8], limit: Int, rows: inout Rows) -> Int? {
        if abs(lhs.count - rhs.count) > limit || lhs.isEmpty || rhs.isEmpty { return nil }
        if rows.current.count < rhs.count + 1 { rows = Rows(width: rhs.count + 1) }
        for column in 0...rhs.count { rows.previous[column] = column }
        for row in 1...lhs.count {
            rows.current[0] = row
            var rowMinimum = row
            for column in 1...rhs.count {
                let cost = lhs[row - 1] == rhs[column - 1] ? 0 : 1
                var value = min(
                    rows.previous[column] + 1,
                    rows.current[column - 1] + 1,
                    rows.previous[column - 1] + cost
                )
                if row > 1, column > 1, lhs[row - 1] == rhs[column - 2], lhs[row - 2] == rhs[column - 1] {
                    value = min(value, rows.previous2[column - 2] + 1)
                }
                rows.current[column] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return nil }
            swap(&rows.previous2, &rows.previous)
            swap(&rows.previous, &rows.current)
        }
        let result = rows.previous[rhs.count]
        return result <= limit ? result : nil
    }
}
