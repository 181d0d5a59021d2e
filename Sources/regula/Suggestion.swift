import RegulaSyntax

/// "Did you mean" for mistyped subcommands and `:` commands.
enum Suggestion {
    /// The one candidate that starts with `word` (`:he` → `help`), else the closest
    /// likely typo (`RegulaSyntax.Suggestions`); nil when nothing is close.
    static func closest(to word: String, among candidates: [String]) -> String? {
        guard !word.isEmpty else { return nil }
        let prefixed = candidates.filter { $0.hasPrefix(word) }
        if prefixed.count == 1 { return prefixed[0] }
        return Suggestions.closest(to: word, in: candidates)
    }
}
