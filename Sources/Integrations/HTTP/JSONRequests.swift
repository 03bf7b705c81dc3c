import Foundation

/// Request building and response reading shared by the clients.
enum JSONRequests {
    /// A JSON body, keys sorted so the bytes are stable for tests and logs.
    static func body<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// `base` with `path` appended, keeping any path the base already has.
    static func url(_ base: URL, _ path: String, query: [URLQueryItem] = []) -> URL {
        var components = URLComponents(url: base, resolvingAgainstBaseURL: false) ?? URLComponents()
        let basePath = components.path.hasSuffix("/") ? String(components.path.dropLast()) : components.path
        components.percentEncodedPath = basePath + path
        if !query.isEmpty { components.queryItems = query }
        return components.url ?? base
    }

    /// A path segment percent-encoded so an id or a phone number cannot change the path.
    static func segment(_ value: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    /// Throws the status (and the service's error code, when the body has one) unless the response is 2xx.
    static func check(_ response: HTTPResponse, _ service: IntegrationService) throws {
        guard response.isSuccess else {
            throw IntegrationError(service, .status(response.status, code: errorCode(in: response.body)))
        }
    }

    /// Decodes a 2xx body, or throws a shape error that names the type, not the body.
    static func decode<T: Decodable>(
        _ type: T.Type,
        _ response: HTTPResponse,
        _ service: IntegrationService
    ) throws -> T {
        try check(response, service)
        do {
            return try JSONDecoder().decode(type, from: response.body)
        } catch {
            throw IntegrationError(service, .unexpectedResponse("not a \(type)"))
        }
    }

    /// A short error code from a JSON error body (`code`, `error`, `category`), if it is a plain short token.
    private static func errorCode(in body: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return nil }
        for key in ["code", "error", "category"] {
            if let value = object[key] as? String, value.count <= 64,
                value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." })
            {
                return value
            }
        }
        return nil
    }

    /// `application/x-www-form-urlencoded` text, encoded strictly (a `+` in a phone number stays a plus).
    static func form(_ fields: [(String, String)]) -> Data {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let text = fields.map { name, value in
            let encodedName = name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name
            let encodedValue = value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
            return "\(encodedName)=\(encodedValue)"
        }
        .joined(separator: "&")
        return Data(text.utf8)
    }
}
