public import Foundation

/// A problem in a club file, worded for the club owner who has to fix it.
///
/// The description reads like a compiler diagnostic, `Config/club.yaml:42: locations[1].bays[2].capacity: must be
/// between 1 and 6, got 9`, so editors and terminals can jump to the line. Member values (phones, emails) are
/// never repeated in the text, which keeps personal data out of logs.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// The file as the caller named it.
    public var file: String
    /// The line, starting at 1, when the YAML parser reported one.
    public var line: Int?
    /// The column, starting at 1; only syntax errors carry one.
    public var column: Int?
    /// Where in the document, such as `locations[1].bays[2].capacity`; empty for the whole file.
    public var keyPath: String
    /// What is wrong, such as `must be between 1 and 6, got 9`.
    public var problem: String

    public init(file: String, line: Int? = nil, column: Int? = nil, keyPath: String = "", problem: String) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.problem = problem
    }

    /// `file:line[:column]: key.path: problem`.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let column { text += ":\(column)" }
        if !keyPath.isEmpty { text += ": \(keyPath)" }
        return text + ": " + problem
    }

    /// The same text as `description`, for code that shows `localizedDescription`.
    public var errorDescription: String? { description }
}
