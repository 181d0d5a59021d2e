/// A compact s-expression rendering of programs and expressions, for tests and tools:
/// `(+ 1 (* 2 3))`, `(call f 1 (kw lr 0.001))`, `(pipe f x 2)` for `x |> f(2)`.
public enum ASTPrinter {
    /// The statements of a program, separated by single spaces.
    public static func print(_ program: Program) -> String {
        program.statements.map { print($0) }.joined(separator: " ")
    }

    /// One statement: `(let x 1)`, `(if (c (block ...)) (else (block ...)))`.
    public static func print(_ statement: Stmt) -> String {
        switch statement.kind {
        case .binding(let name, _, let value, let isMutable):
            return "(\(isMutable ? "var" : "let") \(name) \(print(value)))"
        case .assignment(let target, let value):
            return "(= \(print(target)) \(print(value)))"
        case .expression(let expression):
            return print(expression)
        case .function(let name, _, let function):
            return "(fn \(name) \(parameters(function)) \(print(function.body)))"
        case .ifChain(let branches, let elseBody):
            var parts = branches.map { "(\(print($0.condition)) \(print($0.body)))" }
            if let elseBody { parts.append("(else \(print(elseBody)))") }
            return "(if \(parts.joined(separator: " ")))"
        case .whileLoop(let condition, let body):
            return "(while \(print(condition)) \(print(body)))"
        case .forLoop(let name, _, let valueName, _, let iterable, let body):
            let names = valueName.map { "(\(name) \($0))" } ?? name
            return "(for \(names) \(print(iterable)) \(print(body)))"
        case .breakLoop: return "(break)"
        case .continueLoop: return "(continue)"
        case .returnValue(let value): return value.map { "(return \(print($0)))" } ?? "(return)"
        case .importFile(let path, _): return "(import \(quoted(path)))"
        case .param(let name, _, let value): return "(param \(name) \(print(value)))"
        case .setting(let setting, let value): return "(\(setting.rawValue) \(print(value)))"
        case .model(let name, _, let arguments, let layers):
            let args = arguments.isEmpty ? "" : " (args\(arguments.map { " " + print($0) }.joined()))"
            return "(model \(name)\(args)\(layers.map { " " + print($0) }.joined()))"
        }
    }

    /// A block: `(block s1 s2)`.
    public static func print(_ block: Block) -> String {
        "(block\(block.statements.map { " " + print($0) }.joined()))"
    }

    /// One expression: `(+ 1 (* 2 3))`, `(call f 1 (kw lr 0.001))`, `(. r loss)`.
    public static func print(_ expression: Expr) -> String {
        switch expression.kind {
        case .number(let value): return number(value)
        case .string(let parts): return string(parts)
        case .bool(let value): return value ? "true" : "false"
        case .none: return "none"
        case .identifier(let name): return name
        case .list(let elements): return "(list\(elements.map { " " + print($0) }.joined()))"
        case .record(let fields): return "(record\(fields.map { " (\($0.name) \(print($0.value)))" }.joined()))"
        case .unary(let op, let operand): return "(\(op.rawValue) \(print(operand)))"
        case .binary(let op, let left, let right): return "(\(op.rawValue) \(print(left)) \(print(right)))"
        case .call(let callee, let arguments, let isPipe):
            return "(\(isPipe ? "pipe" : "call") \(print(callee))\(arguments.map { " " + print($0) }.joined()))"
        case .index(let base, let subscriptExpr): return "(index \(print(base)) \(print(subscriptExpr)))"
        case .field(let base, let name, _): return "(. \(print(base)) \(name))"
        case .function(let function): return "(fn \(parameters(function)) \(print(function.body)))"
        }
    }

    static func print(_ argument: Argument) -> String {
        argument.label.map { "(kw \($0) \(print(argument.value)))" } ?? print(argument.value)
    }

    static func parameters(_ function: FunctionLiteral) -> String {
        "(" + function.parameters.map { p in p.defaultValue.map { "(\(p.name) \(print($0)))" } ?? p.name }.joined(separator: " ") + ")"
    }

    static func number(_ value: Double) -> String { LiteralText.number(value) }

    static func string(_ parts: [StringPart]) -> String {
        if parts.isEmpty { return "\"\"" }
        if parts.count == 1, case .text(let text) = parts[0] { return quoted(text) }
        let rendered = parts.map { part -> String in
            switch part {
            case .text(let text): return quoted(text)
            case .interpolation(let expression, let format, _):
                return "(interp \(print(expression))\(format.map { " " + quoted($0) } ?? ""))"
            }
        }
        return "(str \(rendered.joined(separator: " ")))"
    }

    static func quoted(_ text: String) -> String { LiteralText.quoted(text) }
}
