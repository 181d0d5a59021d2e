import Foundation
import RegulaSyntax

/// The binary operators on values. Host objects get the first word (left operand first);
/// then numbers do arithmetic, `+` also joins strings and lists, comparisons order
/// numbers and strings, and `==`/`!=` work on everything.
enum Operators {
    static func binary(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, context: Evaluator) throws -> Value {
        let limit = context.options.maxCollectionLength
        if case .host(let object) = lhs, let result = try object.binary(op, rhs, selfIsLeft: true, context: context) { return result }
        if case .host(let object) = rhs, let result = try object.binary(op, lhs, selfIsLeft: false, context: context) { return result }
        switch op {
        case .equal: return .bool(lhs == rhs)
        case .notEqual: return .bool(lhs != rhs)
        case .add:
            switch (lhs, rhs) {
            case (.number(let a), .number(let b)): return .number(a + b)
            case (.string(let a), .string(let b)):
                guard a.utf8.count + b.utf8.count <= limit else { throw tooLarge("string", limit) }
                return .string(a + b)
            case (.list(let a), .list(let b)):
                guard a.count + b.count <= limit else { throw tooLarge("list", limit) }
                return .list(a + b)
            default: break
            }
        case .subtract, .multiply, .divide, .modulo, .power:
            if case .number(let a) = lhs, case .number(let b) = rhs { return .number(try arithmetic(op, a, b)) }
        case .less, .lessEqual, .greater, .greaterEqual:
            switch (lhs, rhs) {
            case (.number(let a), .number(let b)): return .bool(compare(op, a, b))
            case (.string(let a), .string(let b)): return .bool(compare(op, a, b))
            default: break
            }
        case .matmul, .and, .or:
            break
        }
        throw RuntimeError(RuntimeMessages.binaryType(op.rawValue, lhs, rhs), id: "type-error",
                           hint: RuntimeMessages.binaryHint(op, lhs, rhs))
    }

    /// Division and modulo by zero are errors (not IEEE infinities): in a script they are
    /// nearly always a bug. `%` is floored, like Python's: the result has the divisor's sign.
    static func arithmetic(_ op: BinaryOperator, _ a: Double, _ b: Double) throws -> Double {
        switch op {
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide:
            guard b != 0 else { throw RuntimeError(RuntimeMessages.divisionByZero, id: "division-by-zero") }
            return a / b
        case .modulo:
            guard b != 0 else { throw RuntimeError(RuntimeMessages.moduloByZero, id: "division-by-zero") }
            var m = fmod(a, b)
            if m != 0, (m < 0) != (b < 0) { m += b }
            return m
        case .power:
            guard !(a == 0 && b < 0) else { throw RuntimeError(RuntimeMessages.zeroToNegativePower, id: "division-by-zero") }
            return pow(a, b)
        default: return .nan  // not an arithmetic operator: callers never pass one
        }
    }

    static func compare<T: Comparable>(_ op: BinaryOperator, _ a: T, _ b: T) -> Bool {
        switch op {
        case .less: return a < b
        case .lessEqual: return a <= b
        case .greater: return a > b
        default: return a >= b
        }
    }

    private static func tooLarge(_ kind: String, _ limit: Int) -> RuntimeError {
        RuntimeError(RuntimeMessages.tooLong(kind, limit), id: "too-large")
    }
}
