/// The outcome of parsing a file: the program (with every statement that parsed) and the
/// diagnostics of the lexer and parser, in source order.
public struct ParseResult: Sendable {
    public var program: Program
    public var diagnostics: [Diagnostic]
    /// True when the only errors are "unexpected end of input": more lines could complete
    /// the input (the REPL shows a continuation prompt).
    public var isIncomplete: Bool

    public init(program: Program, diagnostics: [Diagnostic]) {
        self.program = program
        self.diagnostics = diagnostics
        self.isIncomplete = ParseResult.onlyEndOfInput(diagnostics)
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// True when the input ends inside an open bracket, block or expression, whatever
    /// other errors it has: a REPL entry with an error in its middle goes on to its end.
    public var endsUnfinished: Bool {
        diagnostics.contains { $0.id == Messages.unexpectedEndOfInputID }
    }

    static func onlyEndOfInput(_ diagnostics: [Diagnostic]) -> Bool {
        !diagnostics.isEmpty && diagnostics.allSatisfy { $0.id == Messages.unexpectedEndOfInputID }
    }
}

/// The outcome of parsing a lone expression (a `--param k=v` value, a REPL probe).
public struct ExpressionParseResult: Sendable {
    /// Nil when the text had errors.
    public var expression: Expr?
    public var diagnostics: [Diagnostic]
    public var isIncomplete: Bool { ParseResult.onlyEndOfInput(diagnostics) }
}
