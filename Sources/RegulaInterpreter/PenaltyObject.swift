import RegulaNN
import RegulaSyntax

/// A penalty value: `l1(1e-4) + l2(1e-3)`, `0.5 * l2(1e-3)`, `elastic_net(0.01, 0.5)`.
/// It prints exactly as written (`l1(0.0001) + l2(0.001)`); `+` adds terms and
/// `number * penalty` scales every strength. `none + p` is `p`.
final class PenaltyObject: HostObject {
    let penalty: Penalty

    init(_ penalty: Penalty) { self.penalty = penalty }

    static func value(_ penalty: Penalty) -> Value { .host(PenaltyObject(penalty)) }

    var typeName: String { "penalty" }
    var description: String { penalty.description }

    var fieldNames: [String] { ["l1", "l2", "proximal_l1"] }

    /// The strengths collapsed to `l1·Σ|w| + l2·Σw²` (elastic net expanded).
    func field(named name: String) throws -> Value? {
        let c = penalty.coefficients
        switch name {
        case "l1": return .number(c.l1)
        case "l2": return .number(c.l2)
        case "proximal_l1": return .number(c.proximalL1)
        default: return nil
        }
    }

    func isEqual(to other: any HostObject) -> Bool {
        (other as? PenaltyObject)?.penalty == penalty
    }

    func binary(_ op: BinaryOperator, _ other: Value, selfIsLeft: Bool) throws -> Value? {
        switch (op, other) {
        case (.add, .host(let object as PenaltyObject)):
            return PenaltyObject.value(selfIsLeft ? penalty + object.penalty : object.penalty + penalty)
        case (.add, .none):
            return .host(self)
        case (.multiply, .number) where !penalty.functions.isEmpty, (.divide, .number) where !penalty.functions.isEmpty:
            throw RuntimeError("a penalty holding a function (\(penalty.functions.map(\.description).joined(separator: ", "))) cannot be scaled",
                               id: "invalid-argument", hint: "put the strength inside the function: fn (w) { return 1e-3 * ... }")
        case (.multiply, .number(let k)):
            guard k >= 0, k.isFinite else {
                throw RuntimeError("a penalty can only be scaled by a finite number ≥ 0, got \(ValuePrinter.format(k))", id: "invalid-argument")
            }
            return PenaltyObject.value(k * penalty)
        case (.divide, .number(let k)) where selfIsLeft:
            guard k > 0, k.isFinite else {
                throw RuntimeError("a penalty can only be divided by a finite number > 0, got \(ValuePrinter.format(k))", id: "invalid-argument")
            }
            return PenaltyObject.value((1 / k) * penalty)
        default:
            return nil
        }
    }

    /// A penalty from a value: a penalty object, `none` (no penalty), or — with the
    /// evaluator at hand — a function written in the script (`fn (w) { ... }`).
    static func penalty(from value: Value, context: Evaluator? = nil) -> Penalty? {
        if value.isNone { return Penalty.none }
        if let context, let function = ScriptDifferentiable.function(value, role: .penalty, context: context) {
            return Penalty(terms: [.function(function)])
        }
        return value.host(as: PenaltyObject.self)?.penalty
    }

    /// `l2(1e-3) + group_lasso`: a function beside a penalty is a penalty term.
    func binary(_ op: BinaryOperator, _ other: Value, selfIsLeft: Bool, context: Evaluator) throws -> Value? {
        guard op == .add, let function = ScriptDifferentiable.function(other, role: .penalty, context: context) else {
            return try binary(op, other, selfIsLeft: selfIsLeft)
        }
        let term = Penalty(terms: [.function(function)])
        return PenaltyObject.value(selfIsLeft ? penalty + term : term + penalty)
    }

    static let expected = "a penalty (l1(λ), l2(λ), elastic_net(α, ρ), a function fn (w), their sums, or none)"
}
