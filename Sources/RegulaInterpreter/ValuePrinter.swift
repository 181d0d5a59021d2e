import RegulaSyntax

/// How values print. Numbers: an integral value without a decimal point (`3`), others in
/// the shortest form that reads back to the same Double (`0.1`, `1e-05`); strings quoted
/// inside containers; nesting deeper than `maxDepth` prints as `...`.
enum ValuePrinter {
    static let maxDepth = 64

    /// Printing stopped: the text would be longer than the limit given.
    struct TooLong: Error {}

    /// Appends `value`'s text to `out`, throwing as soon as `out` holds more than `limit`
    /// UTF-8 bytes (a list of 10⁷ copies of a 10⁷-character string would otherwise be
    /// built before anything could refuse it); `out` then holds the text so far.
    static func write(_ value: Value, into out: inout String, depth: Int, limit: Int) throws(TooLong) {
        guard depth < maxDepth else {
            out += "..."
            return
        }
        switch value {
        case .none: out += "none"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let x): out += format(x)
        case .string(let s): out += quoted(s)
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                try write(item, into: &out, depth: depth + 1, limit: limit)
            }
            out += "]"
        case .record(let record):
            out += "{"
            for (i, (name, item)) in zip(record.names, record.values).enumerated() {
                if i > 0 { out += ", " }
                out += name + ": "
                try write(item, into: &out, depth: depth + 1, limit: limit)
            }
            out += "}"
        case .function(let function): out += function.description
        case .host(let object): out += depth == 0 ? object.description : object.summary
        }
        if out.utf8.count > limit { throw TooLong() }
    }

    /// `3`, `-2`, `0.1`, `1e-05`, `1e+20`, `inf`, `nan`.
    static func format(_ x: Double) -> String {
        if x == 0 { return "0" }  // also -0: a sign on zero only confuses
        if x.isFinite, x.rounded() == x, abs(x) < 1e16 {
            return String(Int64(x))
        }
        return x.description
    }

    /// A string as a literal that reads back to the same string: `"a \"b\"\n"`, braces
    /// escaped (`"\{x\}"`) so they are not taken for interpolation.
    static func quoted(_ s: String) -> String {
        LiteralText.quoted(s, escapingBraces: true)
    }
}
