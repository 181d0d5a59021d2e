import RegulaInterpreter
import RegulaSyntax

/// The REPL's state between lines, whatever reads them (readline or a pipe): the
/// interpreter, the lines of an entry still being typed, and the `:` commands.
final class ReplSession {
    let host: InterpreterHost
    var interpreter: Interpreter { host.interpreter }
    var console: Console { host.console }
    /// Lines of an entry that needs more input (open bracket, trailing operator).
    private(set) var pendingLines: [String] = []
    /// Set when the pending entry had a syntax error but is still open: its remaining
    /// lines are read up to its end and dropped, not run one by one at top level.
    private var droppingBrokenEntry = false
    /// Set by `:quit`.
    private(set) var wantsToQuit = false
    /// Entries that failed (a piped session exits 1 if any did).
    private(set) var failures = 0
    /// Set when Ctrl-C stopped an entry.
    private(set) var wasInterrupted = false

    init(host: InterpreterHost) {
        self.host = host
    }

    var isContinuing: Bool { !pendingLines.isEmpty }

    /// Takes one line of input: a `:` command, or a line of a Regula entry.
    func handle(line: String) {
        if pendingLines.isEmpty {
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty { return }
            if trimmed.hasPrefix(":") {
                runCommand(trimmed)
                return
            }
        }
        pendingLines.append(line)
        let text = pendingLines.joined(separator: "\n")
        if droppingBrokenEntry {
            if !Interpreter.isUnfinished(text) { discardPendingInput() }
            return
        }
        switch evaluate(text) {
        case .needsMoreInput: break
        case .failed where Interpreter.isUnfinished(text): droppingBrokenEntry = true
        default: pendingLines = []
        }
    }

    /// Forgets a half-typed entry (Ctrl-C at a continuation prompt).
    func discardPendingInput() {
        pendingLines = []
        droppingBrokenEntry = false
    }

    /// End of input: an unfinished entry is an error ("unexpected end of input"), unless
    /// its error was reported already.
    func finishInput() {
        guard isContinuing else { return }
        if droppingBrokenEntry { return discardPendingInput() }
        let text = pendingLines.joined(separator: "\n")
        pendingLines = []
        let diagnostics = interpreter.check(source: text, name: "<repl>").filter { $0.severity == .error }
        if diagnostics.isEmpty {
            console.errorMessage("unexpected end of input")
        } else {
            host.printer.startGroup()
            diagnostics.forEach(host.printer.print)
        }
        failures += 1
    }

    /// Runs one entry, echoing its value; Ctrl-C during it is reported and then cleared.
    @discardableResult
    func evaluate(_ text: String) -> InteractiveOutcome {
        host.printer.startGroup()
        let outcome = interpreter.evaluateInteractive(text)
        switch outcome {
        case .completed(let echo?):
            console.output(echo.hasSuffix("\n") ? echo : echo + "\n")
        case .completed(nil), .needsMoreInput:
            break
        case .failed:
            failures += 1
        }
        noteInterruption()
        return outcome
    }

    /// After Ctrl-C stopped a computation: say so, and re-arm the token.
    func noteInterruption() {
        guard interpreter.options.cancellation.isCancelled else { return }
        console.error("interrupted\n")
        wasInterrupted = true
        interpreter.options.cancellation.reset()
    }

    private func runCommand(_ text: String) {
        switch MetaCommand.parse(text) {
        case .help: console.output(MetaCommand.helpText)
        case .quit: wantsToQuit = true
        case .reset:
            interpreter.reset()
            console.output("session reset\n")
        case .vars: listVariables()
        case .load(let path): load(path)
        case .time(let statement): time(statement)
        case .unknown(let name, let suggestion):
            var message = "unknown command ':\(name)'"
            message += suggestion.map { " — did you mean ':\($0)'?" } ?? " (type :help for the list)"
            console.errorMessage(message)
            failures += 1
        case .missingArgument(let name, let what):
            console.errorMessage(":\(name) needs \(what)")
            failures += 1
        }
    }

    private func listVariables() {
        let globals = interpreter.describeGlobals()
        guard !globals.isEmpty else {
            console.output("(no variables)\n")
            return
        }
        let nameWidth = globals.map(\.name.count).max() ?? 0
        let typeWidth = globals.map(\.type.count).max() ?? 0
        for global in globals {
            let name = global.name.padding(to: nameWidth)
            let type = global.type.padding(to: typeWidth)
            console.output("\(name)  \(type)  \(global.summary)\n")
        }
    }

    private func load(_ path: String) {
        let source: ScriptSource
        do {
            source = try ScriptSource.read(MetaCommand.expandingHome(path), regularOnly: true)
        } catch {
            console.errorMessage(error.message)
            failures += 1
            return
        }
        host.printer.startGroup()
        if !interpreter.run(source: source.text, name: source.name) { failures += 1 }
        noteInterruption()
    }

    private func time(_ statement: String) {
        let start = ProgressReporter.monotonicSeconds()
        let outcome = evaluate(statement)
        let seconds = ProgressReporter.monotonicSeconds() - start
        if outcome == .needsMoreInput {
            console.errorMessage(":time needs a complete statement on one line")
            failures += 1
            return
        }
        console.output("time: \(ReplSession.formatWallTime(seconds))\n")
    }

    /// `850 µs`, `12.3 ms`, `1.234 s`.
    static func formatWallTime(_ seconds: Double) -> String {
        if seconds < 1e-3 { return "\(Int((seconds * 1e6).rounded())) µs" }
        if seconds < 1 { return ProgressReporter.fixed(seconds * 1e3, 1) + " ms" }
        return ProgressReporter.fixed(seconds, 3) + " s"
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }

    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
