/// Text from an input file — a CSV cell or column name, a tensor name, a run record's
/// field — as a message quotes it: control characters escaped so they cannot drive the
/// terminal (`ESC[31m`, a bell, a title change), and clipped so a 100 KB name does not
/// make a 100 KB message. Every reader's message that quotes its input goes through here.
public enum InputText {
    /// Characters shown before a quote is cut with "…".
    public static let maxCharacters = 60

    /// `text` with control characters written as escapes (`\n`, `\t`, `\r`, `\0`,
    /// `\u{1B}`; also DEL, the C1 controls and the bidirectional overrides, which reorder
    /// what the terminal shows) and cut to `limit` characters with "…".
    public static func clipped(_ text: String, limit: Int = maxCharacters) -> String {
        var out = ""
        var shown = 0
        for scalar in text.unicodeScalars {
            guard shown < limit else { return out + "…" }
            out += escaped(scalar)
            shown += 1
        }
        return out
    }

    /// `clipped(text)` in double quotes.
    public static func quoted(_ text: String, limit: Int = maxCharacters) -> String {
        "\"" + clipped(text, limit: limit) + "\""
    }

    /// True if `scalar` must not reach a terminal as it is.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    static func escaped(_ scalar: Unicode.Scalar) -> String {
        guard isControl(scalar) else { return String(scalar) }
        switch scalar {
        case "\n": return "\\n"
        case "\t": return "\\t"
        case "\r": return "\\r"
        case "\0": return "\\0"
        default: return "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        }
    }
}
