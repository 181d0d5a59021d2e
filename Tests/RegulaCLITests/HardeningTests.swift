import Foundation
import XCTest

/// Issue 12: what an adversarial probe found, end to end on the built binary. Run only in
/// scratch directories: device nodes are made with mknod there, never touched in /dev.
final class HardeningTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    private func fileType(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    /// Runs a shell command line (bash) with `regula` standing for the binary; its output.
    private func shell(_ line: String, timeout: TimeInterval = 60) throws -> ProcessResult {
        let script = "regula() { \"\(RegulaProcess.binaryURL.path)\" \"$@\"; }; cd \(directory.url.path) && " + line
        let out = directory.path("shell.out"), err = directory.path("shell.err")
        let child = try Subprocess.spawn("/bin/bash", ["-c", script], environment: ProcessInfo.processInfo.environment,
                                         stdinPath: "/dev/null", stdoutPath: out, stderrPath: err)
        let status = child.wait(timeout: timeout)
        if status == nil { child.signal(SIGKILL); XCTFail("\(line) did not finish") }
        return ProcessResult(status: status ?? -1, stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
                             stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
    }

    // MARK: 1. The REPL's history file

    private func repl(history: String) throws -> TerminalSession {
        let session = try TerminalSession(
            command: "cd \(directory.url.path) && \(RegulaProcess.binaryURL.path) repl", environment: ["REGULA_HISTORY": history])
        try session.waitForPrompt()
        return session
    }

    /// `REGULA_HISTORY=/tmp/n regula` with n a character device used to turn the device
    /// into a 16-byte file (as root this destroyed /dev/zero on a machine); a FIFO hung
    /// the REPL at start-up. Both are now left alone, with one warning.
    func testAHistoryPathThatIsADeviceOrAFIFOIsNeitherReplacedNorWaitedOn() throws {
        guard TerminalSession.isAvailable else { throw XCTSkip("tmux is not installed") }
        let fifo = directory.path("fifo")
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        var paths = [fifo]
        let device = directory.path("null-device")
        // Major 1, minor 3: what /dev/null is (glibc's makedev for small numbers); root only.
        if mknod(device, S_IFCHR | 0o666, dev_t((1 << 8) | 3)) == 0 { paths.append(device) }
        for path in paths {
            let session = try repl(history: path)
            let screen = try session.screen().replacingOccurrences(of: "\n", with: "")  // unwrapped
            XCTAssertTrue(screen.contains("warning: history is not saved: cannot use '\(path)': it is not a regular file"), screen)
            XCTAssertTrue(try session.submit("1+1").hasSuffix("2\nregula>"))
            try session.press("C-d")
            try session.waitFor("[exit 0]")
            XCTAssertEqual(fileType(path), path == fifo ? S_IFIFO : S_IFCHR, "\(path) is what it was")
        }
    }

    /// A symbolic link is written through (it used to be replaced by a plain file), also
    /// one whose target does not exist yet.
    func testAHistoryPathThatIsALinkIsWrittenThrough() throws {
        guard TerminalSession.isAvailable else { throw XCTSkip("tmux is not installed") }
        let link = directory.path("history-link"), target = directory.path("history-target")
        XCTAssertEqual(symlink(target, link), 0)
        let session = try repl(history: link)
        XCTAssertFalse(try session.screen().contains("warning"))
        _ = try session.submit("40 + 2")
        try session.press("C-d")
        try session.waitFor("[exit 0]")
        XCTAssertEqual(fileType(link), S_IFLNK, "the link stays a link")
        XCTAssertTrue(try String(contentsOfFile: target, encoding: .utf8).hasSuffix("\n40 + 2\n"))
        // And it reads back through the link.
        let again = try repl(history: link)
        try again.press("Up")
        try again.waitFor("regula> 40 + 2")
        try again.press("C-c", "C-d")
        try again.waitFor("[exit 0]")
    }

    // MARK: 2. Files that report size 0 but read without end

    func testPagemapIsReadOnlyUpToEachReadersLimit() throws {
        guard FileManager.default.fileExists(atPath: "/proc/self/pagemap") else { throw XCTSkip("no /proc/self/pagemap") }
        try directory.write("data.reg", #"let d = csv("/proc/self/pagemap", target: "y")"# + "\n")
        let csv = try RegulaProcess.run(["run", "data.reg"], directory: directory.url)
        XCTAssertEqual(csv.status, 1)
        XCTAssertTrue(csv.stderr.contains("/proc/self/pagemap: is larger than 256 MB, the limit for a data file"), csv.stderr)

        try directory.write("imp.reg", "import \"/proc/self/pagemap\"\n")
        for command in ["run", "check"] {
            let result = try RegulaProcess.run([command, "imp.reg"], directory: directory.url)
            XCTAssertEqual(result.status, 1, command)
            XCTAssertTrue(result.stderr.contains("not a readable UTF-8 text file of at most 16 MB"), result.stderr)
        }
        let script = try RegulaProcess.run(["run", "/proc/self/pagemap"])
        XCTAssertTrue(script.stderr.contains("a script is at most 16 MB"), script.stderr)

        try directory.write("w.reg", "model m { dense(1) }\nload(m, \"/proc/self/pagemap\")\n")
        let load = try RegulaProcess.run(["run", "w.reg"], directory: directory.url, timeout: 120)
        XCTAssertEqual(load.status, 1)
        XCTAssertTrue(load.stderr.contains("is larger than 1 GB, the limit for a weights file"), load.stderr)
    }

    /// A record naming such a data file (size 0 recorded) makes verify read one byte past
    /// the recorded size, no more.
    func testVerifyReadsARecordedFileOnlyUpToItsRecordedSize() throws {
        guard FileManager.default.fileExists(atPath: "/proc/self/pagemap") else { throw XCTSkip("no /proc/self/pagemap") }
        try directory.write("d.csv", "y,x\n1,2\n0,3\n")
        try directory.write("s.reg", "let d = csv(\"d.csv\", target: \"y\")\nprint(\"ok\")\n")
        XCTAssertEqual(try RegulaProcess.run(["run", "s.reg", "--record", "r.json"], directory: directory.url).status, 0)
        var record = try String(contentsOfFile: directory.path("r.json"), encoding: .utf8)
        record = record.replacingOccurrences(of: directory.url.path + "/d.csv", with: "/proc/self/pagemap")
            .replacingOccurrences(of: "\"size\": 12", with: "\"size\": 0")
        try directory.write("r.json", record)
        let verify = try RegulaProcess.run(["verify", "r.json"], directory: directory.url)
        XCTAssertEqual(verify.status, 1)
        XCTAssertTrue(verify.stdout.contains("data file 'd.csv' changed (/proc/self/pagemap): recorded 0 bytes, now more"), verify.stdout)
    }

    /// A piped REPL read a line without end on input with no newline.
    func testAPipedReplStopsAtALineWithoutEnd() throws {
        let result = try shell("regula repl < /dev/zero")
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "error: a line of input is longer than 16 MB; the session stops\n")
    }

    // MARK: 4. Errors per file

    func testAFileOfGarbageGivesAHundredErrorsAndStops() throws {
        try directory.write("junk.reg", String(repeating: "$", count: 20_000) + "\n")
        let check = try RegulaProcess.run(["check", "junk.reg"], directory: directory.url)
        XCTAssertEqual(check.status, 1)
        XCTAssertEqual(check.stderr.components(separatedBy: ": error: ").count - 1, 101, "100 errors and 'too many errors'")
        XCTAssertTrue(check.stderr.contains("junk.reg: error: too many errors (100), stopping"), String(check.stderr.suffix(300)))
        XCTAssertLessThan(check.stderr.utf8.count, 100_000)

        let nuls = try RegulaProcess.run(["run", "-"], input: String(repeating: "\0", count: 1 << 20))
        XCTAssertEqual(nuls.status, 1)
        XCTAssertLessThan(nuls.stderr.utf8.count, 100_000)
    }

    // MARK: 6. Write errors

    func testAFailedWriteOnStandardOutputIsAnError() throws {
        try directory.write("p.reg", "print(\"hello\")\n")
        let run = try shell("regula run - < p.reg > /dev/full")
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stderr, "error: cannot write to standard output: No space left on device\n")
        XCTAssertEqual(try shell("regula run p.reg --record r.json > /dev/null").status, 0)
        let verify = try shell("regula verify r.json > /dev/full")
        XCTAssertEqual(verify.status, 1)
        XCTAssertTrue(verify.stderr.hasSuffix("error: cannot write to standard output: No space left on device\n"), verify.stderr)
    }

    /// `| head -1` used to kill the run with SIGPIPE before it wrote the record.
    func testARunWhoseReaderGoesAwayStillWritesItsRecord() throws {
        try directory.write("many.reg", "for i in range(200000) { print(i) }\nprint(\"done\")\n")
        let result = try shell("regula run many.reg --record r.json | head -1; echo \"status ${PIPESTATUS[0]}\"")
        XCTAssertEqual(result.stdout, "0\nstatus 1\n")
        XCTAssertEqual(result.stderr, "error: cannot write to standard output: Broken pipe\n")
        let record = try String(contentsOfFile: directory.path("r.json"), encoding: .utf8)
        XCTAssertTrue(record.contains("\"status\": \"succeeded\""))
        XCTAssertTrue(record.contains("199999\\ndone\\n"), "the record holds the whole output")
    }

    // MARK: 7. Control characters from data

    func testControlCharactersFromACSVNeverReachTheTerminal() throws {
        try directory.write("evil.csv", "y,x\u{1B}]0;pwned\u{7}\n1,\u{1B}[31mEVIL\u{7}\n")
        try directory.write("e.reg", "let d = csv(\"evil.csv\", target: \"y\")\n")
        let result = try RegulaProcess.run(["run", "e.reg"], directory: directory.url)
        XCTAssertEqual(result.status, 1)
        XCTAssertFalse(result.stderr.contains("\u{1B}"), result.stderr.debugDescription)
        XCTAssertTrue(result.stderr.contains(#"column 2 'x\u{1B}]0;pwned\u{7}': "\u{1B}[31mEVIL\u{7}" is not a number"#), result.stderr)

        let long = String(repeating: "n", count: 100_000)
        try directory.write("long.csv", "y,\(long)\n1,a\n")
        try directory.write("l.reg", "let d = csv(\"long.csv\", target: \"y\")\n")
        let clipped = try RegulaProcess.run(["run", "l.reg"], directory: directory.url)
        XCTAssertLessThan(clipped.stderr.utf8.count, 1_000, "a 100 KB name gave a 100 KB diagnostic")
    }

    // MARK: 9. verify never reads today's import

    func testVerifyRefusesARecordWithoutTheCopyOfAnImport() throws {
        try directory.write("lib.reg", "let answer = 42\n")
        try directory.write("main.reg", "import \"lib.reg\"\nprint(answer)\n")
        XCTAssertEqual(try RegulaProcess.run(["run", "main.reg", "--record", "r.json"], directory: directory.url).status, 0)
        let record = try String(contentsOfFile: directory.path("r.json"), encoding: .utf8)
            .replacingOccurrences(of: directory.url.path + "/lib.reg", with: "/elsewhere/lib.reg")
        try directory.write("r.json", record)
        let verify = try RegulaProcess.run(["verify", "r.json"], directory: directory.url)
        XCTAssertEqual(verify.status, 1)
        XCTAssertTrue(verify.stderr.hasPrefix("error: 'r.json' cannot be verified: cannot import \"lib.reg\": the run record holds no copy of "),
                      verify.stderr)
        XCTAssertEqual(verify.stdout, "")
    }

    // MARK: 13. The REPL: :load of a FIFO, Ctrl-D inside a block

    func testLoadOfAFIFOReturnsAtOnce() throws {
        XCTAssertEqual(mkfifo(directory.path("fifo"), 0o644), 0)
        let result = try RegulaProcess.run(["repl"], input: ":load fifo\n1 + 1\n", directory: directory.url, timeout: 20)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, "2\n")
        XCTAssertTrue(result.stderr.contains("cannot read 'fifo': it is not a regular file"), result.stderr)
    }

    /// Ctrl-D inside an open block exited 0 on a terminal and 1 when piped: now 1 both ways.
    func testEndOfInputInsideAnOpenBlockIsAnErrorOnATerminalAsWhenPiped() throws {
        let piped = try RegulaProcess.run(["repl"], input: "fn f() {\n")
        XCTAssertEqual(piped.status, 1)
        XCTAssertTrue(piped.stderr.contains("unexpected end of input"), piped.stderr)
        guard TerminalSession.isAvailable else { throw XCTSkip("tmux is not installed") }
        let session = try repl(history: directory.path("history"))
        try session.submit("fn f() {", timeout: 15)
        try session.press("C-d")
        let screen = try session.waitFor("[exit 1]")
        XCTAssertTrue(screen.contains("unexpected end of input"), screen)
    }

    // MARK: 14. Smaller

    func testVersionTakesNoArguments() throws {
        let result = try RegulaProcess.run(["--version", "extra"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.hasPrefix("error: --version takes no arguments, got 'extra'\n"), result.stderr)
        XCTAssertEqual(try RegulaProcess.run(["--version"]).status, 0)
    }

    func testTheLargestSeedIsTakenInAScriptAsOnTheCommandLine() throws {
        try directory.write("s.reg", "seed 18446744073709551615\nprint(randn(3))\n")
        let script = try RegulaProcess.run(["run", "s.reg"], directory: directory.url)
        XCTAssertEqual(script.status, 0, script.stderr)
        try directory.write("t.reg", "print(randn(3))\n")
        let option = try RegulaProcess.run(["run", "--seed", "18446744073709551615", "t.reg"], directory: directory.url)
        XCTAssertEqual(script.stdout, option.stdout)
    }
}
