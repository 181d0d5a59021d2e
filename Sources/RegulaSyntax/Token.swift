/// The reserved words of Regula. The experiment words `seed`, `loss`, `penalty`,
/// `optimizer` and `model` are *not* here: they are contextual (see `ContextualKeyword`)
/// so they stay usable as names, keyword-argument labels and record fields.
public enum Keyword: String, Sendable, CaseIterable {
    case `let`, `var`, fn, `if`, `else`, `while`, `for`, `in`, `break`, `continue`, `return`
    case `import`, param, `true`, `false`, none, and, or, not
}

/// Words that start a statement only at the beginning of a line and only when followed by
/// an argument on the same line; everywhere else they are ordinary identifiers.
public enum ContextualKeyword: String, Sendable, CaseIterable {
    case seed, loss, penalty, optimizer, model
}

/// What kind of token the lexer produced.
public enum TokenKind: Hashable, Sendable {
    case identifier, number, string
    case keyword(Keyword)
    case plus, minus, star, slash, percent, starStar, at
    case equalEqual, bangEqual, less, lessEqual, greater, greaterEqual, equal
    /// `|>`
    case pipe
    case dot, comma, colon, semicolon
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    /// One or more line breaks (blank and comment-only lines collapse into one).
    case newline
    case endOfInput
    /// Ends the token list of an embedded `{expr}`: the closing `}` or the `:` of a format.
    case interpolationEnd
    /// A character the lexer could not use; it has already been reported.
    case invalid
}

/// A piece of a string literal, as the lexer splits it.
public enum StringSegment: Sendable {
    case text(String, Span)
    /// `{expr}` or `{expr:fmt}`: the embedded expression's tokens (ending with an
    /// `.interpolationEnd` token), positioned in the original file.
    case interpolation(tokens: [Token], span: Span, format: String?, formatSpan: Span?)
}

/// One token with its byte-offset span in the source file.
public struct Token: Sendable {
    public var kind: TokenKind
    public var span: Span
    /// The source text of the token.
    public var text: String
    /// The value of a `.number` token.
    public var number: Double
    /// The pieces of a `.string` token.
    public var segments: [StringSegment]
    /// True when spaces or tabs separate this token from the previous one on its line.
    public var hasLeadingSpace: Bool

    public init(kind: TokenKind, span: Span, text: String, number: Double = 0, segments: [StringSegment] = [], hasLeadingSpace: Bool = false) {
        self.kind = kind
        self.span = span
        self.text = text
        self.number = number
        self.segments = segments
        self.hasLeadingSpace = hasLeadingSpace
    }

    /// How the token is named in a message: `'foo'`, `number 42`, `newline`, `end of input`.
    public var description: String {
        switch kind {
        case .newline: return "newline"
        case .endOfInput: return "end of input"
        case .interpolationEnd: return text == ":" ? "':'" : "'}'"
        case .number: return "number \(text)"
        case .string: return "a string"
        case .identifier: return "'\(text)'"
        case .keyword: return "keyword '\(text)'"
        default: return "'\(text)'"
        }
    }
}
