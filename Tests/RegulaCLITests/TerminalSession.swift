import Foundation
import XCTest

/// A program running in a pseudo-terminal, driven through tmux: keys in, screen out.
/// Each session has its own tmux server (a private `-L` socket) and ends with it.
final class TerminalSession {
    private let scratch: TemporaryDirectory
    private let socket = "regula-test-\(getpid())-\(UUID().uuidString.prefix(8))"
    private static let tmuxPath = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static var isAvailable: Bool { tmuxPath != nil }

    /// Starts `command` (a shell command line) in a 120×100 terminal (tall, so that a
    /// whole session stays on the screen). The pane stays after
    /// the command exits, showing `[exit N]`.
    init(command: String, environment: [String: String] = [:]) throws {
        scratch = try TemporaryDirectory()
        let exports = environment.map { "export \($0.key)=\(TerminalSession.quoted($0.value)); " }.joined()
        // The shell shares the program's process group, so it sees Ctrl-C too: `trap :`
        // keeps it alive (and leaves the program's SIGINT at its default, as a shell would).
        let wrapped = "trap : INT; \(exports)\(command); echo \"[exit $?]\"; sleep 600"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "100", "sh", "-c", wrapped])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    /// Types `text` literally (no key names).
    func type(_ text: String) throws { try tmux(["send-keys", "-t", "0", "-l", text]) }

    /// Presses keys by tmux name: `Enter`, `Tab`, `C-c`, `C-d`.
    func press(_ keys: String...) throws { try tmux(["send-keys", "-t", "0"] + keys) }

    /// Types a line and presses Enter.
    func enter(_ line: String) throws {
        try type(line)
        try press("Enter")
    }

    /// The visible screen, without trailing blank lines.
    func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-t", "0"]).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }

    /// The visible screen with its colours as escape sequences.
    func screenWithEscapes() throws -> String {
        try tmux(["capture-pane", "-p", "-e", "-t", "0"])
    }

    /// Waits until `predicate` holds for the screen; after `timeout` seconds fails the test
    /// (showing the screen) and throws, since every later step would wait in vain.
    @discardableResult
    func waitFor(
        _ what: String, timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line,
        _ predicate: (String) -> Bool
    ) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if predicate(last) { return last }
            usleep(30_000)
        }
        XCTFail("timed out waiting for \(what); screen:\n\(last)", file: file, line: line)
        throw ScreenTimeout()
    }

    /// Waits until the screen contains `text`.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try waitFor("'\(text)'", timeout: timeout, file: file, line: line) { $0.contains(text) }
    }

    /// Waits until the last non-blank line of the screen is exactly `prompt` (the REPL is
    /// idle, waiting for input).
    @discardableResult
    func waitForPrompt(_ prompt: String = "regula>", timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try waitFor("the prompt '\(prompt)'", timeout: timeout, file: file, line: line) {
            $0.split(separator: "\n").last.map(String.init) == prompt
        }
    }

    /// Types a line, presses Enter, and waits until the entry has run: a new prompt line
    /// (`regula>`, or `   ...>` while an entry continues) is the last on the screen. Keys
    /// typed while an entry runs would reach the terminal driver instead of readline.
    @discardableResult
    func submit(_ line: String, timeout: TimeInterval = 15, file: StaticString = #filePath, line sourceLine: UInt = #line) throws -> String {
        let before = try promptLines()
        try enter(line)
        return try waitFor("the prompt after '\(line)'", timeout: timeout, file: file, line: sourceLine) { screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            let prompts = lines.filter { $0.hasPrefix("regula>") || $0.hasPrefix("   ...>") }.count
            return prompts > before && (lines.last == "regula>" || lines.last == "   ...>")
        }
    }

    private func promptLines() throws -> Int {
        try screen().split(separator: "\n").filter { $0.hasPrefix("regula>") || $0.hasPrefix("   ...>") }.count
    }

    /// Counts the occurrences of `text` on the screen.
    func count(_ text: String) throws -> Int {
        try screen().components(separatedBy: text).count - 1
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        guard let path = TerminalSession.tmuxPath else { throw XCTSkip("tmux is not installed (scripts/setup.sh installs it)") }
        var environment = ProcessInfo.processInfo.environment
        environment["TMUX"] = nil
        environment["NO_COLOR"] = nil  // `swift test` sets it; a session that wants it exports it
        environment["TERM"] = "xterm-256color"
        let child = try Subprocess.spawn(
            path, ["-L", socket] + arguments, environment: environment,
            stdinPath: "/dev/null", stdoutPath: scratch.path("tmux-out"), stderrPath: "/dev/null")
        guard child.wait(timeout: 10) != nil else {
            child.signal(SIGKILL)
            _ = child.wait(timeout: 5)
            throw SpawnError(executable: "tmux (timed out)", code: ETIMEDOUT)
        }
        return (try? String(contentsOfFile: scratch.path("tmux-out"), encoding: .utf8)) ?? ""
    }

    struct ScreenTimeout: Error {}

    private static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
