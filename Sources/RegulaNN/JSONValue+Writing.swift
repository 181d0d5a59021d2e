/// Writing JSON, for run records (the parser is `JSONValue.parse`). Numbers keep the text
/// they were made with; `JSONValue.number(_: Double)` spells a Double in Swift's shortest
/// form that reads back to the same bits, so a run record's numbers round-trip exactly.
/// It lives in RegulaNN, which is always compiled optimised: a large record is written
/// fast in debug builds too.
extension JSONValue {
    /// A Double as JSON: integral values below 2⁵³ as integers (`3`), others in Swift's
    /// shortest round-trip form (`0.1`, `1e-05`); JSON has no NaN or infinity, so those
    /// become the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
    public static func number(_ x: Double) -> JSONValue {
        if x.isNaN { return .string("NaN") }
        if x.isInfinite { return .string(x < 0 ? "-Infinity" : "Infinity") }
        if x.rounded() == x, abs(x) < 9_007_199_254_740_992, !(x == 0 && x.sign == .minus) {
            return .number(String(Int64(x)))
        }
        return .number(x.description)
    }

    /// The value of a JSON number or of the strings `number(_:)` writes for NaN and ±∞.
    public var asDouble: Double? {
        switch self {
        case .number(let text): return Double(text)
        case .string("NaN"): return .nan
        case .string("Infinity"): return .infinity
        case .string("-Infinity"): return -.infinity
        default: return nil
        }
    }

    public var asString: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var asArray: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The member named `key` of an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// Pretty-printed text (two-space indent; arrays of scalars on one line), ending in a
    /// newline.
    public func serialized() -> String {
        var out = ""
        write(into: &out, indent: "")
        out += "\n"
        return out
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    private func write(into out: inout String, indent: String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let text): out += text
        case .string(let text): out += SafeTensors.jsonString(text)
        case .array(let elements):
            if elements.allSatisfy(\.isScalar) {
                out += "["
                for (i, element) in elements.enumerated() {
                    if i > 0 { out += ", " }
                    element.write(into: &out, indent: indent)
                }
                out += "]"
                return
            }
            let inner = indent + "  "
            out += "[\n"
            for (i, element) in elements.enumerated() {
                out += inner
                element.write(into: &out, indent: inner)
                out += i + 1 < elements.count ? ",\n" : "\n"
            }
            out += indent + "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            let inner = indent + "  "
            out += "{\n"
            for (i, member) in members.enumerated() {
                out += inner
                out += SafeTensors.jsonString(member.key)
                out += ": "
                member.value.write(into: &out, indent: inner)
                out += i + 1 < members.count ? ",\n" : "\n"
            }
            out += indent + "}"
        }
    }
}
