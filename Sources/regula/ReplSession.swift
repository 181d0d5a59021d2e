import Foundation
import RegulaInterpreter

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
    /// The session so far, for `:report`.
    let report: ReportRecorder
    /// Files run with `:load` (resolved), which `:report` must not replace.
    private var loadedFiles: Set<String> = []

    init(host: InterpreterHost) {
        self.host = host
        report = ReportRecorder(host.interpreter, regulaVersion: RegulaVersion.current)
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
        interpreter.plotSettings = console.plotSettings  // the terminal may have been resized
        report.begin(name: "<repl>", source: text, isInteractive: true)
        let outcome = interpreter.evaluateInteractive(text)
        switch outcome {
        case .completed(let echo?):
            let line = echo.hasSuffix("\n") ? echo : echo + "\n"
            report.noteOutput(line)
            console.output(line)
        case .needsMoreInput:
            report.dropLastEntry()
        case .completed(nil):
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
        case .helpOn(let name): help(on: name)
        case .quit: wantsToQuit = true
        case .reset:
            interpreter.reset()
            console.output("session reset\n")
        case .vars: listVariables()
        case .load(let path): load(path)
        case .time(let statement): time(statement)
        case .report(let path): writeReport(path)
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

    /// `:help NAME`: the builtin's signature, then what it does (from its table entry).
    private func help(on name: String) {
        if let documentation = interpreter.documentation(of: name) {
            let details = documentation.details.isEmpty ? "" : "    \(documentation.details)\n"
            console.output("\(documentation.signature)\n" + details)
            return
        }
        var message = "'\(name)' is not a builtin"
        if Interpreter.keywordsAndBuiltins.contains(name) {
            message += " function but a keyword or a constant (docs/builtins.md and docs/language.md describe it)"
        } else if let value = interpreter.global(named: name) {
            message += " (it is a \(value.typeName) defined in this session)"
        } else if let suggestion = Suggestion.closest(to: name, among: Interpreter.keywordsAndBuiltins) {
            message += " — did you mean '\(suggestion)'?"
        }
        console.errorMessage(message)
        failures += 1
    }

    private func listVariables() {
        let globals = interpreter.describeGlobals()
        guard !globals.isEmpty else {
            console.output("(no variables)\n")
            return
        }
        let nameWidth = globals.map { DisplayWidth.of($0.name) }.max() ?? 0
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
        interpreter.plotSettings = console.plotSettings
        loadedFiles.insert(ReplSession.resolved(MetaCommand.expandingHome(path)))
        report.begin(name: source.name, source: source.text)
        if !interpreter.run(source: source.text, name: source.name) { failures += 1 }
        noteInterruption()
    }

    /// `:report FILE`: the session so far as an HTML page.
    private func writeReport(_ path: String) {
        let expanded = MetaCommand.expandingHome(path)
        // As `--report` refuses to overwrite its script: a report over a script (a `.reg`
        // file, or one this session loaded) would destroy it.
        if expanded.hasSuffix(".reg") || loadedFiles.contains(ReplSession.resolved(expanded)) {
            let html = ((path as NSString).deletingPathExtension as String) + ".html"
            console.errorMessage(":report \(path) would overwrite a script; name another file (e.g. \(html))")
            failures += 1
            return
        }
        do {
            let bytes = try report.write(to: expanded, title: "REPL session")
            let runs = report.exhibits.trainings.count, figures = report.exhibits.figures.count
            console.output("report written to \(path) (\(ReplSession.formatSize(bytes)); \(runs) run\(runs == 1 ? "" : "s"), \(figures) figure\(figures == 1 ? "" : "s"))\n")
        } catch {
            console.errorMessage("cannot write the report: \(error)")
            failures += 1
        }
    }

    static func resolved(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }

    /// `840 bytes`, `12 KB`, `1.4 MB`.
    static func formatSize(_ bytes: Int) -> String {
        if bytes < 1000 { return "\(bytes) bytes" }
        if bytes < 1_000_000 { return "\(bytes / 1000) KB" }
        return ProgressReporter.fixed(Double(bytes) / 1e6, 1) + " MB"
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

    /// Padded with spaces to `width` terminal cells (`学习率` takes 6, `café` 4).
    func padding(to width: Int) -> String {
        let cells = DisplayWidth.of(self)
        return cells >= width ? self : self + String(repeating: " ", count: width - cells)
    }
}
