import Crypto
public import Foundation

/// ClubOS V3's webhook signature: `X-ClubOS-Signature: sha256=<hex>`, the HMAC-SHA256 of
/// `<X-ClubOS-Timestamp>.<raw body>` keyed with the shared secret.
///
/// The timestamp is inside the MAC, so a captured request cannot be replayed after the tolerance; the
/// hex digests are compared in constant time, so the comparison leaks nothing about the right one.
public struct ClubOSSignature: Sendable {
    /// Why a request was refused; the names appear in logs and metrics, never the values.
    public enum Failure: String, Error, Equatable, Sendable {
        case missingTimestamp = "missing_timestamp"
        case missingSignature = "missing_signature"
        case malformedTimestamp = "malformed_timestamp"
        case staleTimestamp = "stale_timestamp"
        case wrongSignature = "wrong_signature"
    }

    /// The secret's bytes; `SymmetricKey` is not `Sendable`, so a key is made per use.
    let secret: [UInt8]
    var key: SymmetricKey { SymmetricKey(data: secret) }
    let tolerance: TimeInterval

    /// A verifier for the shared `secret`, accepting timestamps within `tolerance` seconds of now.
    public init(secret: String, tolerance: TimeInterval = 300) {
        self.secret = Array(secret.utf8)
        self.tolerance = tolerance
    }

    /// The header value for `body` sent at `timestamp`: what ClubOS sends, and what tests and the load run send.
    public func signature(timestamp: String, body: some DataProtocol) -> String {
        "sha256=" + Hex.string(mac(timestamp: timestamp, body: body))
    }

    /// The raw HMAC-SHA256 of `<timestamp>.<body>`.
    func mac(timestamp: String, body: some DataProtocol) -> [UInt8] {
        var mac = HMAC<SHA256>(key: key)
        mac.update(data: Array((timestamp + ".").utf8))
        mac.update(data: body)
        return Array(mac.finalize())
    }

    /// Checks the headers against the body at `now`; throws the first thing wrong.
    public func verify(timestamp: String?, signature: String?, body: some DataProtocol, now: Date) throws(Failure) {
        guard let timestamp, !timestamp.isEmpty else { throw .missingTimestamp }
        guard let signature, !signature.isEmpty else { throw .missingSignature }
        guard timestamp.utf8.count <= 12, timestamp.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            let seconds = Double(timestamp)
        else {
            throw .malformedTimestamp
        }
        guard abs(now.timeIntervalSince1970 - seconds) <= tolerance else { throw .staleTimestamp }
        // The header's hex is decoded and the digests compared as bytes, in constant time.
        guard signature.hasPrefix("sha256="), let given = Hex.bytes(signature.utf8.dropFirst(7)) else {
            throw .wrongSignature
        }
        guard ConstantTime.equal(mac(timestamp: timestamp, body: body), given) else { throw .wrongSignature }
    }
}

/// Comparisons whose time does not depend on where the inputs differ.
enum ConstantTime {
    static func equal(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        // Lengths are public (the format fixes them), so an early length check leaks nothing secret.
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}

/// Lower-case hex of a digest.
enum Hex {
    static func string(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The bytes of lower-case hex, as `string` writes it; nil for anything else or an odd length.
    static func bytes(_ text: some Collection<UInt8>) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count / 2)
        var high: UInt8?
        for character in text {
            let value: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = character - UInt8(ascii: "a") + 10
            default: return nil
            }
            if let first = high {
                bytes.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return bytes
    }
}
