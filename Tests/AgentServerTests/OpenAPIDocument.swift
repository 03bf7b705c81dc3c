import Foundation
import Yams

/// `openapi/clubos-webhook.yaml`, read with Yams, and a checker for JSON bodies against its schemas.
///
/// It checks what the contract promises a client: required properties are present, every property
/// has its declared type (`type` may be a list, e.g. `[string, 'null']`), enums hold, and `$ref`s and
/// arrays are followed. That is the part of JSON Schema the document uses.
struct OpenAPIDocument: @unchecked Sendable {  // Immutable after `load()`.

    let root: [String: Any]

    static func load() throws -> OpenAPIDocument {
        let path = RepositoryPath.resolve("openapi/clubos-webhook.yaml")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard let root = try Yams.load(yaml: text) as? [String: Any] else { throw HarnessError.missing(path) }
        return OpenAPIDocument(root: root)
    }

    /// The schema of the JSON response of `method` `path` with `status`.
    func responseSchema(_ method: String, _ path: String, status: Int) -> [String: Any]? {
        let paths = root["paths"] as? [String: Any]
        let operation = (paths?[path] as? [String: Any])?[method.lowercased()] as? [String: Any]
        let responses = operation?["responses"] as? [String: Any]
        let response = responses?[String(status)] as? [String: Any]
        let content = response?["content"] as? [String: Any]
        let json = content?["application/json"] as? [String: Any]
        return json?["schema"] as? [String: Any]
    }

    /// The problems of `body` against the response schema; empty when it matches.
    func problems(_ method: String, _ path: String, status: Int, body: Data) -> [String] {
        guard let schema = responseSchema(method, path, status: status) else {
            return ["no JSON response \(status) documented for \(method) \(path)"]
        }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: body) else { return ["body is not JSON"] }
        return problems(value, schema: schema, at: "$")
    }

    private func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let reference = schema["$ref"] as? String, reference.hasPrefix("#/") else { return schema }
        var node: Any? = root
        for part in reference.dropFirst(2).split(separator: "/") {
            node = (node as? [String: Any])?[String(part)]
        }
        return (node as? [String: Any]).map(resolve) ?? [:]
    }

    private func problems(_ value: JSONValue, schema unresolved: [String: Any], at path: String) -> [String] {
        let schema = resolve(unresolved)
        let types: [String] = (schema["type"] as? [String]) ?? (schema["type"] as? String).map { [$0] } ?? []
        if !types.isEmpty, !types.contains(where: value.matches) {
            return ["\(path): expected \(types.joined(separator: " or ")), got \(value)"]
        }
        var found: [String] = []
        if let choices = schema["enum"] as? [Any], case .string(let text) = value,
            !choices.contains(where: { ($0 as? String) == text })
        {
            found.append("\(path): '\(text)' is not one of \(choices)")
        }
        if case .object(let object) = value {
            for key in (schema["required"] as? [String]) ?? [] where object[key] == nil {
                found.append("\(path): required property '\(key)' is missing")
            }
            let properties = (schema["properties"] as? [String: Any]) ?? [:]
            for (key, property) in object {
                guard let propertySchema = properties[key] as? [String: Any] else {
                    found.append("\(path): property '\(key)' is not in the document")
                    continue
                }
                found += problems(property, schema: propertySchema, at: "\(path).\(key)")
            }
        }
        if case .array(let array) = value, let items = schema["items"] as? [String: Any] {
            for (index, item) in array.enumerated() {
                found += problems(item, schema: items, at: "\(path)[\(index)]")
            }
        }
        return found
    }
}

/// Any JSON value, decoded so that `true` and `1` stay different.
enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Whether the value is of the JSON Schema type `type`.
    func matches(_ type: String) -> Bool {
        switch (self, type) {
        case (.null, "null"), (.bool, "boolean"), (.string, "string"), (.array, "array"), (.object, "object"),
            (.number, "number"):
            true
        case (.number(let value), "integer"): value.rounded() == value
        default: false
        }
    }
}
