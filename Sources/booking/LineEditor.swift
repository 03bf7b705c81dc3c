import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines for the REPL: libedit's line editing and history when the library is on the
/// machine (loaded at run time, so building needs no headers), plain lines otherwise.
final class LineEditor {
    private typealias ReadLine = @convention(c) (UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar>?
    private typealias AddHistory = @convention(c) (UnsafePointer<CChar>?) -> Int32

    private let readLine: ReadLine?
    private let addHistory: AddHistory?

    /// Whether standard input and output are a terminal.
    static var isInteractive: Bool { isatty(0) == 1 && isatty(1) == 1 }

    /// `BOOKING_NO_LIBEDIT=1` reads plain lines on a terminal too, as on a machine without libedit.
    init(interactive: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard interactive, environment["BOOKING_NO_LIBEDIT"] != "1" else {
            readLine = nil
            addHistory = nil
            return
        }
        let names = ["libedit.so.2", "libedit.so", "libedit.dylib", "libedit.3.dylib"]
        let handle = names.lazy.compactMap { dlopen($0, RTLD_NOW) }.first
        readLine = handle.flatMap { dlsym($0, "readline") }.map { unsafeBitCast($0, to: ReadLine.self) }
        addHistory = handle.flatMap { dlsym($0, "add_history") }.map { unsafeBitCast($0, to: AddHistory.self) }
    }

    /// The next line without its newline, or nil at end of input.
    func read(prompt: String) -> String? {
        if let readLine {
            guard let raw = Self.markingEscapes(prompt).withCString({ readLine($0) }) else { return nil }
            defer { free(raw) }
            let line = String(cString: raw)
            if !line.trimmingCharacters(in: .whitespaces).isEmpty, let addHistory {
                _ = line.withCString { addHistory($0) }
            }
            return line
        }
        if !prompt.isEmpty {
            FileHandle.standardOutput.write(Data(prompt.utf8))
        }
        return Swift.readLine(strippingNewline: true)
    }

    /// The prompt with each terminal escape sequence between libedit's "not printed" markers (\u{1} and
    /// \u{2}, readline's RL_PROMPT_START_IGNORE and RL_PROMPT_END_IGNORE): unmarked, libedit counts the
    /// sequence as text and drops its ESC byte, so the screen shows `[1;32m`.
    static func markingEscapes(_ prompt: String) -> String {
        var marked = ""
        var inEscape = false
        for scalar in prompt.unicodeScalars {
            if scalar == "\u{1B}" {
                marked.unicodeScalars.append("\u{1}")
                inEscape = true
            }
            marked.unicodeScalars.append(scalar)
            if inEscape, scalar.properties.isAlphabetic {
                marked.unicodeScalars.append("\u{2}")
                inEscape = false
            }
        }
        return marked
    }
}
