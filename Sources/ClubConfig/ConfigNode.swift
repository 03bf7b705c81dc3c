import Yams

/// A YAML node together with the key path that led to it, so every check can name where it failed.
struct ConfigNode {
    let node: Node
    let path: String
    let file: String

    var line: Int? { node.mark?.line }

    func error(_ problem: String) -> ConfigError {
        ConfigError(file: file, line: line, keyPath: path, problem: problem)
    }

    func child(_ key: String, _ node: Node) -> ConfigNode {
        ConfigNode(node: node, path: path.isEmpty ? key : path + "." + key, file: file)
    }

    /// A plain empty value, `~` or `null`: an optional key written without a value.
    var isNull: Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    var kindName: String {
        switch node {
        case .scalar: return isNull ? "nothing" : "text"
        case .mapping: return "a mapping of keys"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// The keys of a mapping, refusing any key not in `allowedKeys` with a guess at the intended one.
    func mapping(allowedKeys: [String]) throws -> ConfigMapping {
        let mapping = try anyMapping()
        for entry in mapping.entries where !allowedKeys.contains(entry.key) {
            var problem = "unknown key \"\(entry.key)\""
            if let guess = closestMatch(to: entry.key, among: allowedKeys) {
                problem += " (did you mean \"\(guess)\"?)"
            }
            throw ConfigError(file: file, line: entry.keyLine, keyPath: path, problem: problem)
        }
        return mapping
    }

    /// The keys of a mapping whose keys are data (weekday names), not a fixed schema.
    func anyMapping() throws -> ConfigMapping {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping of keys, got \(kindName)") }
        var entries: [ConfigMapping.Entry] = []
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let key) = keyNode else {
                throw ConfigError(file: file, line: keyNode.mark?.line, keyPath: path, problem: "keys must be words")
            }
            entries.append(.init(key: key.string, keyLine: keyNode.mark?.line, value: child(key.string, valueNode)))
        }
        return ConfigMapping(owner: self, entries: entries)
    }

    func sequence() throws -> [ConfigNode] {
        guard case .sequence(let sequence) = node else { throw error("expected a list, got \(kindName)") }
        return sequence.enumerated().map { index, element in
            ConfigNode(node: element, path: path + "[\(index)]", file: file)
        }
    }

    /// The text of a scalar, whitespace trimmed, refusing empty text.
    func string() throws -> String {
        guard case .scalar(let scalar) = node else { throw error("expected text, got \(kindName)") }
        let text = scalar.string.trimmingWhitespace()
        guard !text.isEmpty, !isNull else { throw error("must not be empty") }
        return text
    }

    func int(in range: ClosedRange<Int>) throws -> Int {
        let text = try string()
        guard text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "_") }),
            let value = Int(text.replacingUnderscores())
        else { throw error("expected a whole number, got \"\(text.prefix(40))\"") }
        guard range.contains(value) else {
            throw error("must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
        }
        return value
    }

    func bool() throws -> Bool {
        let text = try string()
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false, got \"\(text.prefix(40))\"")
        }
    }

    /// A list of texts; a single text is taken as a list of one.
    func strings() throws -> [String] {
        if case .scalar = node { return [try string()] }
        return try sequence().map { try $0.string() }
    }

    /// A lowercase id such as `non_member`, the form other keys refer to.
    func identifier() throws -> String {
        let text = try string()
        guard text.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
        else { throw error("ids use only lowercase letters, digits and _, got \"\(text.prefix(40))\"") }
        return text
    }
}

/// The entries of one YAML mapping in file order, looked up by key.
struct ConfigMapping {
    struct Entry {
        let key: String
        let keyLine: Int?
        let value: ConfigNode
    }

    let owner: ConfigNode
    let entries: [Entry]

    /// The value of `key`, or nil when it is absent or written without a value.
    func optional(_ key: String) -> ConfigNode? {
        guard let entry = entries.first(where: { $0.key == key }), !entry.value.isNull else { return nil }
        return entry.value
    }

    func required(_ key: String) throws -> ConfigNode {
        guard let value = optional(key) else { throw owner.error("missing required key \"\(key)\"") }
        return value
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }

    fileprivate func replacingUnderscores() -> String {
        String(filter { $0 != "_" })
    }
}

/// The candidate a typo most likely meant: within two edits, or a third of the word for long words.
func closestMatch(to word: String, among candidates: [String]) -> String? {
    let limit = max(2, word.count / 3)
    let scored = candidates.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }
    guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= limit else { return nil }
    return best.0
}

/// Levenshtein distance; the inputs are short keys, so the quadratic table is cheap.
func editDistance(_ lhs: String, _ rhs: String) -> Int {
    let left = Array(lhs)
    let right = Array(rhs)
    if left.isEmpty { return right.count }
    if right.isEmpty { return left.count }
    var previous = Array(0...right.count)
    var current = previous
    for i in 1...left.count {
        current[0] = i
        for j in 1...right.count {
            let substitution = previous[j - 1] + (left[i - 1] == right[j - 1] ? 0 : 1)
            current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
        }
        swap(&previous, &current)
    }
    return previous[right.count]
}
