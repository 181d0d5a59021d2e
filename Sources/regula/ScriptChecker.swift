import RegulaInterpreter

/// `regula check FILE...`: parses and resolves each file without running it, prints every
/// diagnostic, and returns 1 if any file has an error or cannot be read.
struct ScriptChecker {
    let console: Console

    func check(paths: [String]) -> Int32 {
        let printer = DiagnosticPrinter(console: console)
        var errors = 0
        var failedFiles = 0
        for path in paths {
            let source: ScriptSource
            do {
                source = try ScriptSource.read(path)
            } catch {
                console.errorMessage(error.message)
                errors += 1
                failedFiles += 1
                continue
            }
            // A fresh interpreter per file: nothing one file defines leaks into the next.
            let diagnostics = Interpreter().check(source: source.text, name: source.name)
            diagnostics.forEach(printer.print)
            let fileErrors = diagnostics.filter { $0.severity == .error }.count
            errors += fileErrors
            if fileErrors > 0 { failedFiles += 1 }
        }
        guard errors > 0 else { return 0 }
        let errorWord = errors == 1 ? "error" : "errors"
        let scope = paths.count == 1 ? "" : " in \(failedFiles) of \(paths.count) files"
        console.error("found \(errors) \(errorWord)\(scope)\n")
        return 1
    }
}
