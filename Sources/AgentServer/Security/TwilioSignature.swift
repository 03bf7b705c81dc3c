import Crypto
import Foundation

/// Twilio's request signature: `X-Twilio-Signature`, the base64 HMAC-SHA1 of the full URL Twilio posted to
/// followed by every form parameter sorted by name, each as name then value, keyed with the auth token.
public struct TwilioSignature: Sendable {
    /// The secret's bytes; `SymmetricKey` is not `Sendable`, so a key is made per use.
    let secret: [UInt8]
    var key: SymmetricKey { SymmetricKey(data: secret) }

    /// A verifier for the account's `authToken`.
    public init(authToken: String) {
        self.secret = Array(authToken.utf8)
    }

    /// The header value Twilio sends for a post of `parameters` to `url`.
    public func signature(url: String, parameters: [(name: String, value: String)]) -> String {
        var text = url
        // Twilio sorts by name, then by value for repeated names, comparing bytes.
        let sorted = parameters.sorted { left, right in
            if left.name != right.name {
                return Array(left.name.utf8).lexicographicallyPrecedes(Array(right.name.utf8))
            }
            return Array(left.value.utf8).lexicographicallyPrecedes(Array(right.value.utf8))
        }
        for parameter in sorted { text += parameter.name + parameter.value }
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(text.utf8), using: key)
        return Data(mac).base64EncodedString()
    }

    /// Whether `header` is the signature of `parameters` posted to `url`, compared in constant time.
    public func isValid(_ header: String?, url: String, parameters: [(name: String, value: String)]) -> Bool {
        guard let header, !header.isEmpty else { return false }
        let expected = signature(url: url, parameters: parameters)
        return ConstantTime.equal(Array(expected.utf8), Array(header.utf8))
    }
}
