import Foundation

/// A format spec of string interpolation, `{x:SPEC}`, after Python's mini-language:
///
///     [[fill]align][sign][0][width][,][.precision][type]
///
/// align `<` `>` `^`; sign `+` `-` or space; `0` pads numbers with zeros after the sign;
/// `,` groups thousands; types `f` (fixed, default precision 6), `e` (exponent), `%`
/// (times 100, fixed, then `%`), `g` (general), `d` (integer), `s` (text). No type: the
/// value as `print` shows it, or with a precision, that many significant digits.
/// Numbers align right by default, everything else left.
struct FormatSpec: Equatable {
    struct Error: Swift.Error {
        var message: String
        var id: String
        var hint: String?
    }

    var fill: Character = " "
    var align: Character?
    var sign: Character?
    var zeroPad = false
    var width = 0
    var grouping = false
    var precision: Int?
    var type: Character?

    static let maxWidth = 1000, maxPrecision = 100

    init(parsing spec: String) throws {
        let chars = Array(spec)
        var i = 0
        func bad(_ reason: String) -> Error {
            Error(message: RuntimeMessages.badFormatSpec(spec, reason), id: "invalid-format", hint: RuntimeMessages.formatSpecHint)
        }
        func digits() throws -> Int? {
            var n = 0, count = 0
            while i < chars.count, let d = chars[i].wholeNumberValue, chars[i].isASCII {
                n = n * 10 + d
                count += 1
                i += 1
                if n > FormatSpec.maxWidth { throw bad(RuntimeMessages.formatNumberTooLarge(FormatSpec.maxWidth)) }
            }
            return count > 0 ? n : nil
        }
        if chars.count >= 2, "<>^".contains(chars[1]) {
            fill = chars[0]
            align = chars[1]
            i = 2
        } else if let first = chars.first, "<>^".contains(first) {
            align = first
            i = 1
        }
        if i < chars.count, "+- ".contains(chars[i]) {
            sign = chars[i]
            i += 1
        }
        if i < chars.count, chars[i] == "0" {
            zeroPad = true
            i += 1
        }
        width = try digits() ?? 0
        if i < chars.count, chars[i] == "," {
            grouping = true
            i += 1
        }
        if i < chars.count, chars[i] == "." {
            i += 1
            guard let p = try digits() else { throw bad(RuntimeMessages.formatMissingPrecision) }
            guard p <= FormatSpec.maxPrecision else { throw bad(RuntimeMessages.formatNumberTooLarge(FormatSpec.maxPrecision)) }
            precision = p
        }
        if i < chars.count, "fe%gds".contains(chars[i]) {
            type = chars[i]
            i += 1
        }
        guard i == chars.count else { throw bad(RuntimeMessages.formatUnexpected(String(chars[i]))) }
        if type == "d", precision != nil { throw bad(RuntimeMessages.formatPrecisionWithD) }
    }

    /// A number, or the one element of a 0-d tensor: a reduction inside a differentiated
    /// function (`sum(w ** 2)`) is one, and computes and formats like a number, as numpy's
    /// 0-d arrays do.
    static func number(_ value: Value) -> Double? {
        if case .number(let x) = value { return x }
        if let object = value.host(as: TensorObject.self), object.tensor.rank == 0 { return Double(object.tensor.scalars[0]) }
        return nil
    }

    /// The value formatted by this spec.
    /// `limit`: the longest text wanted (UTF-8 bytes); a value whose text is longer is an
    /// error (`too-large`) found before all of it is built.
    func format(_ value: Value, limit: Int = .max) throws -> String {
        let body: String
        var isNumber = false
        if let x = Self.number(value) {
            isNumber = true
            body = try formatNumber(x)
        } else if let type, type != "s" {
            throw Error(message: RuntimeMessages.formatNeedsNumber(type, value), id: "type-error", hint: nil)
        } else {
            var text: String
            if let precision {
                // Only the first `precision` characters are kept: build no more than that.
                let start = value.descriptionPrefix(min(limit, precision * 4 + 4))
                text = start.count > precision ? String(start.prefix(precision)) : start
            } else {
                guard let whole = value.description(limit: limit) else {
                    throw Error(message: RuntimeMessages.tooLong("string", limit), id: "too-large", hint: nil)
                }
                text = whole
            }
            body = text
        }
        return pad(body, isNumber: isNumber)
    }

    private func formatNumber(_ x: Double) throws -> String {
        var text: String
        switch type {
        case "f": text = String(format: "%.\(precision ?? 6)f", x)
        case "e": text = String(format: "%.\(precision ?? 6)e", x)
        case "g": text = String(format: "%.\(precision ?? 6)g", x)
        case "%": text = String(format: "%.\(precision ?? 6)f", x * 100) + "%"
        case "d":
            guard let n = Value.integer(x) else {
                throw Error(message: RuntimeMessages.formatNeedsInteger(x), id: "type-error", hint: RuntimeMessages.formatIntegerHint)
            }
            text = String(n)
        case "s": text = ValuePrinter.format(x)
        default: text = precision.map { String(format: "%.\(max($0, 1))g", x) } ?? ValuePrinter.format(x)
        }
        if grouping { text = Self.grouped(text) }
        if !text.hasPrefix("-") {
            if sign == "+" { text = "+" + text } else if sign == " " { text = " " + text }
        }
        return text
    }

    /// Inserts `,` every three digits of the integer part.
    static func grouped(_ text: String) -> String {
        var chars = Array(text)
        let start = chars.firstIndex { $0.isNumber } ?? 0
        var end = start
        while end < chars.count, chars[end].isNumber { end += 1 }
        var position = end - 3
        while position > start {
            chars.insert(",", at: position)
            position -= 3
        }
        return String(chars)
    }

    private func pad(_ text: String, isNumber: Bool) -> String {
        let missing = width - text.count
        guard missing > 0 else { return text }
        if zeroPad, align == nil, isNumber {
            // Zeros go between the sign and the digits: -0042.
            let hasSign = text.first.map { "+- ".contains($0) } ?? false
            let sign = hasSign ? String(text.prefix(1)) : ""
            return sign + String(repeating: "0", count: missing) + text.dropFirst(hasSign ? 1 : 0)
        }
        let filler = { (n: Int) in String(repeating: fill, count: n) }
        switch align ?? (isNumber ? ">" : "<") {
        case "<": return text + filler(missing)
        case "^": return filler(missing / 2) + text + filler(missing - missing / 2)
        default: return filler(missing) + text
        }
    }
}
