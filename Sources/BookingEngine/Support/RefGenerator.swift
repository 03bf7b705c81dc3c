import Foundation
import Synchronization

/// Makes booking references such as `K7Q-4M2`: short enough to read over the phone, without the
/// letters and digits people confuse (0/O, 1/I/L).
public struct RefGenerator: Sendable {
    static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
    private let source: @Sendable () -> UInt64

    /// References from the system's random generator.
    public static var random: RefGenerator {
        RefGenerator { UInt64.random(in: .min ... .max) }
    }

    /// A repeatable sequence, for tests and benchmarks.
    public static func seeded(_ seed: UInt64) -> RefGenerator {
        let state = Mutex(seed)
        return RefGenerator {
            state.withLock { value in
                // SplitMix64: small, fast and good enough to spread codes evenly.
                value &+= 0x9E37_79B9_7F4A_7C15
                var mixed = value
                mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
                mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
                return mixed ^ (mixed >> 31)
            }
        }
    }

    init(source: @escaping @Sendable () -> UInt64) {
        self.source = source
    }

    /// The next reference.
    public func next() -> String {
        var bits = source()
        var characters: [Character] = []
        for index in 0..<6 {
            if index == 3 { characters.append("-") }
            characters.append(Self.alphabet[Int(bits % UInt64(Self.alphabet.count))])
            bits /= UInt64(Self.alphabet.count)
        }
        return String(characters)
    }

    /// Whether a text has the shape of a reference (case-insensitive).
    public static func looksLikeRef(_ text: String) -> Bool {
        let upper = Array(text.uppercased())
        guard upper.count == 7, upper[3] == "-" else { return false }
        return upper.enumerated().allSatisfy { $0.offset == 3 || alphabet.contains($0.element) }
    }
}
