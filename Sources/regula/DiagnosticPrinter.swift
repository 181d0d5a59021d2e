import RegulaInterpreter


/// Renders diagnostics to stderr with `DiagnosticRenderer`, coloured when the console
/// allows it, with a blank line between the diagnostics of one group (a run, a check, a
/// REPL entry) as the renderer lays out several.
final class DiagnosticPrinter {
    let console: Console
    private var printedInGroup = false

    init(console: Console) {
        self.console = console
    }

    func print(_ diagnostic: Diagnostic) {
        var text = DiagnosticRenderer(useColor: console.useColor).render(diagnostic)
        if !text.hasSuffix("\n") { text += "\n" }
        console.error(printedInGroup ? "\n" + text : text)
        printedInGroup = true
    }

    /// The next diagnostic starts a new group (no blank line before it).
    func startGroup() {
        printedInGroup = false
    }
}

extension Console {
    /// `error: message` on stderr, for failures that have no source location.
    func errorMessage(_ message: String) {
        error("error: \(message)\n")
    }

    /// `warning: message` on stderr.
    func warningMessage(_ message: String) {
        error("warning: \(message)\n")
    }
}
