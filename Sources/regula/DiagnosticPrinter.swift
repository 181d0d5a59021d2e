import RegulaSyntax

/// Renders diagnostics to stderr with `DiagnosticRenderer`, coloured when the console
/// allows it.
struct DiagnosticPrinter {
    let console: Console

    func print(_ diagnostic: Diagnostic) {
        var text = DiagnosticRenderer(useColor: console.useColor).render(diagnostic)
        if !text.hasSuffix("\n") { text += "\n" }
        console.error(text)
    }
}

extension Console {
    /// `error: message` on stderr, for failures that have no source location.
    func errorMessage(_ message: String) {
        error("error: \(message)\n")
    }
}
