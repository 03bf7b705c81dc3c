import Foundation
import TestSupport
import Testing

@Suite("booking repl, piped and on a terminal")
struct ReplTests {
    static let now = "2026-11-25T10:00:00-04:00"

    func replArguments(_ cli: CLI) -> [String] {
        [
            "repl", "--as", "902-555-0101", "--db", cli.database, "--config", DemoClub.configPath,
            "--grammars", DemoClub.repositoryPath("Grammars"), "--now", Self.now,
        ]
    }

    @Test func pipedInputIsOneTurnPerLine() throws {
        let cli = try CLI()
        defer { cli.removeAll() }
        let (process, input, output) = try start(CLI.executable, replArguments(cli))
        input.write(Data("bedford tomorrow at 7 for 2 hours\nyes\n".utf8))
        try input.close()
        let text = String(decoding: output.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.contains("Bay 1 at Bedford, Thu Nov 26, 7:00-9:00 pm"))
        #expect(text.contains("Reply YES"))
        #expect(text.contains("Booked!"))
        #expect(!text.contains("\u{1B}["), "no colour codes when piped")
        let list = try cli.run(["bookings", "list", "--date", "2026-11-26", "--json"])
        #expect((try list.json() as? [[String: Any]])?.count == 1)
    }

    /// Runs the REPL under `script`, which gives it a real pseudo-terminal, types `lines`, and returns the
    /// screen's bytes.
    func onATerminal(_ cli: CLI, lines: [String], environment: [String: String] = [:]) throws -> String {
        let command = ([CLI.executable.path] + replArguments(cli)).map { "'\($0)'" }.joined(separator: " ")
        let (process, input, output) = try start(
            URL(fileURLWithPath: "/usr/bin/script"),
            ["-qec", command, "/dev/null"],
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }
        )
        for line in lines { input.write(Data((line + "\n").utf8)) }
        let text = String(decoding: output.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try? input.close()
        return text
    }

    /// Starts `executable` with pipes for its input and output; what it writes to standard error is not read.
    func start(
        _ executable: URL,
        _ arguments: [String],
        environment: [String: String]? = nil
    ) throws -> (process: Process, input: FileHandle, output: FileHandle) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        return (process, input.fileHandleForWriting, output.fileHandleForReading)
    }

    /// A wording file with a placeholder its key does not have stops the agent before it says anything,
    /// naming the file and the line.
    @Test func aBrokenWordingFileStopsStartUpWithItsFileAndLine() throws {
        let cli = try CLI()
        defer { cli.removeAll() }
        let grammars = cli.directory.appendingPathComponent("Grammars")
        try FileManager.default.copyItem(atPath: DemoClub.repositoryPath("Grammars"), toPath: grammars.path)
        let replies = grammars.appendingPathComponent("en/replies.yaml")
        var lines = try String(contentsOf: replies, encoding: .utf8).components(separatedBy: "\n")
        let index = try #require(lines.firstIndex { $0.hasPrefix("booked:") })
        lines[index] = #"booked: "Booked! Your reference is {reference}.""#
        try lines.joined(separator: "\n").write(to: replies, atomically: true, encoding: .utf8)
        var arguments = replArguments(cli)
        let at = try #require(arguments.firstIndex(of: "--grammars"))
        arguments[at + 1] = grammars.path
        let (process, out, err) = try cli.process(Array(arguments.dropLast(2)), now: Self.now)
        let result = CLI.finish(process, out, err)
        #expect(result.status != 0)
        #expect(result.stderr.contains("replies.yaml:\(index + 1):"), "\(result.stderr)")
        #expect(result.stderr.contains("{reference}"), "\(result.stderr)")
        #expect(!result.stdout.contains("chatting as"), "the agent did not start")
    }

    /// Without libedit (`BOOKING_NO_LIBEDIT=1`, as on a machine that lacks it) the prompt is written as is: its
    /// colour escapes reach the terminal whole, with no libedit markers.
    @Test func withoutLibeditThePromptIsWrittenWhole() throws {
        let cli = try CLI()
        defer { cli.removeAll() }
        let text = try onATerminal(cli, lines: ["hi", ":quit"], environment: ["BOOKING_NO_LIBEDIT": "1"])
        #expect(text.contains("\u{1B}[1;32myou>\u{1B}[0m "), "\(text.debugDescription)")
        let bytes = Array(text.utf8)
        #expect(!bytes.contains(0x01) && !bytes.contains(0x02), "no libedit markers")
        #expect(text.contains("I can book a simulator bay"))
        // libedit echoes each line after its prompt; here the terminal echoed the typing as it arrived.
        #expect(!text.contains("you>\u{1B}[0m hi"), "libedit was used: \(text.debugDescription)")
    }

    /// Runs the REPL under `script`, which gives it a real pseudo-terminal.
    @Test func onATerminalItPromptsColoursAndKeepsState() throws {
        let cli = try CLI()
        defer { cli.removeAll() }
        let text = try onATerminal(cli, lines: ["hi", "bedford tomorrow at 7pm", ":state", "yes", ":quit"])
        // The prompt's colour reaches the screen whole: libedit is told the escapes print nothing, so it
        // neither drops their ESC byte (which showed a literal "[1;32myou>") nor shows its markers.
        #expect(text.contains("\u{1B}[1;32myou>\u{1B}[0m "), "the prompt is green on a terminal, the typing is not")
        let bytes = Array(text.utf8)
        let bracket = Array("[1;32m".utf8)
        for index in bytes.indices where bytes[index...].starts(with: bracket) {
            #expect(index > 0 && bytes[index - 1] == 0x1B, "an escape sequence lost its ESC byte")
        }
        #expect(!bytes.contains(0x01) && !bytes.contains(0x02), "libedit's markers are not printed")
        #expect(text.contains("\u{1B}[36m"), "replies are coloured on a terminal")
        #expect(text.contains("chatting as Alex MacDonald"))
        #expect(text.contains("\"phase\":\"confirming\""))
        #expect(text.contains("Booked!"))
    }
}
