import RegulaSyntax

/// Renders diagnostics to stderr, coloured when the console allows it.
struct DiagnosticPrinter {
    let console: Console

    func print(_ diagnostic: Diagnostic) {
        var text = render(diagnostic)
        if !text.hasSuffix("\n") { text += "\n" }
        console.error(text)
    }

    // TEMPORARY until RegulaSyntax.DiagnosticRenderer lands on main.
    private func render(_ d: Diagnostic) -> String {
        var head = ""
        if let source = d.source, let span = d.span {
            let loc = source.location(of: span.start)
            head = "\(source.name):\(loc.line):\(loc.column): "
        }
        var text = "\(head)\(d.severity.rawValue): \(d.message)\n"
        if let hint = d.hint { text += "hint: \(hint)\n" }
        return text
    }
}

extension Console {
    /// `error: message` on stderr, for failures that have no source location.
    func errorMessage(_ message: String) {
        error("error: \(message)\n")
    }
}
