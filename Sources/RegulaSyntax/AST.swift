/// The abstract syntax tree: every node kind in this one file, so a `switch` that
/// forgets a new kind fails to compile.

/// A parsed source file.
public struct Program: Sendable {
    public var statements: [Stmt]
    public var source: SourceFile
    public init(statements: [Stmt], source: SourceFile) {
        self.statements = statements
        self.source = source
    }
}

public struct Stmt: Sendable {
    public var kind: StmtKind
    public var span: Span
    public init(_ kind: StmtKind, _ span: Span) {
        self.kind = kind
        self.span = span
    }
}

public struct Expr: Sendable {
    public indirect enum Kind: Sendable {
        case number(Double)
        case string([StringPart])
        case bool(Bool)
        case none
        case identifier(String)
        case list([Expr])
        case record([RecordField])
        case unary(UnaryOperator, Expr)
        /// Includes `and` / `or`, which the evaluator short-circuits.
        case binary(BinaryOperator, Expr, Expr)
        /// `f(a, b: 1)`. `x |> f(a)` parses to `call(f, [x, a])` with `isPipe`.
        case call(callee: Expr, arguments: [Argument], isPipe: Bool)
        case index(Expr, Expr)
        case field(Expr, name: String, nameSpan: Span)
        case function(FunctionLiteral)
    }
    public var kind: Kind
    public var span: Span
    public init(_ kind: Kind, _ span: Span) {
        self.kind = kind
        self.span = span
    }
}

public indirect enum StmtKind: Sendable {
    /// `let x = e` (immutable) or `var x = e` (mutable).
    case binding(name: String, nameSpan: Span, value: Expr, isMutable: Bool)
    /// `target = value`; target is an identifier, index or field expression.
    case assignment(target: Expr, value: Expr)
    case expression(Expr)
    /// `fn name(params) { body }`
    case function(name: String, nameSpan: Span, FunctionLiteral)
    /// `if c { } else if c2 { } else { }`
    case ifChain(branches: [ConditionalBranch], elseBody: Block?)
    case whileLoop(condition: Expr, body: Block)
    /// `for x in e { }` or `for i, x in e { }` (index/key and value).
    case forLoop(name: String, nameSpan: Span, valueName: String?, valueNameSpan: Span?, iterable: Expr, body: Block)
    case breakLoop
    case continueLoop
    case returnValue(Expr?)
    /// `import "other.reg"`
    case importFile(path: String, pathSpan: Span)
    /// `param name = literal`
    case param(name: String, nameSpan: Span, value: Expr)
    /// `seed 42`, `loss mse`, `penalty l2(1e-3)`, `optimizer adam(lr: 1e-3)`
    case setting(ExperimentSetting, Expr)
    /// `model name(inputs: 64) { layer-expression per line }`
    case model(name: String, nameSpan: Span, arguments: [Argument], layers: [Expr])
}

public enum ExperimentSetting: String, Sendable, CaseIterable {
    case seed, loss, penalty, optimizer
}

public struct Block: Sendable {
    public var statements: [Stmt]
    public var span: Span
    public init(statements: [Stmt], span: Span) {
        self.statements = statements
        self.span = span
    }
}

public struct ConditionalBranch: Sendable {
    public var condition: Expr
    public var body: Block
    public init(condition: Expr, body: Block) {
        self.condition = condition
        self.body = body
    }
}

public enum StringPart: Sendable {
    case text(String)
    /// `{expr}` or `{expr:fmt}`; `format` is the text after the colon, e.g. `.4f`.
    case interpolation(Expr, format: String?, formatSpan: Span?)
}

public struct RecordField: Sendable {
    public var name: String
    public var nameSpan: Span
    public var value: Expr
    public init(name: String, nameSpan: Span, value: Expr) {
        self.name = name
        self.nameSpan = nameSpan
        self.value = value
    }
}

/// A call argument; `label` is set for keyword arguments (`lr: 1e-3`).
public struct Argument: Sendable {
    public var label: String?
    public var labelSpan: Span?
    public var value: Expr
    public init(label: String?, labelSpan: Span?, value: Expr) {
        self.label = label
        self.labelSpan = labelSpan
        self.value = value
    }
}

public struct Parameter: Sendable {
    public var name: String
    public var span: Span
    /// Present for keyword parameters with a default: `fn f(a, b: 1)`.
    public var defaultValue: Expr?
    public init(name: String, span: Span, defaultValue: Expr?) {
        self.name = name
        self.span = span
        self.defaultValue = defaultValue
    }
}

public struct FunctionLiteral: Sendable {
    public var name: String?
    public var parameters: [Parameter]
    public var body: Block
    public init(name: String?, parameters: [Parameter], body: Block) {
        self.name = name
        self.parameters = parameters
        self.body = body
    }
}

public enum UnaryOperator: String, Sendable {
    case negate = "-"
    case not = "not"
}

public enum BinaryOperator: String, Sendable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%", power = "**"
    case matmul = "@"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and = "and", or = "or"
}
