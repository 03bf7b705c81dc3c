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

    init(interactive: Bool) {
        guard interactive else {
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
            guard let raw = prompt.withCString({ readLine($0) }) else { return nil }
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
}
