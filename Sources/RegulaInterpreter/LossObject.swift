import RegulaNN
import RegulaSuggestion
import RegulaTensor

/// A data loss: `mse`, `mae`, `huber(delta)`, `cross_entropy`, `bce` (values, set with the
/// `loss` statement or `train(..., loss:)`). A string names one too: `loss "mse"`.
/// A loss is callable on tensors: `cross_entropy(output, target)`, `huber(0.5)(o, t)`,
/// a number (a 0-d tensor on the tape inside a differentiated function).
final class LossObject: HostObject {
    let loss: Loss

    init(_ loss: Loss) { self.loss = loss }

    static func value(_ loss: Loss) -> Value { .host(LossObject(loss)) }

    var typeName: String { "loss" }
    var description: String { loss.description }

    func isEqual(to other: any HostObject) -> Bool { (other as? LossObject)?.loss == loss }

    var callable: Builtin? {
        let loss = self.loss
        return Builtin(loss.description, [.required("output"), .required("target")],
                       summary: "\(loss)(output, target): the loss of outputs [batch, outputs] against targets (shaped like them, or class indices [batch] for cross_entropy)") { call in
            try LossObject.apply(loss, call)
        }
    }

    /// The mean loss of `output` against `target`, as `train` computes it.
    static func apply(_ loss: Loss, _ call: BuiltinCall) throws -> Value {
        let output = try call.host("output", as: TensorObject.self, expected: "a tensor")
        let target = try call.host("target", as: TensorObject.self, expected: "a tensor")
        let result = try TrainingErrors.run(call, at: "target") { () throws -> Variable<Float> in
            let (o, t) = (output.variable, target.variable)
            switch loss {
            case .mse: return try Variable.meanSquaredError(o, t)
            case .mae: return try Variable.meanAbsoluteError(o, t)
            case .huber(let delta): return try Variable.huberLoss(o, t, delta: Float(delta))
            case .crossEntropy: return try Variable.softmaxCrossEntropy(logits: o, targets: try classIndices(target.tensor, call))
            case .bce: return try Variable.sigmoidBinaryCrossEntropy(logits: o, targets: target.tensor)
            case .function(let f):
                // A `loss fn` statement's value: its number (call the function itself to
                // differentiate through it).
                return Variable(try f.apply([output.tensor, target.tensor], false).output)
            }
        }
        return result.requiresGrad ? TensorObject.value(result) : .number(Double(result.value.scalars[0]))
    }

    /// Class targets as indices: whole numbers ≥ 0 (the range is checked against the logits).
    static func classIndices(_ target: Tensor<Float>, _ call: BuiltinCall) throws -> [Int] {
        try target.scalars.map { t in
            guard t.isFinite, t >= 0, t == t.rounded(), t < 1e9 else {
                throw call.error("target", "class targets must be whole numbers ≥ 0, got \(ValuePrinter.format(Double(t)))")
            }
            return Int(t)
        }
    }

    /// The named losses that need no argument.
    static let named: [(String, Loss)] = [("mse", .mse), ("mae", .mae), ("cross_entropy", .crossEntropy), ("bce", .bce)]

    static let expected = "a loss (mse, mae, huber(delta), cross_entropy, bce or a function fn (output, target))"

    /// A loss from a loss value or a loss's name; nil for anything else. An unknown name
    /// throws with "did you mean".
    static func loss(from value: Value, context: Evaluator? = nil) throws -> Loss? {
        if let object = value.host(as: LossObject.self) { return object.loss }
        if let context, let function = ScriptDifferentiable.function(value, role: .loss, context: context) { return .function(function) }
        guard case .string(let name) = value else { return nil }
        if let found = named.first(where: { $0.0 == name }) { return found.1 }
        if name == "huber" { return .huber(delta: 1) }
        let names = named.map(\.0) + ["huber"]
        throw RuntimeError("unknown loss '\(name)'\(Suggestion.phrase(Suggestion.closest(to: name, among: names)))",
                           id: "unknown-name", hint: "the losses are " + names.joined(separator: ", "))
    }
}
