import RegulaInterpreter

/// An `Interpreter` wired to the console: `print` output to stdout, diagnostics rendered to
/// stderr, training progress on a terminal. Diagnostics that are really command-line
/// usage errors (a bad `--param`) are kept aside for the command to report with its usage.
final class InterpreterHost {
    /// Diagnostic ids the interpreter uses for a bad `--param`: usage errors (exit 2).
    static let usageErrorIDs: Set<String> = ["unknown-param", "invalid-param"]

    let interpreter: Interpreter
    let console: Console
    let printer: DiagnosticPrinter
    /// `--param` problems reported by the last run, in order.
    private(set) var usageErrors: [Diagnostic] = []

    init(options: InterpreterOptions, console: Console, quiet: Bool) {
        let interpreter = Interpreter(options: options)
        self.interpreter = interpreter
        self.console = console
        let printer = DiagnosticPrinter(console: console)
        self.printer = printer
        interpreter.onOutput = { [unowned console] text in console.output(text) }
        interpreter.onDiagnostic = { [unowned self] diagnostic in
            if InterpreterHost.usageErrorIDs.contains(diagnostic.id) {
                self.usageErrors.append(diagnostic)
                return
            }
            printer.print(diagnostic)
        }
        if console.errorIsTerminal && !quiet && !console.isSilent {
            let reporter = ProgressReporter(console: console) { options.cancellation.isCancelled }
            interpreter.onTrainingProgress = { reporter.report($0) }
        }
    }

    /// The usage errors as `error: ...` lines (with hints), for a usage message.
    func usageErrorText() -> String {
        usageErrors.map { diagnostic in
            var line = "error: \(diagnostic.message)"
            if let hint = diagnostic.hint { line += " (\(hint))" }
            return line
        }.joined(separator: "\n")
    }
}
