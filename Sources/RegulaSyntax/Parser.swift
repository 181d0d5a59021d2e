/// A recursive-descent parser: one function per grammar rule (the rule is in the comment
/// above it and in `grammar/regula.ebnf`), split by grammar area into extensions.
/// Binary operators go through one precedence-climbing loop over `OperatorTable`.
public final class Parser {
    /// How deeply expressions and blocks may nest before the parser gives up with a
    /// diagnostic instead of overflowing the stack.
    public static let maxDepth = 200
    /// How many links (`+ x`, `(...)`, `.name`, `[i]`, `|> f`) the chains of one
    /// expression may have: the parser loops over them, but the tree nests one level per
    /// link and the later passes recurse over it (pipes crash past 50,000 in a debug build).
    public static let maxChain = 25_000

    let source: SourceFile
    var tokens: [Token]
    var index = 0
    var diagnostics: [Diagnostic] = []
    var depth = 0
    var chainDepth = 0
    /// One entry per open bracket context: true where newlines are insignificant
    /// (inside `( )`, `[ ]` and record braces), false in blocks and at top level.
    var ignoresNewlines: [Bool] = [false]
    /// The brackets and braces open around the current token, innermost last.
    var openers: [Token] = []
    /// Set by "unexpected end of input" and "nested too deep": nothing more is reported.
    var stopped = false

    /// Thrown to unwind to the enclosing statement after a diagnostic was recorded.
    struct Failure: Error {}

    init(source: SourceFile, tokens: [Token]) {
        self.source = source
        self.tokens = tokens
    }

    /// Parses a whole file; never traps, whatever the input.
    public static func parse(_ source: SourceFile) -> ParseResult {
        let (tokens, lexDiagnostics) = Lexer.tokenize(source)
        let parser = Parser(source: source, tokens: tokens)
        let statements = parser.parseProgram()
        let all = ErrorLimit.capped((lexDiagnostics + parser.diagnostics).enumerated().sorted {
            ($0.element.span?.start ?? 0, $0.offset) < ($1.element.span?.start ?? 0, $1.offset)
        }.map(\.element))
        return ParseResult(program: Program(statements: statements, source: source), diagnostics: all)
    }

    /// Parses a source that must hold exactly one expression (surrounding newlines allowed).
    public static func parseExpression(_ source: SourceFile) -> ExpressionParseResult {
        let (tokens, lexDiagnostics) = Lexer.tokenize(source)
        let parser = Parser(source: source, tokens: tokens)
        var expression: Expr?
        parser.ignoresNewlines = [true]
        do {
            let parsed = try parser.parseExpression()
            if parser.current.kind != .endOfInput {
                throw parser.failure(expected: Messages.endOfExpression)
            }
            expression = parsed
        } catch {}
        let diagnostics = ErrorLimit.capped(lexDiagnostics + parser.diagnostics)
        return ExpressionParseResult(expression: diagnostics.isEmpty ? expression : nil, diagnostics: diagnostics)
    }

    // MARK: tokens

    /// The current token; newlines are skipped where they are insignificant.
    var current: Token {
        if ignoresNewlines.last == true {
            while index < tokens.count - 1, tokens[index].kind == .newline { index += 1 }
        }
        return token(at: index)
    }

    func token(at position: Int) -> Token {
        if position >= 0 && position < tokens.count { return tokens[position] }
        return tokens.last ?? Token(kind: .endOfInput, span: Span(start: source.bytes.count, end: source.bytes.count), text: "")
    }

    /// The token after the current one (skipping newlines where they are insignificant).
    var next: Token {
        _ = current
        var position = index + 1
        if ignoresNewlines.last == true {
            while position < tokens.count - 1, tokens[position].kind == .newline { position += 1 }
        }
        return token(at: position)
    }

    /// The first token at or after the current one that is not a newline.
    func peekPastNewlines() -> Token {
        var position = index
        while position < tokens.count - 1, tokens[position].kind == .newline { position += 1 }
        return token(at: position)
    }

    func skipNewlines() {
        while index < tokens.count - 1, tokens[index].kind == .newline { index += 1 }
    }

    func check(_ kind: TokenKind) -> Bool { current.kind == kind }

    @discardableResult
    func advance() -> Token {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    func match(_ kind: TokenKind) -> Bool {
        guard check(kind) else { return false }
        advance()
        return true
    }

    /// Consumes a token of `kind` or fails with "expected `what`, found ...".
    @discardableResult
    func expect(_ kind: TokenKind, _ what: String, hint: String? = nil, notes: [String] = []) throws -> Token {
        guard check(kind) else { throw failure(expected: what, hint: hint, notes: notes) }
        return advance()
    }

    /// Runs `body` with newlines significant (`false`) or not (`true`), inside the
    /// bracket `opener` if given (named when the input ends before it is closed).
    func withNewlines<T>(ignored: Bool, opener: Token? = nil, _ body: () throws -> T) rethrows -> T {
        ignoresNewlines.append(ignored)
        if let opener { openers.append(opener) }
        defer {
            ignoresNewlines.removeLast()
            if opener != nil { openers.removeLast() }
        }
        return try body()
    }

    /// Guards recursion: past `maxDepth` it reports once and stops the parse.
    func nested<T>(_ body: () throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxDepth {
            report(Messages.nestingTooDeep(Parser.maxDepth), current.span)
            stopped = true
            throw Failure()
        }
        return try body()
    }

    /// One more link of a left-deep chain; the caller restores `chainDepth` when the
    /// chain ends.
    func chainLink() throws {
        chainDepth += 1
        if chainDepth > Parser.maxChain {
            report(Messages.chainTooLong(Parser.maxChain), current.span)
            stopped = true
            throw Failure()
        }
    }

    // MARK: diagnostics

    func report(_ message: Message, _ span: Span, label: String? = nil, related: [RelatedSpan] = [], notes: [String] = [], hint: String? = nil) {
        if stopped { return }
        diagnostics.append(Diagnostic(id: message.id, message: message.text, source: source, span: span, label: label, related: related, notes: notes, hint: hint))
        // Past the limit nothing more is reported (`ErrorLimit`): stop parsing too.
        if diagnostics.count > ErrorLimit.maxErrors { stopped = true }
    }

    func fail(_ message: Message, _ span: Span, label: String? = nil, related: [RelatedSpan] = [], notes: [String] = [], hint: String? = nil) -> Failure {
        report(message, span, label: label, related: related, notes: notes, hint: hint)
        return Failure()
    }

    /// "expected X, found <current>"; at the end of input the dedicated diagnostic
    /// (which makes the result incomplete); silent on a token the lexer already reported.
    func failure(expected: String, hint: String? = nil, related: [RelatedSpan] = [], notes: [String] = []) -> Failure {
        let found = current
        switch found.kind {
        case .invalid:
            return Failure()
        case .endOfInput:
            var related = related
            if related.isEmpty, let open = openers.last {
                related.append(self.related(open.span, Messages.labelUnclosed(open.text)))
            }
            let failure = fail(Messages.unexpectedEndOfInput(expected: expected), found.span, related: related)
            stopped = true
            return failure
        default:
            return fail(Messages.expected(expected, found: found.description), found.span, related: related, notes: notes, hint: hint)
        }
    }

    func related(_ span: Span, _ label: String) -> RelatedSpan {
        RelatedSpan(span: span, source: source, label: label)
    }

    /// Consumes the closing bracket matching `open`, or reports the unclosed pair with
    /// both ends.
    func expectClosing(_ kind: TokenKind, opener open: Token, expected: String? = nil) throws {
        if match(kind) { return }
        let found = current
        let opened = [related(open.span, Messages.labelUnclosed(open.text))]
        if found.kind == .endOfInput {
            throw failure(expected: Messages.closingBracket(open.text), related: opened)
        }
        if expected != nil, index > 0, token(at: index - 1).kind == .newline {
            // The list or call ran on past a line break: the bracket was most likely left open.
            throw fail(Messages.unclosed(open.text, found: found.description), found.span, related: opened)
        }
        if found.kind == .invalid || expected != nil {
            throw failure(expected: expected ?? Messages.closingBracket(open.text), related: opened)
        }
        throw fail(Messages.unclosed(open.text, found: found.description), found.span, related: opened)
    }
}

extension Array {
    /// The element at `index`, or nil when it is out of bounds.
    subscript(safe index: Int) -> Element? {
        index >= 0 && index < count ? self[index] : nil
    }
}
