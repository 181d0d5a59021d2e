import RegulaSyntax

/// How values print. Numbers: an integral value without a decimal point (`3`), others in
/// the shortest form that reads back to the same Double (`0.1`, `1e-05`); strings quoted
/// inside containers; nesting deeper than `maxDepth` prints as `...`.
enum ValuePrinter {
    static let maxDepth = 64

    static func write(_ value: Value, into out: inout String, depth: Int) {
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
                write(item, into: &out, depth: depth + 1)
            }
            out += "]"
        case .record(let record):
            out += "{"
            for (i, (name, item)) in zip(record.names, record.values).enumerated() {
                if i > 0 { out += ", " }
                out += name + ": "
                write(item, into: &out, depth: depth + 1)
            }
            out += "}"
        case .function(let function): out += function.description
        case .host(let object): out += depth == 0 ? object.description : object.summary
        }
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
