import Foundation
import RegulaNN

/// `summary(m)`: the layer table with the weight penalty on each dense layer, the
/// optimizer and its weight decay, and the same regularisation in Keras, PyTorch and
/// scikit-learn terms (`RegularisationEquivalents`, layer by layer when layers differ).
/// The penalty and optimizer are the call's, else the session's.
struct ModelSummary {
    let text: String

    init(_ call: BuiltinCall) throws {
        let object = try ModelBuiltins.model(call)
        let context = call.context
        var penalty = Penalty.none
        if let given = call.value("penalty") ?? context.defaults.penalty {
            guard let p = PenaltyObject.penalty(from: given, context: context) else { throw call.typeError("penalty", expected: PenaltyObject.expected, got: given) }
            penalty = p
        }
        var optimizer = TrainingRequest.defaultOptimizer
        if let given = call.value("optimizer") ?? context.defaults.optimizer {
            guard let o = try OptimizerObject.optimizer(from: given) else {
                throw call.typeError("optimizer", expected: OptimizerObject.expected, got: given)
            }
            optimizer = o
        }
        let model = object.model
        func layerPenalty(_ position: Int) -> String {
            guard case .dense(let d) = model.layers[position] else { return "" }
            var parts = [d.penalty.map { "\($0)" } ?? (penalty.terms.isEmpty ? "none" : "\(penalty) (model-wide)")]
            if let b = d.biasPenalty { parts.append("bias: \(b)") }
            if let a = d.activityPenalty { parts.append("activity: \(a)") }
            return parts.joined(separator: "; ")
        }
        var lines = [ModelTable(model: model, name: object.name, extra: ("weight penalty", layerPenalty)).text]
        lines.append("")
        var own = ""
        let overriding = model.layers.indices.filter { if case .dense(let d) = model.layers[$0] { d.penalty != nil } else { false } }
        if !overriding.isEmpty {
            let which = overriding.map(String.init).joined(separator: ", ")
            own = "; layer\(overriding.count == 1 ? "" : "s") \(which) \(overriding.count == 1 ? "has its" : "have their") own"
        }
        lines.append("penalty:    \(penalty) on weight matrices (biases are not penalised unless bias_penalty: is given)\(own)")
        let wd = optimizer.optimizer.weightDecay
        let style = optimizer.optimizer.kind == .adamw ? "decoupled" : "coupled: adds wd·w to the gradient"
        let decay = wd > 0 ? ", weight decay \(ValuePrinter.format(wd)) on weight matrices (\(style))" : ", no weight decay"
        lines.append("optimizer:  \(optimizer.description)\(decay)")
        lines.append("")
        lines.append("the same regularisation elsewhere:")
        lines += RegularisationEquivalents(penalty: penalty, optimizer: optimizer.optimizer, model: model).lines
        text = lines.joined(separator: "\n")
    }
}
