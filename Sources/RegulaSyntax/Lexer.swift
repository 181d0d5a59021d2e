/// Turns source text into tokens. Newlines are kept as `.newline` tokens (collapsed);
/// the parser decides where they end a statement. Strings are lexed with their
/// interpolations: the embedded expressions become token lists positioned in the file.
public struct Lexer {
    /// How deeply string interpolations may nest (`"{ "{ "{x}" }" }"`).
    public static let maxInterpolationDepth = 32

    let source: SourceFile
    let bytes: [UInt8]
    var position: Int
    public private(set) var diagnostics: [Diagnostic] = []
    /// Offsets of the `{` of the interpolations being lexed, innermost last.
    var openInterpolations: [Int] = []
    /// Set after a fatal string error on a line: the rest of the line is skipped silently
    /// so one mistake is reported once.
    var lineAbandoned = false

    public init(source: SourceFile) {
        self.source = source
        self.bytes = source.bytes
        self.position = 0
    }

    /// Lexes a whole file. The token list always ends with `.endOfInput`.
    public static func tokenize(_ source: SourceFile) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(source: source)
        let tokens = lexer.lexFile()
        return (tokens, lexer.diagnostics)
    }

    mutating func lexFile() -> [Token] {
        var tokens: [Token] = []
        // A UTF-8 byte order mark (left by some Windows editors) is not part of the script.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        // A lone CR reads as a space, so a file with classic Mac line endings would be one
        // long line (all a comment, if it starts with one): say so once, where it starts.
        if let cr = bytes.indices.first(where: { bytes[$0] == 13 && ($0 + 1 == bytes.count || bytes[$0 + 1] != 10) }) {
            report(Messages.loneCarriageReturn, Span(start: cr, end: cr + 1), hint: Messages.loneCarriageReturnHint)
        }
        while true {
            let spaced = skipSpaceAndComments(allowComments: true)
            guard let byte = peek() else { break }
            if byte == UInt8(ascii: "\n") {
                lineAbandoned = false
                let start = position
                position += 1
                if let last = tokens.last, last.kind == .newline { continue }
                if tokens.isEmpty { continue }
                tokens.append(Token(kind: .newline, span: Span(start: start, end: start + 1), text: "\n"))
                continue
            }
            if lineAbandoned {
                position += 1
                continue
            }
            var token = lexToken(first: byte)
            token.hasLeadingSpace = spaced
            tokens.append(token)
        }
        // End of input sits right after the last token, so "unexpected end of input"
        // points at the line that needs continuing rather than at an empty last line.
        let end = tokens.last(where: { $0.kind != .newline })?.span.end ?? 0
        tokens.append(Token(kind: .endOfInput, span: Span(start: end, end: end), text: ""))
        return tokens
    }

    /// Why an interpolation's token run stopped.
    enum InterpolationStop { case closeBrace, formatColon, lineEnd }

    /// Lexes the tokens of an embedded `{expr}` up to its closing `}` or format `:` at
    /// bracket depth 0, or to the end of the line (an unterminated string).
    mutating func lexInterpolation() -> (tokens: [Token], stop: InterpolationStop) {
        var tokens: [Token] = []
        var depth = 0
        while true {
            let spaced = skipSpaceAndComments(allowComments: false)
            guard let byte = peek(), byte != UInt8(ascii: "\n"), !lineAbandoned else {
                return (tokens, .lineEnd)
            }
            if depth == 0 && byte == UInt8(ascii: "}") { return (tokens, .closeBrace) }
            if depth == 0 && byte == UInt8(ascii: ":") { return (tokens, .formatColon) }
            var token = lexToken(first: byte)
            token.hasLeadingSpace = spaced
            switch token.kind {
            case .leftParen, .leftBracket, .leftBrace: depth += 1
            case .rightParen, .rightBracket, .rightBrace: depth = max(0, depth - 1)
            default: break
            }
            tokens.append(token)
        }
    }

    func peek(_ offset: Int = 0) -> UInt8? {
        let index = position + offset
        return index >= 0 && index < bytes.count ? bytes[index] : nil
    }

    /// Skips spaces, tabs, carriage returns and (in files) `#` comments up to the newline.
    /// Returns whether anything was skipped.
    mutating func skipSpaceAndComments(allowComments: Bool) -> Bool {
        let start = position
        while let byte = peek() {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                position += 1
            } else if allowComments && byte == UInt8(ascii: "#") {
                while let next = peek(), next != UInt8(ascii: "\n") { position += 1 }
            } else {
                break
            }
        }
        return position > start
    }

    mutating func report(_ message: Message, _ span: Span, label: String? = nil, related: [RelatedSpan] = [], hint: String? = nil) {
        // Past the limit nothing more is kept (`ErrorLimit`); lexing goes on, in linear time.
        if lineAbandoned || diagnostics.count > ErrorLimit.maxErrors { return }
        diagnostics.append(Diagnostic(id: message.id, message: message.text, source: source, span: span, label: label, related: related, hint: hint))
    }

    func text(_ start: Int, _ end: Int) -> String {
        source.text(of: Span(start: start, end: end))
    }

    /// Lexes one token starting at `first` (never a space or newline).
    mutating func lexToken(first: UInt8) -> Token {
        let start = position
        if isDigit(first) { return lexNumber() }
        if isIdentifierStart(first) || nameScalarLength(at: start) != nil { return lexName() }
        if first == UInt8(ascii: "\"") { return lexString() }
        if let (kind, length) = punctuation(first) {
            position += length
            return Token(kind: kind, span: Span(start: start, end: position), text: text(start, position))
        }
        return lexInvalidCharacter()
    }

    /// How a character is named in a message: itself in quotes, or its code point when it
    /// would be invisible (controls, spaces other than the ASCII space, format characters).
    static func visible(_ scalar: UnicodeScalar) -> String {
        let invisible = scalar.properties.isWhitespace || scalar.value < 0x20 || scalar.value == 0x7F
            || scalar.properties.generalCategory == .format || scalar == "\u{FFFD}"
        return invisible ? codePoint(scalar) : "'\(scalar)'"
    }

    /// `U+00A0`.
    static func codePoint(_ scalar: UnicodeScalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// An emoji or other non-ASCII symbol (`😀`, `°`, `€`) that someone may have meant as part
    /// of a name. (Math symbols such as `×` and `¬` are more likely operators from elsewhere.)
    static func isSymbol(_ character: String) -> Bool {
        guard let scalar = character.unicodeScalars.first, scalar.value >= 0x80 else { return false }
        switch scalar.properties.generalCategory {
        case .otherSymbol, .currencySymbol, .modifierSymbol: return true
        default: return false
        }
    }

    /// Operators and punctuation, longest match first.
    func punctuation(_ first: UInt8) -> (TokenKind, Int)? {
        let second = peek(1)
        switch first {
        case UInt8(ascii: "+"): return (.plus, 1)
        case UInt8(ascii: "-"): return (.minus, 1)
        case UInt8(ascii: "*"): return second == UInt8(ascii: "*") ? (.starStar, 2) : (.star, 1)
        case UInt8(ascii: "/"): return (.slash, 1)
        case UInt8(ascii: "%"): return (.percent, 1)
        case UInt8(ascii: "@"): return (.at, 1)
        case UInt8(ascii: "="): return second == UInt8(ascii: "=") ? (.equalEqual, 2) : (.equal, 1)
        case UInt8(ascii: "!"): return second == UInt8(ascii: "=") ? (.bangEqual, 2) : nil
        case UInt8(ascii: "<"): return second == UInt8(ascii: "=") ? (.lessEqual, 2) : (.less, 1)
        case UInt8(ascii: ">"): return second == UInt8(ascii: "=") ? (.greaterEqual, 2) : (.greater, 1)
        case UInt8(ascii: "|"): return second == UInt8(ascii: ">") ? (.pipe, 2) : nil
        case UInt8(ascii: "."): return (.dot, 1)
        case UInt8(ascii: ","): return (.comma, 1)
        case UInt8(ascii: ":"): return (.colon, 1)
        case UInt8(ascii: ";"): return (.semicolon, 1)
        case UInt8(ascii: "("): return (.leftParen, 1)
        case UInt8(ascii: ")"): return (.rightParen, 1)
        case UInt8(ascii: "["): return (.leftBracket, 1)
        case UInt8(ascii: "]"): return (.rightBracket, 1)
        case UInt8(ascii: "{"): return (.leftBrace, 1)
        case UInt8(ascii: "}"): return (.rightBrace, 1)
        default: return nil
        }
    }

    /// name = name-start { name-continue } ;  (UAX #31: XID_Start / XID_Continue, and `_`)
    /// A name with non-ASCII characters is stored NFC-normalized, so `café` typed with a
    /// precomposed `é` or with `e` and a combining accent is the same name.
    mutating func lexName() -> Token {
        let start = position
        var isASCII = true
        var startsBadly = false
        while let byte = peek() {
            if isIdentifierPart(byte) {
                position += 1
            } else if let length = nameScalarLength(at: position) {
                if position == start, !Lexer.isNameStart(scalar(at: position)) { startsBadly = true }
                position += length
                isASCII = false
            } else {
                break
            }
        }
        let span = Span(start: start, end: position)
        let word = text(start, position)
        if isASCII {
            let kind: TokenKind = Keyword(rawValue: word).map { .keyword($0) } ?? .identifier
            return Token(kind: kind, span: span, text: word)
        }
        if startsBadly {
            // A combining accent or a digit of another script cannot begin a name; the word
            // is still taken whole and read as a name, so the rest of the line reads normally.
            report(Lexer.badNameStart(word), span, hint: Messages.hintBadNameStart)
        }
        return Token(kind: .identifier, span: span, text: Lexer.normalized(word))
    }

    /// The error for a word whose first character may continue a name but not start it.
    /// A combining mark is named by its code point (shown, it would sit on the quote).
    static func badNameStart(_ word: String) -> Message {
        guard let first = word.unicodeScalars.first else { return Messages.badNameStart(word, word) }
        switch first.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return Messages.markStartsName(codePoint(first))
        default:
            return Messages.badNameStart(word, visible(first))
        }
    }

    /// `word` in Unicode Normalization Form C. (The standard library's NFC form: Regula's
    /// syntax target does not link Foundation.)
    static func normalized(_ word: String) -> String {
        String(decoding: word._nfcCodeUnits, as: UTF8.self)
    }

    /// Whether a non-ASCII scalar may begin a name.
    static func isNameStart(_ scalar: UnicodeScalar?) -> Bool {
        scalar?.properties.isXIDStart == true
    }

    /// The scalar starting at `offset` (nil for an invalid UTF-8 sequence).
    func scalar(at offset: Int) -> UnicodeScalar? {
        guard offset < bytes.count else { return nil }
        let length = min(utf8Length(of: bytes[offset]), bytes.count - offset)
        guard let scalar = text(offset, offset + length).unicodeScalars.first, scalar != "\u{FFFD}" else { return nil }
        return scalar
    }

    /// The UTF-8 length of the non-ASCII scalar at `offset` when it may stand in a name
    /// (XID_Continue, which includes every XID_Start letter), or nil: an ASCII byte, a
    /// symbol or emoji, a space, an invalid sequence.
    func nameScalarLength(at offset: Int) -> Int? {
        guard offset < bytes.count, bytes[offset] >= 0x80, let scalar = scalar(at: offset),
              scalar.properties.isXIDContinue else { return nil }
        return min(utf8Length(of: bytes[offset]), bytes.count - offset)
    }

    /// Reports a character that starts no token (a whole UTF-8 scalar) with a hint for
    /// the usual suspects from other languages.
    mutating func lexInvalidCharacter() -> Token {
        let start = position
        position += max(1, utf8Length(of: bytes[start]))
        position = min(position, bytes.count)
        let character = text(start, position)
        let shown = character.unicodeScalars.first.map(Lexer.visible) ?? character
        let hint: String?
        switch character {
        case "!": hint = Messages.hintNot
        case "&": hint = Messages.hintAnd
        case "|": hint = peek() == UInt8(ascii: "|") ? Messages.hintOr : Messages.hintPipe
        case "'": hint = Messages.hintDoubleQuotes
        default: hint = Lexer.isSymbol(character) ? Messages.hintSymbolInName : nil
        }
        report(Messages.unexpectedCharacter(shown), Span(start: start, end: position), hint: hint)
        return Token(kind: .invalid, span: Span(start: start, end: position), text: character)
    }
}

func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
func isIdentifierStart(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
}
func isIdentifierPart(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || isDigit(byte) }

/// The byte length of the UTF-8 sequence a lead byte starts (1 for stray bytes).
func utf8Length(of lead: UInt8) -> Int {
    switch lead {
    case 0xF0...0xF7: return 4
    case 0xE0...0xEF: return 3
    case 0xC0...0xDF: return 2
    default: return 1
    }
}
