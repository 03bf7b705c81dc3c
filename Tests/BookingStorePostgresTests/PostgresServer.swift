import BookingStorePostgres
import Foundation
import Logging
import PostgresNIO

/// A throwaway PostgreSQL server for this test process, on 127.0.0.1 and a free port, from Debian's
/// `postgresql` package (which `.ci/run` installs).
///
/// Started once, on first use, in a temporary folder; a small shell loop beside it stops it and
/// removes the folder when the test process is gone. Each test gets its own database.
final class PostgresServer: Sendable {
    let port: Int
    let user = "booking"

    static let shared: Result<PostgresServer, PostgresServerError> = {
        do throws(PostgresServerError) {
            return .success(try PostgresServer.start())
        } catch {
            return .failure(error)
        }
    }()

    private init(port: Int) {
        self.port = port
    }

    /// Makes the server end every connection to `database`, as a restart would.
    static func dropConnections(to database: String) async throws {
        try await admin { connection, logger in
            try await connection.query(
                """
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = \(database) AND pid <> pg_backend_pid()
                """,
                logger: logger
            )
        }
    }

    /// Runs `body` on a connection to the server's `postgres` database.
    private static func admin(
        _ body: (PostgresConnection, Logger) async throws -> Void
    ) async throws {
        let server = try shared.get()
        let logger = Logger(label: "PostgresServer")
        let connection = try await PostgresConnection.connect(
            configuration: .init(
                host: "127.0.0.1",
                port: server.port,
                username: server.user,
                password: nil,
                database: "postgres",
                tls: .disable
            ),
            id: 0,
            logger: logger
        )
        do {
            try await body(connection, logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    /// A new, empty database on the shared server.
    static func database() async throws -> PostgresSettings {
        let server = try shared.get()
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await admin { connection, logger in
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        return PostgresSettings(host: "127.0.0.1", port: server.port, username: server.user, database: name)
    }

    /// Runs `body` with `count` stores (agent instances) on one new database (or `settings`'), closing them
    /// however it ends.
    static func withStores(
        _ count: Int,
        settings given: PostgresSettings? = nil,
        _ body: ([PostgresBookingStore]) async throws -> Void
    ) async throws {
        let settings: PostgresSettings
        if let given { settings = given } else { settings = try await database() }
        var stores: [PostgresBookingStore] = []
        do {
            for _ in 0..<count { stores.append(try await PostgresBookingStore.open(settings)) }
            try await body(stores)
        } catch {
            for store in stores { await store.close() }
            throw error
        }
        for store in stores { await store.close() }
    }

    private static func start() throws(PostgresServerError) -> PostgresServer {
        guard let binaries = binaryDirectory() else {
            throw .missing("PostgreSQL's server programs (initdb, postgres): apt-get install postgresql")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("booking-pg-\(UUID().uuidString)")
        let data = folder.appendingPathComponent("data").path
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw .missing("a temporary folder: \(error)")
        }
        // PostgreSQL refuses to run as root; as root, run it as the package's `postgres` user.
        let asRoot = getuid() == 0
        if asRoot {
            try run("/bin/chown", ["-R", "postgres", folder.path])
        }
        try run(
            "\(binaries)/initdb",
            ["-D", data, "-U", "booking", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"],
            asPostgres: asRoot
        )
        let port = freePort()
        let script = """
            "$0/postgres" -D "$1" -p "$2" -k "$3" -c listen_addresses=127.0.0.1 -c fsync=off \
              -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 >"$3/server.log" 2>&1 &
            server=$!
            while [ -d "/proc/$4" ] && kill -0 "$server" 2>/dev/null; do sleep 1; done
            kill -INT "$server" 2>/dev/null; wait "$server"; rm -rf "$3"
            """
        let process = Process()
        let arguments = [
            "-c", script, binaries, data, "\(port)", folder.path, "\(ProcessInfo.processInfo.processIdentifier)",
        ]
        if asRoot {
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = ["-u", "postgres", "--", "/bin/sh"] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = arguments
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw .failed("starting postgres: \(error)")
        }
        // Ready when pg_isready says so; a generous bound for a slow first start.
        for _ in 0..<300 {
            if (try? run("\(binaries)/pg_isready", ["-h", "127.0.0.1", "-p", "\(port)", "-q"])) != nil {
                return PostgresServer(port: port)
            }
            guard process.isRunning else { break }
            usleep(100_000)
        }
        let log = (try? String(contentsOfFile: folder.appendingPathComponent("server.log").path, encoding: .utf8)) ?? ""
        throw .failed("postgres did not start on port \(port): \(log)")
    }

    /// The newest `/usr/lib/postgresql/<version>/bin` with initdb, or `$BOOKING_TEST_PG_BIN`.
    private static func binaryDirectory() -> String? {
        if let configured = ProcessInfo.processInfo.environment["BOOKING_TEST_PG_BIN"] { return configured }
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return versions.compactMap(Int.init).sorted().reversed().map { "\(root)/\($0)/bin" }
            .first { FileManager.default.isExecutableFile(atPath: "\($0)/initdb") }
    }

    private static func run(
        _ program: String,
        _ arguments: [String],
        asPostgres: Bool = false
    ) throws(PostgresServerError) {
        let process = Process()
        if asPostgres {
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = ["-u", "postgres", "--", program] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
        }
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw .failed("\(program): \(error)")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw .failed("\(program) \(arguments.joined(separator: " ")): \(message)")
        }
    }

    /// A port nothing listens on right now (the kernel's pick for port 0).
    private static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: bound.sin_port))
    }
}

/// Why the test PostgreSQL server is not there.
enum PostgresServerError: Error, CustomStringConvertible {
    case missing(String)
    case failed(String)

    var description: String {
        switch self {
        case .missing(let what): "missing \(what)"
        case .failed(let what): "PostgreSQL test server: \(what)"
        }
    }
}
