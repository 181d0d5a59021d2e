import Foundation
import XCTest

/// The REPL on a real pseudo-terminal (tmux): line editing, completion, continuation
/// prompts, errors, Ctrl-C, Ctrl-D and the history file. Also the training progress line.
final class ReplTerminalTests: XCTestCase {
    private var directory: TemporaryDirectory!
    var historyPath: String { directory.path("history") }

    override func setUpWithError() throws {
        guard TerminalSession.isAvailable else { throw XCTSkip("tmux is not installed (scripts/setup.sh installs it)") }
        directory = try TemporaryDirectory()
    }

    func startRepl(environment: [String: String] = [:]) throws -> TerminalSession {
        let session = try TerminalSession(
            command: "cd \(directory.url.path) && \(RegulaProcess.binaryURL.path) repl",
            environment: environment.merging(["REGULA_HISTORY": historyPath]) { $1 })
        try session.waitForPrompt()
        return session
    }

    /// The history file's lines, without the `#<time>` line before each entry.
    func historyLines() throws -> [String] {
        try String(contentsOfFile: historyPath, encoding: .utf8).split(separator: "\n").map(String.init)
            .filter { !($0.hasPrefix("#") && $0.dropFirst().allSatisfy(\.isNumber)) }
    }

    /// Commands, completion of `:` commands, Ctrl-C at the prompt, Ctrl-D, history.
    func testCommandsCtrlCAndCtrlDAndHistory() throws {
        try "earlier entry\n".write(toFile: historyPath, atomically: true, encoding: .utf8)
        let repl = try startRepl()
        try repl.type(":he")
        try repl.press("Tab")
        try repl.waitFor("regula> :help")
        try repl.press("Enter")
        try repl.waitFor("Commands:")
        try repl.waitForPrompt()

        // After `:load `, Tab completes file names, through directories.
        try FileManager.default.createDirectory(atPath: directory.path("scripts"), withIntermediateDirectories: true)
        try directory.write("scripts/library.reg", "let loaded = true\n")
        try repl.type(":load scr")
        try repl.press("Tab")
        try repl.waitFor("regula> :load scripts/")
        try repl.type("li")
        try repl.press("Tab")
        try repl.waitFor("regula> :load scripts/library.reg")
        try repl.press("C-c")
        try repl.waitForPrompt()

        // Ctrl-C abandons the line being typed and shows a fresh prompt.
        try repl.type("half typed")
        try repl.press("C-c")
        try repl.waitFor("Ctrl-C gives a fresh prompt") { $0.hasSuffix("regula> half typed\nregula>") }

        // Up arrow recalls history, including the entries loaded from the file.
        try repl.press("Up")
        try repl.waitFor("regula> :help")
        try repl.press("C-c")
        try repl.submit(":vras")
        try repl.waitFor("did you mean ':vars'?")
        try repl.submit("")
        try repl.submit(":vras")

        try repl.press("C-d")
        try repl.waitFor("[exit 0]")
        XCTAssertEqual(try historyLines(), ["earlier entry", ":help", ":vras"],
                       "history keeps older entries, drops blank lines, and keeps one copy of a repeated line")
    }

    /// A whole session with the interpreter: values, completion of builtins, names and
    /// fields, a multi-line function, an error, Ctrl-C during a long loop.
    func testASessionWithTheInterpreter() throws {
        let repl = try startRepl()
        try repl.submit("let answer = 40 + 2")
        XCTAssertTrue(try repl.submit("answer").hasSuffix("regula> answer\n42\nregula>"))

        // Tab completes a builtin, a global name, and a record field after `.`.
        try repl.type("len(rang")
        try repl.press("Tab")
        try repl.waitFor("regula> len(range")
        XCTAssertTrue(try repl.submit("(7))").hasSuffix("regula> len(range(7))\n7\nregula>"))
        try repl.submit("let settings = {alpha: 0.25, beta: 2}")
        try repl.type("sett")
        try repl.press("Tab")
        try repl.waitFor("regula> settings")
        try repl.type(".al")
        try repl.press("Tab")
        try repl.waitFor("regula> settings.alpha")
        XCTAssertTrue(try repl.submit("").hasSuffix("regula> settings.alpha\n0.25\nregula>"))

        // A function over several lines, with the continuation prompt.
        XCTAssertTrue(try repl.submit("fn double(v) {").hasSuffix("regula> fn double(v) {\n   ...>"))
        try repl.submit("  return v * 2")
        try repl.submit("}")
        XCTAssertTrue(try repl.submit("double(answer)").hasSuffix("\n84\nregula>"))

        // An error points into the line just typed; the session keeps its state.
        let error = try repl.submit("answer + missing_name")
        XCTAssertTrue(error.contains("<repl>:1:10: error: undefined name 'missing_name'"), error)
        XCTAssertTrue(error.contains("1 | answer + missing_name"), error)
        XCTAssertTrue(try repl.submit("answer + 1").hasSuffix("\n43\nregula>"))

        // Ctrl-C at the prompt abandons the line.
        try repl.type("abandoned")
        try repl.press("C-c")
        try repl.waitFor("Ctrl-C gives a fresh prompt") { $0.hasSuffix("regula> abandoned\nregula>") }

        // Ctrl-C at a continuation prompt abandons the whole entry.
        try repl.submit("[1,")
        try repl.press("C-c")
        try repl.waitFor("a fresh prompt after the continuation") { $0.hasSuffix("   ...>\nregula>") }
        XCTAssertTrue(try repl.submit("2 + 2").hasSuffix("regula> 2 + 2\n4\nregula>"))

        // Ctrl-C stops a long computation and returns to the prompt, state intact.
        try repl.submit("var spins = 0")
        try repl.enter("while true { spins = spins + 1 }")
        usleep(300_000)
        try repl.press("C-c", "C-c")  // pressed twice, as people do: the REPL stays
        try repl.waitFor("interrupted\nregula>")
        usleep(100_000)  // the second Ctrl-C may still clear a prompt
        XCTAssertTrue(try repl.submit("spins > 0 and double(answer) == 84").hasSuffix("\ntrue\nregula>"))

        try repl.press("C-d")
        try repl.waitFor("[exit 0]")
        let history = try historyLines()
        XCTAssertTrue(history.contains("fn double(v) {"), "\(history)")
        XCTAssertTrue(history.contains("settings.alpha"), "\(history)")
    }

    /// A multi-line entry is one history entry, in the session and in the file; a repeated
    /// `}` does not take lines out of earlier entries.
    func testAMultiLineEntryIsOneHistoryEntry() throws {
        let repl = try startRepl()
        for line in ["fn one() {", "  return 1", "}", "fn two() {", "  return 2", "}"] { try repl.submit(line) }
        // Up recalls the last entry whole; Up again, the one before (not a line of it).
        try repl.press("Up", "Up", "Enter")
        try repl.waitFor("regula> fn one() {\n  return 1\n}\nregula>")
        try repl.press("C-d")
        try repl.waitFor("[exit 0]")

        // And so in the next session, from the file.
        let again = try startRepl()
        try again.press("Up", "Up", "Enter")
        try again.submit("two()")
        XCTAssertTrue(try again.screen().hasSuffix("regula> fn two() {\n  return 2\n}\nregula> two()\n2\nregula>"))
        try again.press("C-d")
        try again.waitFor("[exit 0]")
        XCTAssertEqual(try historyLines(), ["fn one() {", "  return 1", "}", "fn two() {", "  return 2", "}", "two()"])
    }

    /// `kill` and Ctrl-\\ end the REPL with the terminal back in its usual mode (echo, line
    /// editing), and Ctrl-\\ shows no crash report.
    func testSignalsThatEndTheReplRestoreTheTerminal() throws {
        let pidFile = directory.path("pid")
        // `exec` keeps the shell's pid, written first, for `kill`.
        // The pane's shell would die of Ctrl-\\ too: it traps it.
        let command = "trap : QUIT; ulimit -c 0; sh -c 'echo $$ > \(pidFile); exec \(RegulaProcess.binaryURL.path) repl'; status=$?; "
            + "if stty -a | tr ' ;' '\\n\\n' | grep -q -x -e -echo -e -icanon; then echo 'terminal: raw'; "
            + "else echo 'terminal: sane'; fi; echo \"[status $status]\""
        for (signal, key) in [(SIGTERM, nil), (SIGQUIT, "C-\\")] as [(Int32, String?)] {
            let repl = try TerminalSession(command: command, environment: ["REGULA_HISTORY": historyPath])
            try repl.waitForPrompt()
            try repl.type("half typed")
            try repl.waitFor("regula> half typed")
            if let key {
                try repl.press(key)
            } else {
                let pid = try XCTUnwrap(Int32(String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
                kill(pid, signal)
            }
            let screen = try repl.waitFor("[status \(128 + signal)]")
            XCTAssertTrue(screen.contains("terminal: sane"), screen)
            XCTAssertFalse(screen.contains("crashed"), screen)
            XCTAssertFalse(screen.contains("Backtrace"), screen)
        }
    }

    /// Ctrl-Z and `fg` in a shell with job control: the line being typed comes back, and
    /// editing goes on.
    func testSuspendAndResume() throws {
        let shell = try TerminalSession(command: "PS1='$ ' bash --norc --noprofile -i")
        try shell.waitFor("$")
        try shell.enter("REGULA_HISTORY=\(historyPath) \(RegulaProcess.binaryURL.path) repl")
        try shell.waitFor("regula>")
        try shell.type("1 + ")
        try shell.waitFor("regula> 1 +")
        try shell.press("C-z")
        try shell.waitFor("Stopped")
        try shell.enter("fg")
        try shell.waitFor("the line redrawn after fg") { $0.components(separatedBy: "regula> 1 +").count == 3 }
        try shell.enter("2")
        try shell.waitFor("regula> 1 + 2\n3\nregula>")
    }

    /// Diagnostics are coloured on a terminal, unless `NO_COLOR` is set.
    func testDiagnosticsAreColouredOnATerminalUnlessNoColor() throws {
        for (environment, coloured) in [([String: String](), true), (["NO_COLOR": "1"], false)] {
            let repl = try startRepl(environment: environment)
            try repl.submit("nowhere + 1")
            let screen = try repl.screenWithEscapes()
            XCTAssertTrue(screen.contains("undefined name 'nowhere'"), screen)
            XCTAssertEqual(screen.contains("\u{1B}[31m"), coloured, "red 'error:' with \(environment):\n\(screen)")
        }
    }

    /// `plot` in the REPL is as wide as the terminal (tmux's 120 columns) and coloured,
    /// unless `NO_COLOR` is set.
    func testPlotFillsTheTerminalInColourUnlessNoColor() throws {
        for (environment, coloured) in [([String: String](), true), (["NO_COLOR": "1"], false)] {
            let repl = try startRepl(environment: environment)
            try repl.submit("plot([1, 3, 2, 5, 4], title: \"five\")")
            let screen = try repl.screen()
            XCTAssertTrue(screen.contains("five\nvalue\n"), screen)
            XCTAssertEqual(screen.split(separator: "\n").map(\.count).max(), 120, screen)
            XCTAssertEqual(try repl.screenWithEscapes().contains("\u{1B}[34m"), coloured, "blue values with \(environment)")
        }
    }

    /// Ctrl-C during `train` stops that training; the model keeps the last finished step.
    func testCtrlCStopsTrainingInTheRepl() throws {
        let repl = try startRepl()
        for line in Scripts.smallModel.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            try repl.submit(String(line), timeout: 20)
        }
        try repl.enter("let run = train(net, parts.train, epochs: 1000000, batch: 8)")
        try repl.waitFor("epoch ")
        try repl.press("C-c")
        try repl.waitFor("interrupted\nregula>")
        let after = try repl.submit("run.epochs_run > 0")
        XCTAssertTrue(after.hasSuffix("\ntrue\nregula>"), "the run so far is returned:\n\(after)")
        try repl.press("C-d")
        try repl.waitFor("[exit 0]")
    }

    /// On a terminal `regula run` shows one progress line per `train` call, updated in
    /// place, and leaves a summary line.
    func testProgressLineOnATerminal() throws {
        let script = try directory.write("train.reg", Scripts.training(epochs: 4))
        let terminal = try TerminalSession(command: "\(RegulaProcess.binaryURL.path) run \(script)")
        let screen = try terminal.waitFor("[exit 0]", timeout: 30)
        XCTAssertTrue(screen.contains("epoch 4/4 [████████████] data "), screen)
        XCTAssertTrue(screen.contains(" + penalty "), screen)
        XCTAssertTrue(screen.contains(" · val "), screen)
        XCTAssertEqual(try terminal.count("epoch 4/4"), 1, "one summary line per train call:\n\(screen)")
        XCTAssertFalse(screen.contains("epoch 1/4"), "progress lines are replaced in place:\n\(screen)")
        XCTAssertTrue(screen.contains("epochs run: 4"), screen)

        let quiet = try TerminalSession(command: "\(RegulaProcess.binaryURL.path) run --quiet \(script)")
        let quietScreen = try quiet.waitFor("[exit 0]", timeout: 30)
        XCTAssertEqual(quietScreen, "started\nepochs run: 4\n[exit 0]", "--quiet shows no progress")
    }

    /// With `TERM=dumb` the progress line is redrawn without escape codes (`script` gives
    /// the run a terminal; `cat -v` shows what it wrote, `grep` picks the telling parts).
    func testProgressLineOnADumbTerminalHasNoEscapeCodes() throws {
        let script = try directory.write("train.reg", Scripts.training(epochs: 4))
        let terminal = try TerminalSession(
            command: "script -qec 'TERM=dumb \(RegulaProcess.binaryURL.path) run \(script)' /dev/null | cat -v | grep -o -e 'epoch 4/4' -e '\\^\\[' | sort -u")
        let screen = try terminal.waitFor("[exit 0]", timeout: 30)
        XCTAssertTrue(screen.contains("epoch 4/4"), screen)
        XCTAssertFalse(screen.contains("^["), screen)
    }
}
