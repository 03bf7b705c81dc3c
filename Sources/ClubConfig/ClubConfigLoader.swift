import BookingCore
import Foundation
import Yams

/// Reads and validates a club file, so the rest of the agent can trust every value it gets.
///
/// Validation is by hand over Yams' node tree rather than through `Codable`: that way every error names the
/// file, the key path and the line, and says what a good value looks like.
public enum ClubConfigLoader {
    /// Club files are a few kilobytes; anything far larger is a mistake, and refusing it bounds parse time.
    public static let maximumFileBytes = 1 << 20

    /// Loads the club file at `path`; errors name `path` as given.
    public static func load(path: String) throws -> ClubFile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigError(file: path, problem: "cannot read the file (\(readProblem(error)))")
        }
        guard data.count <= maximumFileBytes else {
            throw ConfigError(file: path, problem: "the file is \(data.count) bytes; at most \(maximumFileBytes)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, problem: "the file is not UTF-8 text")
        }
        return try parse(yaml: text, file: path)
    }

    /// Parses club YAML held in memory; `file` is only used to name the source in errors.
    public static func parse(yaml: String, file: String) throws -> ClubFile {
        guard yaml.utf8.count <= maximumFileBytes else {
            throw ConfigError(file: file, problem: "the text is \(yaml.utf8.count) bytes; at most \(maximumFileBytes)")
        }
        try checkNesting(yaml, file: file)
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        } catch {
            throw ConfigError(file: file, problem: "YAML syntax error")
        }
        guard let root, !ConfigNode(node: root, path: "", file: file).isNull else {
            throw ConfigError(
                file: file,
                problem: "the file is empty; expected the club settings (name, locations, ...)"
            )
        }
        return try readClubFile(ConfigNode(node: root, path: "", file: file))
    }

    private static func readProblem(_ error: Error) -> String {
        let nsError = error as NSError
        if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileReadNoSuchFileError { return "no such file" }
        return "\(nsError.localizedDescription)"
    }

    /// Yams' own messages include the whole document for duplicate keys; keep only what locates the problem.
    private static func syntaxError(_ error: YamlError, file: String) -> ConfigError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return ConfigError(
                file: file,
                line: mark.line,
                column: mark.column,
                problem: "YAML syntax error: \(problem)"
            )
        case .reader(let problem, _, _, _):
            return ConfigError(file: file, problem: "YAML syntax error: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            return ConfigError(file: file, line: context.mark.line, problem: "duplicate key \(keys)")
        default:
            return ConfigError(file: file, problem: "YAML syntax error")
        }
    }

    /// Yams builds its tree recursively, so absurd nesting would exhaust the stack; no club file nests this deep.
    private static func checkNesting(_ yaml: String, file: String) throws {
        let limit = 64
        var flowDepth = 0
        var lineNumber = 0
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var indent = 0
            var indicators = 0
            var atLineStart = true
            var previous: Character = " "
            var quote: Character?
            for character in line {
                if let open = quote {
                    if character == open { quote = nil }
                } else if character == "#" && previous.isWhitespace {
                    break
                } else if character == "\"" || character == "'" {
                    quote = character
                } else if character == "[" || character == "{" {
                    flowDepth += 1
                } else if character == "]" || character == "}" {
                    flowDepth -= 1
                } else if (character == "-" || character == "?") && previous.isWhitespace {
                    indicators += 1
                }
                if atLineStart && character == " " { indent += 1 } else { atLineStart = false }
                previous = character
                if flowDepth > limit || indicators > limit || indent > limit * 4 {
                    throw ConfigError(file: file, line: lineNumber, problem: "nested too deeply for a club file")
                }
            }
        }
    }
}
