import Foundation
import TestSupport

/// Runs the built `booking` executable, as a script or a staff member would.
struct CLI {
    struct Result: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String

        /// Standard output parsed as JSON.
        func json() throws -> Any {
            try JSONSerialization.jsonObject(with: Data(stdout.utf8))
        }
    }

    let directory: URL
    let database: String

    /// A fresh working directory with its own database file.
    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("booking-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = directory.appendingPathComponent("booking.sqlite").path
    }

    /// The `booking` binary next to the test bundle in the build directory.
    static var executable: URL { BookingBinary.url }

    /// Starts `booking` with the demo club, this test's database and a fixed clock.
    func process(_ arguments: [String], now: String = "2026-11-25T10:00:00-04:00") throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments + ["--db", database, "--config", DemoClub.configPath, "--now", now]
        process.currentDirectoryURL = directory
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    /// Runs `booking` to completion.
    func run(_ arguments: [String], now: String = "2026-11-25T10:00:00-04:00") throws -> Result {
        let (process, out, err) = try process(arguments, now: now)
        return Self.finish(process, out, err)
    }

    /// Runs `booking` with exactly `arguments` (for commands without a database or a clock).
    func runWithoutStore(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let (out, err) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return Self.finish(process, out, err)
    }

    static func finish(_ process: Process, _ out: Pipe, _ err: Pipe) -> Result {
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self)
        )
    }

    func removeAll() {
        try? FileManager.default.removeItem(at: directory)
    }
}
