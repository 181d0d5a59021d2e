/// How serious a diagnostic is.
public enum Severity: String, Sendable {
    case error, warning, note
}

/// A secondary location shown with a diagnostic (e.g. the opening bracket of an unclosed
/// pair).
public struct RelatedSpan: Sendable {
    public var span: Span
    public var source: SourceFile
    public var label: String
    public init(span: Span, source: SourceFile, label: String) {
        self.span = span
        self.source = source
        self.label = label
    }
}

/// One frame of the `.reg` call stack attached to a runtime error.
public struct StackFrame: Sendable {
    public var function: String
    public var span: Span
    public var source: SourceFile
    public init(function: String, span: Span, source: SourceFile) {
        self.function = function
        self.span = span
        self.source = source
    }
}

/// The one diagnostic type: produced by the lexer, parser, checker and interpreter,
/// rendered by `DiagnosticRenderer`. The core never prints; the host decides.
public struct Diagnostic: Error, Sendable {
    public var severity: Severity
    /// A stable identifier, e.g. `unexpected-token`, `unknown-name` (see `Messages`).
    public var id: String
    public var message: String
    /// Where it happened; nil for diagnostics with no location (e.g. a missing file
    /// named on the command line).
    public var source: SourceFile?
    public var span: Span?
    /// A short label printed under the caret.
    public var label: String?
    public var related: [RelatedSpan]
    public var notes: [String]
    /// `hint:` line, e.g. "did you mean 'adamw'?"
    public var hint: String?
    /// The `.reg` call stack, innermost first (runtime errors only).
    public var stack: [StackFrame]

    public init(
        severity: Severity = .error, id: String, message: String,
        source: SourceFile?, span: Span?, label: String? = nil,
        related: [RelatedSpan] = [], notes: [String] = [], hint: String? = nil, stack: [StackFrame] = []
    ) {
        self.severity = severity
        self.id = id
        self.message = message
        self.source = source
        self.span = span
        self.label = label
        self.related = related
        self.notes = notes
        self.hint = hint
        self.stack = stack
    }
}
