import RegulaSyntax
import RegulaSuggestion

extension Evaluator {
    /// Evaluates an expression; `naming` names an anonymous function bound by `let f = fn...`
    /// (so stack traces say `f`).
    func evaluate(_ expression: Expr, in env: Environment, naming: String? = nil) throws -> Value {
        switch expression.kind {
        case .number(let x):
            return .number(x)
        case .string(let parts):
            return .string(try interpolate(parts, in: env, span: expression.span))
        case .bool(let b):
            return .bool(b)
        case .none:
            return .none
        case .identifier(let name):
            guard let value = env.lookup(name) else { throw undefinedName(name, at: expression.span, in: env) }
            return value
        case .list(let elements):
            var items: [Value] = []
            items.reserveCapacity(elements.count)
            for element in elements { items.append(try evaluate(element, in: env)) }
            return try depthChecked(.list(items), at: expression.span)
        case .record(let fields):
            var record = Record()
            for field in fields { record[field.name] = try evaluate(field.value, in: env) }
            return try depthChecked(.record(record), at: expression.span)
        case .unary(let op, let operand):
            return try evaluateUnary(op, operand, span: expression.span, in: env)
        case .binary(.and, let left, let right):
            guard try logicalOperand(left, "and", in: env) else { return .bool(false) }
            return .bool(try logicalOperand(right, "and", in: env))
        case .binary(.or, let left, let right):
            if try logicalOperand(left, "or", in: env) { return .bool(true) }
            return .bool(try logicalOperand(right, "or", in: env))
        case .binary(let op, let left, let right):
            let lhs = try evaluate(left, in: env)
            let rhs = try evaluate(right, in: env)
            return try depthChecked(try located(expression.span) {
                try Operators.binary(op, lhs, rhs, context: self)
            }, at: expression.span)
        case .call(let callee, let arguments, _):
            return try evaluateCall(callee, arguments, span: expression.span, in: env)
        case .index(let base, let index):
            let container = try evaluate(base, in: env)
            let key = try evaluate(index, in: env)
            return try subscripted(container, key, indexSpan: index.span, span: expression.span)
        case .field(let base, let name, let nameSpan):
            return try field(of: try evaluate(base, in: env), name, nameSpan: nameSpan)
        case .function(let literal):
            let name = literal.name ?? naming ?? "fn"
            return closure(literal, in: env, name: name)
        }
    }

    private func logicalOperand(_ expression: Expr, _ op: String, in env: Environment) throws -> Bool {
        let value = try evaluate(expression, in: env)
        guard case .bool(let b) = value else {
            throw error(RuntimeMessages.logicalOperand(op, value), id: "type-error", at: expression.span,
                        hint: RuntimeMessages.conditionHint(value))
        }
        return b
    }

    private func evaluateUnary(_ op: UnaryOperator, _ operand: Expr, span: Span, in env: Environment) throws -> Value {
        let value = try evaluate(operand, in: env)
        switch (op, value) {
        case (.negate, .number(let x)):
            return .number(-x)
        case (.negate, .host(let object)):
            if let result = try located(span, { try object.negated() }) { return result }
        case (.not, .bool(let b)):
            return .bool(!b)
        default:
            break
        }
        throw error(RuntimeMessages.unaryType(op.rawValue, value), id: "type-error", at: span,
                    hint: op == .not ? RuntimeMessages.conditionHint(value) : nil)
    }

    /// The text of an interpolated string literal at `span`; past the string limit, an
    /// error at the part that went over it (found while building, not after).
    func interpolate(_ parts: [StringPart], in env: Environment, span: Span) throws -> String {
        let limit = options.maxCollectionLength
        var text = ""
        for part in parts {
            switch part {
            case .text(let literal):
                text += literal
                if text.utf8.count > limit { throw error(RuntimeMessages.tooLong("string", limit), id: "too-large", at: span) }
            case .interpolation(let expression, let format, let formatSpan):
                let value = try evaluate(expression, in: env)
                let piece: String
                if let format {
                    do {
                        piece = try FormatSpec(parsing: format).format(value, limit: limit - text.utf8.count)
                    } catch let failure as FormatSpec.Error {
                        throw error(failure.message, id: failure.id, at: failure.id == "too-large" ? expression.span : formatSpan ?? expression.span,
                                    hint: failure.hint)
                    }
                } else {
                    guard let described = value.description(limit: limit - text.utf8.count) else {
                        throw error(RuntimeMessages.tooLong("string", limit), id: "too-large", at: expression.span)
                    }
                    piece = described
                }
                guard text.utf8.count + piece.utf8.count <= limit else {
                    throw error(RuntimeMessages.tooLong("string", limit), id: "too-large", at: expression.span)
                }
                text += piece
            }
        }
        return text
    }

    /// `x[i]`: lists and strings by integer position (negative counts from the end),
    /// records by field name, host objects by their `index` hook.
    func subscripted(_ container: Value, _ key: Value, indexSpan: Span, span: Span) throws -> Value {
        switch container {
        case .list(let items):
            return items[try position(key, count: items.count, kind: "list", at: indexSpan)]
        case .string(let text):
            let characters = Array(text)
            return .string(String(characters[try position(key, count: characters.count, kind: "string", at: indexSpan)]))
        case .record(let record):
            guard case .string(let name) = key else {
                throw error(RuntimeMessages.recordKey(key), id: "type-error", at: indexSpan)
            }
            guard let value = record[name] else { throw missingField(name, in: container, at: indexSpan) }
            return value
        case .host(let object):
            if let value = try located(span, { try object.index(key) }) { return value }
        default:
            break
        }
        throw error(RuntimeMessages.notIndexable(container), id: "type-error", at: span)
    }

    /// The array position `key` designates, or an error naming the index and the length.
    func position(_ key: Value, count: Int, kind: String, at span: Span) throws -> Int {
        guard case .number(let x) = key else {
            throw error(RuntimeMessages.indexType(kind, key), id: "type-error", at: span)
        }
        guard let i = Value.integer(x) else {
            throw error(RuntimeMessages.indexNotInteger(x), id: "type-error", at: span)
        }
        let resolved = i < 0 ? i + count : i
        guard resolved >= 0, resolved < count else {
            throw error(RuntimeMessages.indexOutOfRange(i, kind: kind, count: count), id: "index-out-of-range", at: span)
        }
        return resolved
    }

    /// `x.name` on records and host objects.
    func field(of value: Value, _ name: String, nameSpan: Span) throws -> Value {
        switch value {
        case .record(let record):
            if let field = record[name] { return field }
        case .host(let object):
            if let field = try located(nameSpan, { try object.field(named: name) }) { return field }
        default:
            throw error(RuntimeMessages.noFields(value, name), id: "type-error", at: nameSpan)
        }
        throw missingField(name, in: value, at: nameSpan)
    }

    func missingField(_ name: String, in value: Value, at span: Span) -> RuntimeError {
        let names = Self.fieldNames(of: value)
        return error(RuntimeMessages.missingField(value, name), id: "unknown-field", at: span,
                     hint: Suggestion.closest(to: name, among: names).map(RuntimeMessages.didYouMean) ?? RuntimeMessages.fieldList(names))
    }

    static func fieldNames(of value: Value) -> [String] {
        switch value {
        case .record(let record): return record.names
        case .host(let object): return object.fieldNames
        default: return []
        }
    }

    func undefinedName(_ name: String, at span: Span, in env: Environment) -> RuntimeError {
        error(RuntimeMessages.undefinedName(name), id: "unknown-name", at: span,
              hint: Suggestion.closest(to: name, among: env.visibleNames() + Keywords.all).map(RuntimeMessages.didYouMean))
    }
}
