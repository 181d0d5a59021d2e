import Foundation
import RegulaNN

/// `summary(m)`: the layer table with the weight penalty on each dense layer, the
/// optimizer and its weight decay, and the same regularisation in Keras, PyTorch and
/// scikit-learn terms. The penalty and optimizer are the call's, else the session's.
///
/// With Regula's objective `mean data loss + a·Σ|w| + b·Σw²` on a layer's weights:
/// - Keras adds `l1·Σ|w| + l2·Σw²` to the mean loss: `kernel_regularizer=l1_l2(l1=a, l2=b)`.
/// - PyTorch: `weight_decay` adds `wd·w` to the gradient (sgd, adam, rmsprop, adagrad), and
///   `∂(b·Σw²)/∂w = 2b·w`, so `l2(b)` ≡ `weight_decay=2b`; L1 is a term added to the loss.
///   Conversely the optimizer's own coupled decay `wd` is `l2(wd/2)`, so the equivalents
///   use `b + wd/2`; AdamW's decoupled decay has no penalty equivalent.
/// - scikit-learn's `ElasticNet` minimises `1/(2n)·‖y − Xw‖² + α·ρ·‖w‖₁ + α(1−ρ)/2·‖w‖²`;
///   twice that is `mse + 2αρ·‖w‖₁ + α(1−ρ)·‖w‖²`, so `a = 2αρ`, `b = α(1−ρ)`:
///   `α = (a + 2b)/2`, `ρ = a/(a + 2b)` (a linear model with the mse loss).
struct ModelSummary {
    let text: String

    init(_ call: BuiltinCall) throws {
        let object = try ModelBuiltins.model(call)
        let context = call.context
        var penalty = Penalty.none
        if let given = call.value("penalty") ?? context.defaults.penalty {
            guard let p = PenaltyObject.penalty(from: given) else { throw call.typeError("penalty", expected: PenaltyObject.expected, got: given) }
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
        lines.append("penalty:    \(penalty) on weight matrices (biases are not penalised unless bias_penalty: is given)")
        let wd = optimizer.optimizer.weightDecay
        let style = optimizer.optimizer.name == "adamw" ? "decoupled" : "coupled: adds wd·w to the gradient"
        let decay = wd > 0 ? ", weight decay \(ValuePrinter.format(wd)) on weight matrices (\(style))" : ", no weight decay"
        lines.append("optimizer:  \(optimizer.description)\(decay)")
        lines.append("")
        lines.append("the same regularisation elsewhere:")
        lines += Self.equivalents(penalty: penalty, optimizer: optimizer.optimizer, model: model)
        text = lines.joined(separator: "\n")
    }

    static func equivalents(penalty: Penalty, optimizer: Optimizer, model: Model) -> [String] {
        let c = penalty.coefficients
        let a = c.l1 + c.proximalL1, b = c.l2
        // Coupled weight decay adds wd·w to the gradient: the same as l2(wd/2). AdamW's
        // decoupled decay is no penalty at all.
        let wd = optimizer.weightDecay
        let decoupled = wd > 0 && optimizer.name == "adamw"
        let coupled = decoupled ? 0 : wd
        let l2 = b + coupled / 2
        // Six significant digits: derived strengths like (a + 2b)/2 carry binary noise.
        let f = { (x: Double) in String(format: "%.6g", x) }
        let weightsOnly = "on a param group of the weights only"
        var lines: [String] = []
        var keras = "  Keras:        kernel_regularizer=regularizers.l1_l2(l1=\(f(a)), l2=\(f(l2))) on each Dense layer"
        if coupled > 0 { keras += " (l2 = \(f(b)) + weight_decay/2)" }
        if decoupled { keras += "; keras.optimizers.AdamW(weight_decay=\(f(wd))) with the biases excluded" }
        lines.append(keras)
        var torch: [String] = []
        let name = "torch.optim.\(torchName(optimizer))"
        if decoupled {
            torch.append("decay: \(name)(weight_decay=\(f(wd))) \(weightsOnly); decoupled, no penalty equivalent")
            if b > 0 { torch.append("l2: add \(f(b)) * sum(w.pow(2).sum()) to the loss") }
        } else if b > 0 {
            let sum = coupled > 0 ? "\(f(coupled)) + 2·\(f(b)): the optimizer's weight_decay and l2(\(f(b)))" : "2·\(f(b))"
            torch.append("l2: weight_decay=\(f(coupled + 2 * b)) in \(name) (= \(sum)), \(weightsOnly)")
        } else if coupled > 0 {
            torch.append("decay: weight_decay=\(f(coupled)) in \(name), \(weightsOnly)")
        }
        if a > 0 { torch.append("l1: add \(f(a)) * sum(w.abs().sum() for each weight) to the loss\(c.proximalL1 > 0 ? " (Regula's proximal step soft-thresholds instead)" : "")") }
        if torch.isEmpty { torch.append("no penalty and no weight decay (\(name)(..., weight_decay=0))") }
        lines.append("  PyTorch:      " + torch.joined(separator: "\n                "))
        let dense = model.layers.compactMap { layer -> DenseLayer? in if case .dense(let d) = layer { return d } else { return nil } }
        let isLinear = dense.count == 1 && model.layers.count == 1 && dense[0].activation == .identity && dense[0].units == 1
        if !isLinear {
            lines.append("  scikit-learn: no equivalent (ElasticNet, Lasso and Ridge are linear models: one dense(1) layer, mse loss)")
        } else if decoupled {
            lines.append("  scikit-learn: no equivalent (AdamW's decoupled weight decay is not a penalty on the objective)")
        } else if a == 0 && l2 == 0 {
            lines.append("  scikit-learn: LinearRegression()")
        } else {
            let alpha = (a + 2 * l2) / 2, ratio = a / (a + 2 * l2)
            var text = "ElasticNet(alpha=\(f(alpha)), l1_ratio=\(f(ratio))) with the mse loss (its data term is 1/(2n)·‖y − Xw‖², half of mse)"
            if l2 == 0 { text = "Lasso(alpha=\(f(a / 2))) ≡ " + text }
            if a == 0 { text += "; Ridge(alpha=n·\(f(l2))) for n training rows" }
            lines.append("  scikit-learn: " + text)
            // glmnet scales y by its sd s internally, which divides its L2 part by s: the
            // plain mapping holds for the lasso, or for a target of unit variance.
            let scaled = ratio < 1 ? " for a target of sd 1 (sd s: lambda=\(f(alpha))·(\(f(ratio))+s·\(f(1 - ratio))), alpha=\(f(ratio))/(\(f(ratio))+s·\(f(1 - ratio))))" : ""
            lines.append("  glmnet:       glmnet(x, y, lambda=\(f(alpha)), alpha=\(f(ratio)), standardize=FALSE)\(scaled); fit(m, data) solves it exactly")
        }
        return lines
    }

    static func torchName(_ optimizer: Optimizer) -> String {
        switch optimizer {
        case .sgd: return "SGD"
        case .adam: return "Adam"
        case .adamw: return "AdamW"
        case .rmsprop: return "RMSprop"
        case .adagrad: return "Adagrad"
        }
    }
}
