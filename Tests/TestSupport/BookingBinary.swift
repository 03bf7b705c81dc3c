public import Foundation

/// The built `booking` executable, for tests that run it as a process the way staff and scripts do.
public enum BookingBinary {
    /// The `booking` binary in the build folder that holds the running test bundle.
    public static var url: URL {
        var directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("booking")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/booking")
    }
}
