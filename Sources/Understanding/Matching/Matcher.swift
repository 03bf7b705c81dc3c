/// One position of the input to an automaton: a word, an entity standing for several words, or a mark.
struct MatchItem: Sendable {
    static let none: Int32 = .min

    /// Up to four labels the item answers to: its word id and the slot classes it belongs to.
    var labels: (Int32, Int32, Int32, Int32) = (none, none, none, none)
    /// What consuming the item adds to a path's score.
    var gain: Float = 1
    /// What skipping the item costs a path: an unknown word costs most, filler and entities little.
    var skipCost: Float = 1

    /// How many of `labels` are set: they are filled from the first.
    var labelCount: Int {
        labels.0 == Self.none
            ? 0 : labels.1 == Self.none ? 1 : labels.2 == Self.none ? 2 : labels.3 == Self.none ? 3 : 4
    }

    /// The label in place `index` (0..<4) of `labels`.
    @inline(__always)
    func label(_ index: Int) -> Int32 {
        switch index {
        case 0: labels.0
        case 1: labels.1
        case 2: labels.2
        default: labels.3
        }
    }

    func has(_ label: Int32) -> Bool {
        labels.0 == label || labels.1 == label || labels.2 == label || labels.3 == label
    }

    mutating func add(_ label: Int32) {
        if labels.0 == Self.none {
            labels.0 = label
        } else if labels.1 == Self.none {
            labels.1 = label
        } else if labels.2 == Self.none {
            labels.2 = label
        } else if labels.3 == Self.none {
            labels.3 = label
        }
    }
}

/// A step of a path through the automaton, kept so the winning path can be read back for slots and `--explain`.
struct PathStep: Sendable {
    var state: Int32
    var score: Float
    /// The previous step in `trail`, or -1 at a path's first step.
    var back: Int32
    /// The edge taken to consume `item`, or -1 when the item was skipped.
    var edge: Int32
    var item: Int32
}

/// The best way each template matched a message.
struct MatchResult: Sendable {
    var trail: [PathStep]
    /// Template index → the trail index of its best final step.
    var best: [(template: Int32, score: Float, step: Int32)]
}

extension Automaton {
    /// How far below the best path a path may fall before it is dropped.
    ///
    /// 2.5 reads every fixture and the wild working set exactly as 3.5 did (2.0 loses 0.6 % of the working
    /// set's intents), with fewer paths kept alive per word.
    static let beam: Float = 2.5

    /// Runs every template over `items` at once, skipping items where a template does not fit.
    ///
    /// A path may begin at any item (the items before it count as skipped) and skip any item at that item's
    /// `skipCost`; each consumed item adds its `gain`. One pass over the items, states kept per item in a
    /// beam: the cost is linear in the message length.
    func match(_ items: [MatchItem]) -> MatchResult {
        var trail: [PathStep] = []
        trail.reserveCapacity(items.count * 16)
        var active: [Int32] = []
        var next: [Int32] = []
        active.reserveCapacity(64)
        next.reserveCapacity(64)
        // State → its latest step; a step counts only when it is for the current item.
        var slotOfState = [Int32](repeating: -1, count: stateCount)
        let edgeStart = self.edgeStart
        let edgeLabel = self.edgeLabel
        let edgeTarget = self.edgeTarget
        var prefixCost: Float = 0
        for (position, item) in items.enumerated() {
            next.removeAll(keepingCapacity: true)
            var bestScore: Float = -.infinity
            let itemIndex = Int32(position)
            func push(_ step: PathStep) {
                let existing = slotOfState[Int(step.state)]
                if existing >= 0, trail[Int(existing)].item == step.item {
                    if trail[Int(existing)].score < step.score { trail[Int(existing)] = step }
                    return
                }
                slotOfState[Int(step.state)] = Int32(trail.count)
                next.append(Int32(trail.count))
                trail.append(step)
                bestScore = max(bestScore, step.score)
            }
            let labelCount = item.labelCount
            for index in active {
                let step = trail[Int(index)]
                let state = Int(step.state)
                let low = Int(edgeStart[state])
                let high = Int(edgeStart[state + 1])
                for slot in 0..<labelCount {
                    let label = item.label(slot)
                    // Edges are sorted by label within a state: the first edge with this label, by binary search.
                    var lower = low
                    var upper = high
                    while lower < upper {
                        let middle = (lower + upper) / 2
                        if edgeLabel[middle] < label { lower = middle + 1 } else { upper = middle }
                    }
                    var edge = lower
                    while edge < high, edgeLabel[edge] == label {
                        push(
                            PathStep(
                                state: edgeTarget[edge],
                                score: step.score + item.gain,
                                back: index,
                                edge: Int32(edge),
                                item: itemIndex
                            )
                        )
                        edge += 1
                    }
                }
                push(
                    PathStep(
                        state: step.state,
                        score: step.score - item.skipCost,
                        back: index,
                        edge: -1,
                        item: itemIndex
                    )
                )
            }
            for slot in 0..<labelCount {
                guard let starts = startingEdges(item.label(slot)) else { continue }
                for edge in starts {
                    push(
                        PathStep(
                            state: edgeTarget[Int(edge)],
                            score: item.gain - prefixCost,
                            back: -1,
                            edge: edge,
                            item: itemIndex
                        )
                    )
                }
            }
            prefixCost += item.skipCost
            for index in next { bestScore = max(bestScore, trail[Int(index)].score) }
            active.removeAll(keepingCapacity: true)
            for index in next where trail[Int(index)].score >= bestScore - Self.beam { active.append(index) }
        }
        // The best final step of each template: few templates end on the last item, so a sorted list will do.
        var ends: [(template: Int32, score: Float, step: Int32)] = []
        for index in active {
            let step = trail[Int(index)]
            let template = accepting[Int(step.state)]
            guard template >= 0 else { continue }
            ends.append((template, step.score, index))
        }
        // A tie goes to the earlier step, as it always has.
        ends.sort {
            $0.template != $1.template
                ? $0.template < $1.template : $0.score != $1.score ? $0.score > $1.score : $0.step < $1.step
        }
        var best: [(template: Int32, score: Float, step: Int32)] = []
        for end in ends where best.last?.template != end.template { best.append(end) }
        return MatchResult(trail: trail, best: best)
    }

    /// The steps of the path ending at `step`, first to last.
    static func path(_ trail: [PathStep], from step: Int32) -> [PathStep] {
        var count = 0
        var index = step
        while index >= 0 {
            count += 1
            index = trail[Int(index)].back
        }
        index = step
        return [PathStep](unsafeUninitializedCapacity: count) { buffer, initialized in
            var place = count
            while index >= 0 {
                place -= 1
                buffer.initializeElement(at: place, to: trail[Int(index)])
                index = trail[Int(index)].back
            }
            initialized = count
        }
    }

    /// An entity found by `longestMatch`.
    struct EntityMatch {
        var template: Int
        var end: Int
        var number: Int?
        /// The second number taken, for `=> n + m`.
        var secondNumber: Int?
        var words: Range<Int>?
    }

    /// The longest template match that starts exactly at `start` and consumes every item up to its end.
    ///
    /// `wordLabels` are the labels of free words (`word`, `proper`): their span is reported, and a number they
    /// consume is not taken as the entity's number.
    func longestMatch(
        _ items: [MatchItem],
        from start: Int,
        numbers: [Int?],
        wordLabels: (Int32, Int32)
    )
        -> EntityMatch?
    {
        struct Entry {
            var state: Int32
            var number: Int?
            var secondNumber: Int?
            var wordStart: Int
            var wordEnd: Int
        }
        var active: [Entry] = []
        var next: [Entry] = []
        var found: EntityMatch?
        var position = start
        while position < items.count {
            let item = items[position]
            next.removeAll(keepingCapacity: true)
            func advance(_ entry: Entry, _ edge: Int) {
                var moved = entry
                moved.state = edgeTarget[edge]
                let label = edgeLabel[edge]
                let isWord = label == wordLabels.0 || label == wordLabels.1
                if label < 0, !isWord, let value = numbers[position] {
                    if moved.number == nil {
                        moved.number = value
                    } else if moved.secondNumber == nil {
                        moved.secondNumber = value
                    }
                }
                if isWord {
                    if moved.wordStart < 0 { moved.wordStart = position }
                    moved.wordEnd = position + 1
                }
                if !next.contains(where: { $0.state == moved.state }) { next.append(moved) }
            }
            if position == start {
                for slot in 0..<item.labelCount {
                    guard let starts = startingEdges(item.label(slot)) else { continue }
                    for edge in starts {
                        advance(Entry(state: -1, wordStart: -1, wordEnd: -1), Int(edge))
                    }
                }
            } else {
                for entry in active {
                    let state = Int(entry.state)
                    for edge in Int(edgeStart[state])..<Int(edgeStart[state + 1]) where item.has(edgeLabel[edge]) {
                        advance(entry, edge)
                    }
                }
            }
            if next.isEmpty { break }
            position += 1
            for entry in next where accepting[Int(entry.state)] >= 0 {
                let template = Int(accepting[Int(entry.state)])
                if found == nil || found?.end != position || template < (found?.template ?? .max) {
                    found = EntityMatch(
                        template: template,
                        end: position,
                        number: entry.number,
                        secondNumber: entry.secondNumber,
                        words: entry.wordStart >= 0 ? entry.wordStart..<entry.wordEnd : nil
                    )
                }
            }
            swap(&active, &next)
        }
        return found
    }
}
