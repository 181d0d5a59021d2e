import RegulaSyntax

/// A failure while running a script. Builtins and host objects throw it; the evaluator
/// fills in the location (the failing node, if the thrower gave none) and the `.reg` call
/// stack, and the facade turns it into a `Diagnostic`.
public struct RuntimeError: Error, CustomStringConvertible {
    /// A stable identifier, e.g. `type-error`, `index-out-of-range`, `assertion-failed`.
    public var id: String
    public var message: String
    /// Where it happened; nil means "the node being evaluated" (the evaluator fills it in).
    public var span: Span?
    public var source: SourceFile?
    public var label: String?
    public var hint: String?
    public var notes: [String]
    /// Innermost first: each entry is a function activation and the call site that made it.
    public var stack: [StackFrame] = []

    public init(_ message: String, id: String = "runtime-error", span: Span? = nil, source: SourceFile? = nil,
                label: String? = nil, hint: String? = nil, notes: [String] = []) {
        self.id = id
        self.message = message
        self.span = span
        self.source = source
        self.label = label
        self.hint = hint
        self.notes = notes
    }

    public var description: String { message }

    /// Ids of errors that are not the script's fault and carry no diagnostic text of note.
    static let interruptedID = "interrupted"

    /// The frames kept in a diagnostic: the innermost 10 and the outermost 5 (a runaway
    /// recursion would otherwise print a thousand lines).
    static let keptInnerFrames = 10, keptOuterFrames = 5

    func diagnostic(fallback: SourceFile?) -> Diagnostic {
        var frames = stack
        var notes = self.notes
        if frames.count > Self.keptInnerFrames + Self.keptOuterFrames {
            let omitted = frames.count - Self.keptInnerFrames - Self.keptOuterFrames
            frames = Array(frames.prefix(Self.keptInnerFrames)) + Array(frames.suffix(Self.keptOuterFrames))
            notes.append(RuntimeMessages.framesOmitted(omitted))
        }
        return Diagnostic(
            severity: .error, id: id, message: message, source: source ?? fallback, span: span,
            label: label, notes: notes, hint: hint, stack: frames)
    }
}

/// Why a statement list stopped early.
enum Completion {
    case normal
    case breakLoop
    case continueLoop
    case returned(Value)
}
