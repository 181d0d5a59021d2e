/// The one "did you mean ...?" engine, for misspelt names everywhere: the language's names,
/// keywords and keyword arguments, the engine's optimizers and CSV columns, the CLI's
/// subcommands. It knows only strings; each caller words its own message.
public enum Suggestion {
    /// The candidate closest to `word`, if it is close enough to be a likely typo: at most
    /// one edit per three letters (at least one), compared case-insensitively, by
    /// Damerau–Levenshtein distance (a swap of two neighbouring letters is one edit, so
    /// `optimzier` is one edit from `optimizer`), and not the word itself. Among equally
    /// close candidates the one nearest in length wins (a typo usually replaces a letter
    /// rather than adding one: `adamx` → `adamw`, not `adam`), then the earliest.
    /// With `acceptsUniquePrefix`, the one candidate that starts with `word` comes first
    /// (`:he` → `help`).
    public static func closest<S: Sequence>(to word: String, among candidates: S,
                                            acceptsUniquePrefix: Bool = false) -> String? where S.Element == String {
        if acceptsUniquePrefix {
            guard !word.isEmpty else { return nil }
            let prefixed = candidates.filter { $0.hasPrefix(word) }
            if prefixed.count == 1 { return prefixed[0] }
        }
        let lowered = word.lowercased()
        let limit = max(1, word.count / 3)
        var best: (candidate: String, distance: Int, lengthGap: Int)?
        for candidate in candidates where candidate != word {
            let d = distance(lowered, candidate.lowercased())
            let gap = abs(word.count - candidate.count)
            // A distance as long as both words replaces all of them: no typo (`x` is not `y`).
            guard d <= limit, d < max(word.count, candidate.count) else { continue }
            if let current = best, (d, gap) >= (current.distance, current.lengthGap) { continue }
            best = (candidate, d, gap)
        }
        return best?.candidate
    }

    /// The Damerau–Levenshtein (optimal string alignment) distance between two strings,
    /// counted in Unicode scalars, case-sensitively.
    public static func distance(_ a: String, _ b: String) -> Int {
        let s = Array(a.unicodeScalars), t = Array(b.unicodeScalars)
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        // Three rolling rows: two back (for transpositions), previous and current.
        var twoBack = [Int](repeating: 0, count: t.count + 1)
        var previous = Array(0...t.count)
        var row = [Int](repeating: 0, count: t.count + 1)
        for i in 1...s.count {
            row[0] = i
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    value = min(value, twoBack[j - 2] + 1)
                }
                row[j] = value
            }
            (twoBack, previous, row) = (previous, row, twoBack)
        }
        return previous[t.count]
    }

    /// `" — did you mean 'x'?"` or the empty string, for appending to a message.
    public static func phrase(_ suggestion: String?) -> String {
        guard let suggestion else { return "" }
        return " — did you mean '\(suggestion)'?"
    }
}
