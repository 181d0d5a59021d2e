import RegulaSyntax
import RegulaSuggestion

/// Finds a script's `param` declarations before it runs (in the file and, transitively,
/// in the files it imports at top level) and checks the host's `--param` values against
/// them, so a misspelled name or a wrong type is a usage error before any training.
enum ParamScanner {
    struct Declaration {
        var name: String
        var defaultValue: Value?
        var span: Span
        var source: SourceFile
    }

    /// The value of a literal: a number, a string without interpolation, a bool, none, a
    /// negated number, or a list of literals.
    static func literal(_ expression: Expr) -> Value? {
        switch expression.kind {
        case .number(let x): return .number(x)
        case .bool(let b): return .bool(b)
        case .none: return Value.none
        case .string(let parts):
            var text = ""
            for part in parts {
                guard case .text(let piece) = part else { return nil }
                text += piece
            }
            return .string(text)
        case .unary(.negate, let operand):
            guard case .number(let x) = operand.kind else { return nil }
            return .number(-x)
        case .list(let elements):
            var items: [Value] = []
            for element in elements {
                guard let item = literal(element) else { return nil }
                items.append(item)
            }
            return .list(items)
        default:
            return nil
        }
    }

    static func declarations(in statements: [Stmt], source: SourceFile, visited: inout Set<String>,
                             loader: ScriptLoader) -> [Declaration] {
        var found: [Declaration] = []
        for statement in statements {
            switch statement.kind {
            case .param(let name, _, let value):
                found.append(Declaration(name: name, defaultValue: literal(value), span: statement.span, source: source))
            case .importFile(let path, _):
                let full = path.hasPrefix("/") ? path : Evaluator.directory(of: source.name) + "/" + path
                let name = Evaluator.displayName(for: path, importedFrom: source.name)
                guard case .found(let script) = loader.load(full, name: name), visited.insert(script.key).inserted else { continue }
                found += declarations(in: script.parsed.program.statements, source: script.source, visited: &visited,
                                      loader: loader)
            default:
                continue
            }
        }
        return found
    }

    /// The declared param a `--param` name most likely meant: a likely typo, or else the
    /// one declared name that the given name starts with (`lamda` → `lam`, `epochs_max` →
    /// `epochs`) or that starts with it (`ep` → `epochs`), at least two letters in common.
    static func closestParam(to name: String, in names: [String]) -> String? {
        if let close = Suggestion.closest(to: name, among: names) { return close }
        let related = Set(names.filter { $0 != name && min($0.count, name.count) >= 2 && ($0.hasPrefix(name) || name.hasPrefix($0)) })
        return related.count == 1 ? related.first : nil
    }

    /// Parses each host value and checks it against the declaration of that name.
    static func overrides(_ params: [String: String], declarations: [Declaration]) -> ([String: Value], [Diagnostic]) {
        var values: [String: Value] = [:]
        var diagnostics: [Diagnostic] = []
        let names = declarations.map(\.name)
        for (name, text) in params.sorted(by: { $0.key < $1.key }) {
            guard let declaration = declarations.last(where: { $0.name == name }) else {
                diagnostics.append(Diagnostic(
                    id: "unknown-param", message: RuntimeMessages.unknownParam(name), source: nil, span: nil,
                    hint: closestParam(to: name, in: names).map(RuntimeMessages.didYouMean) ?? RuntimeMessages.declaredParams(names)))
                continue
            }
            let parsed = Parser.parseExpression(SourceFile(name: "--param \(name)", text: text))
            guard let expression = parsed.expression, let value = literal(expression) else {
                diagnostics.append(Diagnostic(
                    id: "invalid-param", message: RuntimeMessages.paramValueNotLiteral(name, text), source: nil, span: nil,
                    hint: RuntimeMessages.stringQuotesHint))
                continue
            }
            if let expected = declaration.defaultValue, !expected.isNone, expected.typeName != value.typeName {
                diagnostics.append(Diagnostic(
                    id: "invalid-param", message: RuntimeMessages.paramTypeMismatch(name, expected: expected, got: value),
                    source: nil, span: nil,
                    related: [RelatedSpan(span: declaration.span, source: declaration.source, label: "declared here")],
                    hint: expected.asString != nil ? RuntimeMessages.stringQuotesHint : nil))
                continue
            }
            values[name] = value
        }
        return (values, diagnostics)
    }
}
