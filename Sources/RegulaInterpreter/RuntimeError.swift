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
    /// Innermost first: each entry is a function activation and where it was — the
    /// failing node for the innermost, the call of the next inner function for the others.
    public var stack: [StackFrame] = []
    /// Where the function being unwound called the one just left (set while unwinding).
    var pendingCallSite: (span: Span, source: SourceFile)?

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

    /// Records that the error leaves `function`, which was called at `callSite`.
    mutating func unwind(_ function: String, calledAt callSite: Span, in callerSource: SourceFile, fallback: SourceFile) {
        let location = pendingCallSite ?? span.map { ($0, source ?? fallback) }
        if let location {
            stack.append(StackFrame(function: function, span: location.span, source: location.source))
        }
        pendingCallSite = (callSite, callerSource)
    }

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
