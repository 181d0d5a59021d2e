/// How numbers and strings are spelled back as Regula source text, shared by the AST
/// printer and by hosts that print values the way a script would write them.
public enum LiteralText {
    /// Integral values without a decimal point (`3`, not `3.0`); others in the shortest
    /// form that reads back to the same value (`0.1`, `1e-05`).
    public static func number(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e16 { return String(Int64(value)) }
        return value.description
    }

    /// A string in double quotes with `"`, `\\`, line feeds, tabs and carriage returns
    /// escaped: `"a \"b\"\n"`, other control characters as `\u{1B}`; with
    /// `escapingBraces`, `{` and `}` too, so the text reads back as a literal rather than
    /// an interpolation.
    public static func quoted(_ text: String, escapingBraces: Bool = false) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "{" where escapingBraces: out += "\\{"
            case "}" where escapingBraces: out += "\\}"
            // Other controls (ESC, BEL, DEL, C1) as `\u{1B}`: a quoted string read from a
            // file must not drive the terminal it is echoed to.
            case _ where isControl(scalar):
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// C0 and C1 control characters and DEL: what a terminal may take as a command.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
