/// "Did you mean ...?" for misspelled names, keywords, builtins and keyword arguments,
/// by Damerau–Levenshtein distance (optimal string alignment: a swap of two neighbouring
/// letters counts as one edit, so `optimzier` is one edit from `optimizer`).
public enum Suggestions {
    /// The candidate closest to `word`, if it is close enough to be a likely typo:
    /// at most one edit per three letters (at least one), and not the word itself.
    /// Ties go to the earlier candidate.
    public static func closest<S: Sequence>(to word: String, in candidates: S) -> String? where S.Element == String {
        let limit = max(1, word.count / 3)
        // Ties go to the candidate nearest in length: a typo usually replaces a letter
        // rather than adding one, so 'adamx' suggests 'adamw' before 'adam'.
        var best: (candidate: String, distance: Int, lengthGap: Int)?
        for candidate in candidates where candidate != word {
            let d = distance(word, candidate)
            let gap = abs(word.count - candidate.count)
            guard d <= limit, d < max(word.count, candidate.count) else { continue }
            if let current = best, (d, gap) >= (current.distance, current.lengthGap) { continue }
            best = (candidate, d, gap)
        }
        return best?.candidate
    }

    /// A ready-made hint, `did you mean 'adamw'?`, or nil when nothing is close.
    public static func hint<S: Sequence>(for word: String, in candidates: S) -> String? where S.Element == String {
        closest(to: word, in: candidates).map { Messages.hintDidYouMean($0) }
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
}
