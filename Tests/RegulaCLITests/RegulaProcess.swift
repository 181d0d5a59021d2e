import Foundation
import XCTest

/// What one run of the `regula` binary did.
struct ProcessResult: Equatable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built `regula` executable (the one SwiftPM builds next to the test bundle).
enum RegulaProcess {
    /// `.build/<triple>/debug/regula`, found from the test bundle's location; the
    /// `REGULA_BINARY` environment variable overrides it.
    static var binaryURL: URL {
        if let path = ProcessInfo.processInfo.environment["REGULA_BINARY"] {
            return URL(fileURLWithPath: path)
        }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("regula")
        }
        return Bundle.main.bundleURL.appendingPathComponent("regula")
    }

    /// Runs `regula arguments` to the end: see `start`. Kills it after `timeout` seconds
    /// and fails the test.
    static func run(
        _ arguments: [String], input: String = "", directory: URL? = nil,
        environment changes: [String: String?] = [:], timeout: TimeInterval = 30,
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> ProcessResult {
        let running = try start(arguments, input: input, directory: directory, environment: changes)
        return try running.finish(timeout: timeout, file: file, line: line)
    }

    /// Starts `regula arguments` with `input` on standard input (never a terminal), in
    /// `directory`, with `environment` changes (nil removes a variable; `NO_COLOR` is
    /// removed unless given).
    static func start(
        _ arguments: [String], input: String = "", directory: URL? = nil,
        environment changes: [String: String?] = [:]
    ) throws -> RunningRegula {
        let binary = binaryURL
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw MissingBinaryError(path: binary.path)
        }
        let scratch = try TemporaryDirectory()
        try scratch.write("stdin", input)
        try scratch.write("stdout", "")
        try scratch.write("stderr", "")

        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil
        for (key, value) in changes { environment[key] = value }
        let child = try Subprocess.spawn(
            binary.path, arguments, environment: environment, directory: directory?.path,
            stdinPath: scratch.path("stdin"), stdoutPath: scratch.path("stdout"), stderrPath: scratch.path("stderr"))
        return RunningRegula(child: child, scratch: scratch, arguments: arguments)
    }
}

struct MissingBinaryError: Error, CustomStringConvertible {
    let path: String
    var description: String { "no regula binary at \(path): run `swift build` first" }
}

/// A `regula` process started by `RegulaProcess.start`.
final class RunningRegula {
    let child: Subprocess
    let scratch: TemporaryDirectory
    let arguments: [String]
    private var status: Int32?

    init(child: Subprocess, scratch: TemporaryDirectory, arguments: [String]) {
        self.child = child
        self.scratch = scratch
        self.arguments = arguments
    }

    var stdoutSoFar: String { (try? String(contentsOfFile: scratch.path("stdout"), encoding: .utf8)) ?? "" }
    var stderrSoFar: String { (try? String(contentsOfFile: scratch.path("stderr"), encoding: .utf8)) ?? "" }

    var isRunning: Bool {
        if status == nil { status = child.poll() }
        return status == nil
    }

    /// Waits until stdout contains `text`; false after `timeout` seconds or if it ended.
    func waitForOutput(_ text: String, timeout: TimeInterval = 20) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if stdoutSoFar.contains(text) { return true }
            if !isRunning { return stdoutSoFar.contains(text) }
            usleep(20_000)
        }
        return false
    }

    /// Sends SIGINT, as Ctrl-C would.
    func interrupt() { child.signal(SIGINT) }

    /// Waits for the end (killing it after `timeout` seconds and failing the test).
    func finish(timeout: TimeInterval = 30, file: StaticString = #filePath, line: UInt = #line) throws -> ProcessResult {
        if status == nil { status = child.wait(timeout: timeout) }
        if status == nil {
            child.signal(SIGKILL)
            status = child.wait(timeout: 5)
            XCTFail("regula \(arguments.joined(separator: " ")) did not finish within \(timeout) s", file: file, line: line)
        }
        return ProcessResult(status: status ?? -1, stdout: stdoutSoFar, stderr: stderrSoFar)
    }
}

/// A directory under the system's temporary directory, deleted when released.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("regula-cli-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `text` to `name` inside the directory and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let fileURL = url.appendingPathComponent(name)
        try text.write(to: fileURL, atomically: true, encoding: .utf8)
        return fileURL.path
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}
