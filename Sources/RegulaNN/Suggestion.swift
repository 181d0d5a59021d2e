/// "Did you mean ...?" for a misspelt name: the closest candidate by Levenshtein edit
/// distance, if it is close enough to be a plausible typo.
public enum Suggestion {
    /// The candidate nearest to `name`, or nil when none is within
    /// `max(1, name.count / 3)` edits, compared case-insensitively. Among equally close
    /// candidates the one whose length is nearest wins (`adamx` → `adamw`, not `adam`),
    /// then the earliest, so the answer is deterministic.
    public static func closest(to name: String, among candidates: [String]) -> String? {
        let lowered = Array(name.lowercased())
        let limit = max(1, lowered.count / 3)
        var best: (candidate: String, score: (Int, Int))?
        for candidate in candidates where candidate != name {
            let other = Array(candidate.lowercased())
            let score = (editDistance(lowered, other), abs(other.count - lowered.count))
            // A distance as long as the name replaces all of it: no typo (`z` is not `a`).
            if score.0 <= limit, score.0 < lowered.count, best.map({ score < $0.score }) ?? true {
                best = (candidate, score)
            }
        }
        return best?.candidate
    }

    /// The Levenshtein distance: insertions, deletions and substitutions, each costing 1.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        editDistance(Array(a), Array(b))
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        // Two rolling rows of the dynamic-programming table.
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// `" — did you mean 'x'?"` or the empty string, for appending to a message.
    public static func phrase(_ suggestion: String?) -> String {
        guard let suggestion else { return "" }
        return " — did you mean '\(suggestion)'?"
    }
}
