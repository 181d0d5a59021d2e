/// At most `maxErrors` errors are reported per file and pass (lexing and parsing; name
/// checking), as compilers do (clang stops after 20, gcc's `-fmax-errors`): past that,
/// one more error says so and the rest are dropped. A file of garbage (1 MB of NULs,
/// 20,000 `$` on one line) then costs a screenful, not minutes of output.
public enum ErrorLimit {
    public static let maxErrors = 100
    public static let tooManyErrorsID = "too-many-errors"

    /// `diagnostics` (in the order given) up to and including the `maxErrors`-th error,
    /// then a `too many errors` error if any was left out; warnings before the cut stay.
    public static func capped(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var errors = 0
        for (index, diagnostic) in diagnostics.enumerated() where diagnostic.severity == .error {
            errors += 1
            guard errors > maxErrors else { continue }
            let file = diagnostic.source
            let stop = Diagnostic(
                id: tooManyErrorsID, message: "too many errors (\(maxErrors)), stopping", source: file, span: nil,
                hint: "fix the errors above and run again")
            return Array(diagnostics[..<index]) + [stop]
        }
        return diagnostics
    }
}
