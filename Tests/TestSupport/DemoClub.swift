public import ClubConfig
import Foundation

/// The demo club in `Config/club.yaml`, for tests that need a realistic club without writing one.
public enum DemoClub {
    /// The absolute path of `Config/club.yaml`, found by walking up from this file to the package root.
    ///
    /// Walking up from `#filePath` keeps tests independent of the directory `swift test` runs in.
    public static var configPath: String {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("Config/club.yaml")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate.path }
            directory.deleteLastPathComponent()
        }
        return "Config/club.yaml"
    }

    /// The absolute path of a file or folder at the package root, such as `Grammars` or `Fixtures/dialogues`.
    public static func repositoryPath(_ relative: String) -> String {
        var directory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate.path }
            directory.deleteLastPathComponent()
        }
        return relative
    }

    /// Loads and validates the demo club; throws `ConfigError` if someone broke the file.
    public static func load() throws -> ClubFile {
        try ClubConfigLoader.load(path: configPath)
    }
}
