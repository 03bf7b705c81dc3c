/// A compiled set of templates: an epsilon-free automaton over token labels in flat, index-based arrays.
///
/// Built once at start-up (hummingbird's `RouterTrie` is the model): states are integers, the edges of a state
/// are one contiguous slice of the edge arrays, and the edges leaving the templates' first states are indexed
/// by label so a match can only begin where a template's first word or slot is. Matching walks the states
/// forward token by token; nothing backtracks.
struct Automaton: Sendable {
    /// `edgeStart[state]..<edgeStart[state + 1]` are the edges leaving `state`.
    var edgeStart: [Int32] = [0]
    var edgeLabel: [Int32] = []
    var edgeTarget: [Int32] = []
    /// The innermost named rule the edge belongs to, or -1.
    var edgeRule: [Int32] = []
    var edgeRole: [SlotRole] = []
    /// The template a state completes, or -1.
    var accepting: [Int32] = []
    /// Label → edges leaving a template's first state.
    var firstEdges: [Int32: [Int32]] = [:]
    /// `firstEdges` as an array indexed by `label + firstEdgeOffset` (slot labels are negative): the matcher looks
    /// edges up for every item, and hashing was a tenth of its time.
    var firstEdgeTable: [[Int32]] = []
    var firstEdgeOffset: Int32 = 0

    /// The edges that may start a path on `label`.
    @inline(__always)
    func startingEdges(_ label: Int32) -> [Int32]? {
        let index = Int(label + firstEdgeOffset)
        return index >= 0 && index < firstEdgeTable.count ? firstEdgeTable[index] : nil
    }
    var templates: [Template] = []
    var ruleNames: [String] = []

    var stateCount: Int { accepting.count }

    /// The label of a slot class: negative, so it never collides with a word id.
    static func label(_ slot: SlotClass) -> Int32 {
        -1 - Int32(SlotClass.allCases.firstIndex(of: slot) ?? 0)
    }

    static func slotClass(_ label: Int32) -> SlotClass? {
        let index = Int(-1 - label)
        return index >= 0 && index < SlotClass.allCases.count ? SlotClass.allCases[index] : nil
    }
}

/// Compiles templates into an `Automaton`: Thompson construction, then epsilon closure folded into the edges.
struct AutomatonCompiler {
    private var epsilons: [[Int32]] = []
    private var edges: [[(label: Int32, target: Int32, rule: Int32, role: SlotRole)]] = []
    private var accepts: [Int32] = []
    private var ruleIDs: [String: Int32] = [:]
    private var ruleNames: [String] = []
    private let rules: [String: (expression: GrammarExpression, location: SourceLocation)]
    private let wordKey: (String) -> [String]
    /// Word → id; shared with the matcher so input tokens map to the same ids.
    private(set) var words: [String: Int32]

    init(
        rules: [String: (expression: GrammarExpression, location: SourceLocation)],
        words: [String: Int32],
        wordKey: @escaping (String) -> [String]
    ) {
        self.rules = rules
        self.words = words
        self.wordKey = wordKey
    }

    /// The automaton for `templates`, in their order (earlier wins a tie).
    mutating func compile(_ templates: [Template]) throws(GrammarError) -> Automaton {
        var starts: [Int32] = []
        for (index, template) in templates.enumerated() {
            let start = newState()
            var stack: [String] = []
            let end = try build(template.expression, from: start, rule: -1, role: .plain, stack: &stack)
            accepts[Int(end)] = Int32(index)
            if closure(start).contains(where: { accepts[Int($0)] == Int32(index) }) {
                throw GrammarError(template.location, "expected a template that needs at least one word or slot")
            }
            starts.append(start)
        }
        var automaton = Automaton()
        automaton.templates = templates
        automaton.ruleNames = ruleNames
        var remap = [Int32](repeating: -1, count: edges.count)
        var order: [Int32] = []
        var queue: [Int32] = starts
        for start in starts {
            remap[Int(start)] = Int32(order.count)
            order.append(start)
        }
        var head = 0
        var closures: [Int32: [Int32]] = [:]
        while head < queue.count {
            let state = queue[head]
            head += 1
            let closed = closure(state)
            closures[state] = closed
            for member in closed {
                for edge in edges[Int(member)] where remap[Int(edge.target)] < 0 {
                    remap[Int(edge.target)] = Int32(order.count)
                    order.append(edge.target)
                    queue.append(edge.target)
                }
            }
        }
        for state in order {
            let closed = closures[state] ?? [state]
            var accept: Int32 = -1
            var seen = Set<EdgeKey>()
            for member in closed {
                if accept < 0, accepts[Int(member)] >= 0 { accept = accepts[Int(member)] }
                for edge in edges[Int(member)] {
                    let target = remap[Int(edge.target)]
                    guard seen.insert(EdgeKey(label: edge.label, target: target, rule: edge.rule)).inserted else {
                        continue
                    }
                    automaton.edgeLabel.append(edge.label)
                    automaton.edgeTarget.append(target)
                    automaton.edgeRule.append(edge.rule)
                    automaton.edgeRole.append(edge.role)
                }
            }
            automaton.accepting.append(accept)
            automaton.edgeStart.append(Int32(automaton.edgeLabel.count))
        }
        // Each state's edges sorted by label (stably), so the matcher finds an item's edges by binary search.
        for state in 0..<automaton.stateCount {
            let range = Int(automaton.edgeStart[state])..<Int(automaton.edgeStart[state + 1])
            guard range.count > 1 else { continue }
            let sorted = range.sorted { lhs, rhs in
                automaton.edgeLabel[lhs] != automaton.edgeLabel[rhs]
                    ? automaton.edgeLabel[lhs] < automaton.edgeLabel[rhs] : lhs < rhs
            }
            let labels = sorted.map { automaton.edgeLabel[$0] }
            let targets = sorted.map { automaton.edgeTarget[$0] }
            let rules = sorted.map { automaton.edgeRule[$0] }
            let roles = sorted.map { automaton.edgeRole[$0] }
            for (offset, edge) in range.enumerated() {
                automaton.edgeLabel[edge] = labels[offset]
                automaton.edgeTarget[edge] = targets[offset]
                automaton.edgeRule[edge] = rules[offset]
                automaton.edgeRole[edge] = roles[offset]
            }
        }
        for start in starts {
            let state = Int(remap[Int(start)])
            for edge in Int(automaton.edgeStart[state])..<Int(automaton.edgeStart[state + 1]) {
                automaton.firstEdges[automaton.edgeLabel[edge], default: []].append(Int32(edge))
            }
        }
        let lowest = min(0, automaton.firstEdges.keys.min() ?? 0)
        let highest = max(0, automaton.firstEdges.keys.max() ?? 0)
        automaton.firstEdgeOffset = -lowest
        automaton.firstEdgeTable = [[Int32]](repeating: [], count: Int(highest - lowest) + 1)
        for (label, edges) in automaton.firstEdges { automaton.firstEdgeTable[Int(label - lowest)] = edges }
        return automaton
    }

    private mutating func newState() -> Int32 {
        epsilons.append([])
        edges.append([])
        accepts.append(-1)
        return Int32(accepts.count - 1)
    }

    private func closure(_ state: Int32) -> [Int32] {
        var result: [Int32] = [state]
        var seen: Set<Int32> = [state]
        var index = 0
        while index < result.count {
            for next in epsilons[Int(result[index])] where seen.insert(next).inserted { result.append(next) }
            index += 1
        }
        return result
    }

    private mutating func wordID(_ word: String) -> Int32 {
        if let id = words[word] { return id }
        let id = Int32(words.count)
        words[word] = id
        return id
    }

    private mutating func build(
        _ expression: GrammarExpression,
        from: Int32,
        rule: Int32,
        role: SlotRole,
        stack: inout [String]
    ) throws(GrammarError) -> Int32 {
        switch expression {
        case .word(let word):
            var state = from
            for key in wordKey(word) {
                let next = newState()
                edges[Int(state)].append((wordID(key), next, rule, role))
                state = next
            }
            return state
        case .slot(let slot, let slotRole):
            let next = newState()
            edges[Int(from)].append((Automaton.label(slot), next, rule, slotRole))
            return next
        case .sequence(let items):
            var state = from
            for item in items { state = try build(item, from: state, rule: rule, role: role, stack: &stack) }
            return state
        case .choice(let options):
            let end = newState()
            for option in options {
                let start = newState()
                epsilons[Int(from)].append(start)
                let last = try build(option, from: start, rule: rule, role: role, stack: &stack)
                epsilons[Int(last)].append(end)
            }
            return end
        case .optional(let inner):
            let start = newState()
            epsilons[Int(from)].append(start)
            let end = try build(inner, from: start, rule: rule, role: role, stack: &stack)
            epsilons[Int(from)].append(end)
            return end
        case .rule(let name, let location):
            guard let definition = rules[name] else {
                throw GrammarError(location, "expected a defined rule or word list, but <\(name)> is neither")
            }
            if stack.contains(name) {
                throw GrammarError(
                    location,
                    "rule <\(name)> refers to itself through \(stack.joined(separator: " → "))"
                )
            }
            let id: Int32
            if let existing = ruleIDs[name] {
                id = existing
            } else {
                id = Int32(ruleNames.count)
                ruleIDs[name] = id
                ruleNames.append(name)
            }
            stack.append(name)
            defer { stack.removeLast() }
            return try build(definition.expression, from: from, rule: id, role: role, stack: &stack)
        }
    }
}

/// An edge's identity while folding epsilon closures, so the same edge is not added twice.
private struct EdgeKey: Hashable {
    var label: Int32
    var target: Int32
    var rule: Int32
}
