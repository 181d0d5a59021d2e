/// A JSON value from `JSONValue.parse`, a small strict RFC 8259 parser for untrusted
/// input (safetensors headers): it works on bytes, rejects invalid UTF-8, duplicate keys,
/// trailing data and nesting deeper than `maxDepth`, and never recurses deeper than that,
/// so a hostile file cannot exhaust the stack. Also reads run records (RegulaInterpreter).
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// The number's text, exactly as written (callers decide how to read it).
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in file order.
    case object([(key: String, value: JSONValue)])

    public static let maxDepth = 64

    public struct ParseError: Error {
        /// What was wrong, and the byte offset where.
        public var message: String
        public var offset: Int
    }

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// Parses one JSON document that spans all of `bytes` (surrounding whitespace allowed).
    public static func parse(_ bytes: [UInt8]) throws(ParseError) -> JSONValue {
        var work = 0
        return try parse(bytes, work: &work)
    }

    /// `parse`, also counting the bytes copied into strings (`work`), for tests that the
    /// parser stays linear.
    static func parse(_ bytes: [UInt8], work: inout Int) throws(ParseError) -> JSONValue {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw ParseError(message: "not valid UTF-8", offset: 0)
        }
        var parser = Parser(bytes: bytes)
        defer { work = parser.work }
        let value = try parser.value(depth: 1)
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.failure("unexpected data after the JSON value") }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        var position = 0
        /// Bytes copied into string values, escapes included: the test of linear work.
        var work = 0

        func failure(_ message: String) -> ParseError { ParseError(message: message, offset: position) }

        mutating func skipWhitespace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }

        func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func value(depth: Int) throws(ParseError) -> JSONValue {
            guard depth <= JSONValue.maxDepth else { throw failure("nesting deeper than \(JSONValue.maxDepth) levels") }
            skipWhitespace()
            guard let byte = peek() else { throw failure("unexpected end of the JSON text") }
            switch byte {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
            default: throw failure("unexpected character '\(InputText.clipped(String(Unicode.Scalar(byte))))'")
            }
        }

        mutating func literal(_ word: String) throws(ParseError) {
            let expected = Array(word.utf8)
            guard bytes.count - position >= expected.count,
                Array(bytes[position..<(position + expected.count)]) == expected
            else { throw failure("invalid literal (expected \(word))") }
            position += expected.count
        }

        mutating func object(depth: Int) throws(ParseError) -> JSONValue {
            position += 1
            var members: [(key: String, value: JSONValue)] = []
            // Keys compare as bytes, not as Swift strings (which equate canonically
            // equivalent text): "é" and "e\u{301}" are two keys, not a duplicate.
            var keys = Set<[UInt8]>()
            skipWhitespace()
            if peek() == UInt8(ascii: "}") {
                position += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard peek() == UInt8(ascii: "\"") else { throw failure("expected a string key") }
                let key = try string()
                guard keys.insert(Array(key.utf8)).inserted else { throw failure("duplicate key \(InputText.quoted(key))") }
                skipWhitespace()
                guard peek() == UInt8(ascii: ":") else { throw failure("expected ':' after a key") }
                position += 1
                members.append((key, try value(depth: depth + 1)))
                skipWhitespace()
                switch peek() {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "}"): position += 1; return .object(members)
                default: throw failure("expected ',' or '}' in an object")
                }
            }
        }

        mutating func array(depth: Int) throws(ParseError) -> JSONValue {
            position += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if peek() == UInt8(ascii: "]") {
                position += 1
                return .array(elements)
            }
            while true {
                elements.append(try value(depth: depth + 1))
                skipWhitespace()
                switch peek() {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "]"): position += 1; return .array(elements)
                default: throw failure("expected ',' or ']' in an array")
                }
            }
        }

        mutating func number() throws(ParseError) -> String {
            let start = position
            func digits() -> Int {
                let first = position
                while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { position += 1 }
                return position - first
            }
            if peek() == UInt8(ascii: "-") { position += 1 }
            if peek() == UInt8(ascii: "0") {
                position += 1
            } else if digits() == 0 {
                throw failure("invalid number")
            }
            if peek() == UInt8(ascii: ".") {
                position += 1
                guard digits() > 0 else { throw failure("invalid number: digits expected after '.'") }
            }
            if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
                position += 1
                if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
                guard digits() > 0 else { throw failure("invalid number: digits expected in the exponent") }
            }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }

        /// A string's value. Its UTF-8 goes into one byte buffer, runs of plain bytes copied
        /// whole, so the work is linear in the string's length however many escapes it has
        /// (appending to a `String.UnicodeScalarView` copied the whole string at each
        /// escape: 3 million `\n` took minutes).
        mutating func string() throws(ParseError) -> String {
            position += 1
            var utf8: [UInt8] = []
            var runStart = position
            while true {
                guard let byte = peek() else { throw failure("unterminated string") }
                if byte == UInt8(ascii: "\"") {
                    utf8.append(contentsOf: bytes[runStart..<position])
                    work += position - runStart
                    position += 1
                    return String(decoding: utf8, as: UTF8.self)
                }
                if byte < 0x20 { throw failure("control character in a string") }
                if byte != UInt8(ascii: "\\") {
                    position += 1
                    continue
                }
                utf8.append(contentsOf: bytes[runStart..<position])
                work += position - runStart + 1
                position += 1
                guard let escape = peek() else { throw failure("unterminated string") }
                position += 1
                switch escape {
                case UInt8(ascii: "\""): utf8.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): utf8.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): utf8.append(UInt8(ascii: "/"))
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"): utf8.append(contentsOf: String(try unicodeEscape()).utf8)
                default: throw failure("invalid escape in a string")
                }
                runStart = position
            }
        }

        /// After `\u`: four hex digits, or a surrogate pair `\uD83D\uDE00`.
        mutating func unicodeEscape() throws(ParseError) -> Unicode.Scalar {
            let high = try hex4()
            var code = high
            if (0xD800..<0xDC00).contains(high) {
                guard peek() == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u")
                else { throw failure("unpaired surrogate in a \\u escape") }
                position += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw failure("unpaired surrogate in a \\u escape") }
                code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(code) else { throw failure("unpaired surrogate in a \\u escape") }
            return scalar
        }

        mutating func hex4() throws(ParseError) -> UInt32 {
            guard bytes.count - position >= 4 else { throw failure("\\u needs four hex digits") }
            var code: UInt32 = 0
            for _ in 0..<4 {
                guard let digit = hexDigit(bytes[position]) else { throw failure("\\u needs four hex digits") }
                code = code << 4 | digit
                position += 1
            }
            return code
        }

        func hexDigit(_ byte: UInt8) -> UInt32? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
        }
    }
}
