import Foundation
import XCTest

/// Debian's `chromium`, run headless for the report tests: no sandbox (CI runs as root),
/// no GPU, a fresh profile in a temporary directory, and no network at all (every host
/// name fails to resolve, every request goes to a dead proxy), so a page that tried to
/// fetch anything would show it.
struct HeadlessChromium {
    let path: String

    /// The browser on `PATH` (`chromium`, `chromium-browser`), or nil.
    static func find() -> HeadlessChromium? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser"] {
            for directory in directories {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return HeadlessChromium(path: candidate) }
            }
        }
        return nil
    }

    /// The browser, or a skip when it is not installed (outside CI); on CI
    /// (`CI` set, as GitHub Actions does) a missing browser fails the test.
    static func required() throws -> HeadlessChromium {
        if let browser = find() { return browser }
        if ProcessInfo.processInfo.environment["CI"] != nil {
            XCTFail("chromium is not installed: run scripts/setup.sh")
        }
        throw XCTSkip("chromium is not installed (scripts/setup.sh installs it)")
    }

    /// Runs the browser on `arguments` (after the common flags) and returns its stdout.
    func run(_ arguments: [String], darkScheme: Bool = false, timeout: TimeInterval = 120,
             file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let scratch = try TemporaryDirectory()
        try scratch.write("stdin", "")
        var flags = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--user-data-dir=\(scratch.path("profile"))",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
            "--disable-background-networking", "--disable-component-update", "--disable-default-apps", "--mute-audio",
            "--proxy-server=http://127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
            "--hide-scrollbars",
        ]
        if darkScheme { flags.append("--force-dark-mode") }
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = scratch.path("profile")
        let child = try Subprocess.spawn(path, flags + arguments, environment: environment, stdinPath: scratch.path("stdin"),
                                         stdoutPath: scratch.path("stdout"), stderrPath: scratch.path("stderr"))
        var status = child.wait(timeout: timeout)
        if status == nil {
            child.signal(SIGKILL)
            status = child.wait(timeout: 5)
            XCTFail("chromium did not finish within \(timeout) s", file: file, line: line)
        }
        let stdout = (try? String(contentsOfFile: scratch.path("stdout"), encoding: .utf8)) ?? ""
        if status != 0 {
            let stderr = (try? String(contentsOfFile: scratch.path("stderr"), encoding: .utf8)) ?? ""
            XCTFail("chromium exited with \(status ?? -1): \(stderr.suffix(2000))", file: file, line: line)
        }
        return stdout
    }
}
