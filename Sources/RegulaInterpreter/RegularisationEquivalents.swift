import Foundation
import RegulaNN

/// The regularisation a training run applies, stated in Keras, PyTorch and scikit-learn
/// terms, layer by layer (`summary`'s last lines).
///
/// With Regula's objective `mean data loss + a·Σ|w| + b·Σw²` on a layer's weights:
/// - Keras adds `l1·Σ|w| + l2·Σw²` to the mean loss: `kernel_regularizer=l1_l2(l1=a, l2=b)`;
///   `bias_regularizer` and `activity_regularizer` (averaged over the batch) likewise.
/// - PyTorch: `weight_decay` adds `wd·w` to the gradient (sgd, adam, rmsprop, adagrad), and
///   `∂(b·Σw²)/∂w = 2b·w`, so `l2(b)` ≡ `weight_decay=2b`; L1 is a term added to the loss.
///   Conversely the optimizer's own coupled decay `wd` is `l2(wd/2)`, so the equivalents
///   use `b + wd/2`; AdamW's decoupled decay has no penalty equivalent.
/// - scikit-learn's `ElasticNet` minimises `1/(2n)·‖y − Xw‖² + α·ρ·‖w‖₁ + α(1−ρ)/2·‖w‖²`;
///   twice that is `mse + 2αρ·‖w‖₁ + α(1−ρ)·‖w‖²`, so `a = 2αρ`, `b = α(1−ρ)`:
///   `α = (a + 2b)/2`, `ρ = a/(a + 2b)` (a linear model with the mse loss, intercept not
///   penalised).
///
/// When every dense layer's weights carry the same penalty and nothing else is penalised,
/// one line per tool says it for the whole model; otherwise each layer gets its own line,
/// naming its module as in the equivalent `torch.nn.Sequential` (`model[2].weight`).
struct RegularisationEquivalents {
    /// One dense layer's penalties, as training applies them.
    struct LayerTerms {
        let position: Int
        /// The index of its `nn.Linear` in the equivalent `torch.nn.Sequential`.
        let module: Int
        /// The module whose output the activity penalty sees (the activation's, if any).
        let outputModule: Int
        let units: Int
        let weight: PenaltyCoefficients
        let bias: PenaltyCoefficients?
        let activity: PenaltyCoefficients?
    }

    let layers: [LayerTerms]
    /// Penalty terms written as functions: no tool has an equivalent for them.
    let functions: [String]
    let optimizer: Optimizer
    let isLinear: Bool

    init(penalty: Penalty, optimizer: Optimizer, model: Model) {
        var layers: [LayerTerms] = []
        var functions: [String] = []
        for (position, layer) in model.layers.enumerated() {
            guard case .dense(let d) = layer else { continue }
            for p in [d.penalty ?? penalty, d.biasPenalty, d.activityPenalty].compactMap({ $0 }) {
                for f in p.functions where !functions.contains(f.description) { functions.append(f.description) }
            }
            let module = model.moduleIndex(ofLayer: position)
            func active(_ p: Penalty?) -> PenaltyCoefficients? { p.map(\.coefficients).flatMap { $0 == PenaltyCoefficients() ? nil : $0 } }
            layers.append(LayerTerms(
                position: position, module: module, outputModule: d.hasActivation ? module + 1 : module, units: d.units,
                weight: (d.penalty ?? penalty).coefficients, bias: active(d.biasPenalty), activity: active(d.activityPenalty)))
        }
        self.layers = layers
        self.functions = functions
        self.optimizer = optimizer
        isLinear = model.layers.count == 1 && layers.count == 1 && layers[0].units == 1
            && { if case .dense(let d) = model.layers[0] { return !d.hasActivation } else { return false } }()
    }

    var wd: Double { optimizer.weightDecay }
    var decoupled: Bool { wd > 0 && optimizer.kind == .adamw }
    /// Coupled weight decay: the same as `l2(wd/2)` on every weight matrix.
    var coupled: Double { decoupled ? 0 : wd }

    /// Six significant digits: derived strengths like (a + 2b)/2 carry binary noise.
    static func f(_ x: Double) -> String { String(format: "%.6g", x) }

    var lines: [String] {
        let uniform = layers.allSatisfy { $0.weight == layers.first?.weight && $0.bias == nil && $0.activity == nil }
        let body = uniform ? wholeModel(layers.first?.weight ?? PenaltyCoefficients()) : perLayer()
        let written = functions.isEmpty ? [] : ["  \(functions.joined(separator: ", ")): written in the script, no equivalent (the lines below cover the other terms)"]
        return written + body + linearModels
    }

    /// One penalty on every weight matrix, nothing else: a line per tool.
    private func wholeModel(_ c: PenaltyCoefficients) -> [String] {
        let f = Self.f
        let a = c.l1 + c.proximalL1, b = c.l2, l2 = b + coupled / 2
        var keras = "  Keras:        kernel_regularizer=regularizers.l1_l2(l1=\(f(a)), l2=\(f(l2))) on each Dense layer"
        if coupled > 0 { keras += " (l2 = \(f(b)) + weight_decay/2)" }
        if decoupled { keras += "; keras.optimizers.AdamW(weight_decay=\(f(wd))) with the biases excluded" }
        var torch: [String] = []
        let name = torchName
        let weightsOnly = "on a param group of the weights only"
        if decoupled {
            torch.append("decay: \(name)(weight_decay=\(f(wd))) \(weightsOnly); decoupled, no penalty equivalent")
            if b > 0 { torch.append("l2: add \(f(b)) * sum(w.pow(2).sum()) to the loss") }
        } else if b > 0 {
            let sum = coupled > 0 ? "\(f(coupled)) + 2·\(f(b)): the optimizer's weight_decay and l2(\(f(b)))" : "2·\(f(b))"
            torch.append("l2: weight_decay=\(f(coupled + 2 * b)) in \(name) (= \(sum)), \(weightsOnly)")
        } else if coupled > 0 {
            torch.append("decay: weight_decay=\(f(coupled)) in \(name), \(weightsOnly)")
        }
        if a > 0 { torch.append("l1: add \(f(a)) * sum(w.abs().sum() for each weight) to the loss\(c.proximalL1 > 0 ? Self.proximalNote : "")") }
        if torch.isEmpty { torch.append("no penalty and no weight decay (\(name)(..., weight_decay=0))") }
        return [keras, "  PyTorch:      " + torch.joined(separator: "\n                ")]
    }

    /// Layers that differ: a line per layer and tool.
    private func perLayer() -> [String] {
        let f = Self.f
        let indent = "\n                "
        var keras: [String] = []
        var torch: [String] = []
        if decoupled {
            keras.append("keras.optimizers.AdamW(weight_decay=\(f(wd))) with the biases excluded")
            torch.append("decay: \(torchName)(weight_decay=\(f(wd))) on a param group of the weights only; decoupled, no penalty equivalent")
        } else {
            torch.append("\(torchName) with one param group per weight matrix (weight_decay as below) and one for the biases (weight_decay=0)")
        }
        for layer in layers {
            let c = layer.weight
            let a = c.l1 + c.proximalL1, l2 = c.l2 + coupled / 2
            var arguments = ["kernel_regularizer=regularizers.l1_l2(l1=\(f(a)), l2=\(f(l2)))"]
            if let b = layer.bias { arguments.append("bias_regularizer=regularizers.l1_l2(l1=\(f(b.l1 + b.proximalL1)), l2=\(f(b.l2)))") }
            if let y = layer.activity { arguments.append("activity_regularizer=regularizers.l1_l2(l1=\(f(y.l1)), l2=\(f(y.l2)))") }
            keras.append("layer \(layer.position): Dense(\(layer.units), \(arguments.joined(separator: ", ")))")

            let w = "model[\(layer.module)].weight"
            var weightTerms: [String] = []
            if !decoupled {
                let decay = coupled + 2 * c.l2
                weightTerms.append("weight_decay=\(f(decay))" + (c.l2 > 0 && coupled > 0 ? " (= \(f(coupled)) + 2·\(f(c.l2)))" : c.l2 > 0 ? " (= 2·\(f(c.l2)))" : ""))
            } else if c.l2 > 0 {
                weightTerms.append("add \(f(c.l2)) * \(w).pow(2).sum() to the loss")
            }
            if a > 0 { weightTerms.append("add \(f(a)) * \(w).abs().sum() to the loss\(c.proximalL1 > 0 ? Self.proximalNote : "")") }
            torch.append("layer \(layer.position), \(w): " + (weightTerms.isEmpty ? "no penalty" : weightTerms.joined(separator: "; ")))
            if let b = layer.bias {
                torch.append("layer \(layer.position), model[\(layer.module)].bias: add \(Self.terms(b, of: "model[\(layer.module)].bias")) to the loss"
                             + (b.proximalL1 > 0 ? Self.proximalNote : ""))
            }
            if let y = layer.activity {
                torch.append("layer \(layer.position), h = model[\(layer.outputModule)]'s output: add (\(Self.terms(y, of: "h"))) / batch_size to the loss")
            }
        }
        return ["  Keras:        " + keras.joined(separator: indent), "  PyTorch:      " + torch.joined(separator: indent)]
    }

    /// `0.01 * x.abs().sum() + 0.1 * x.pow(2).sum()`.
    private static func terms(_ c: PenaltyCoefficients, of x: String) -> String {
        var parts: [String] = []
        let a = c.l1 + c.proximalL1
        if a > 0 { parts.append("\(f(a)) * \(x).abs().sum()") }
        if c.l2 > 0 { parts.append("\(f(c.l2)) * \(x).pow(2).sum()") }
        return parts.joined(separator: " + ")
    }

    private static let proximalNote = " (Regula's proximal step soft-thresholds instead)"

    /// scikit-learn's and glmnet's linear models, when the model is one.
    private var linearModels: [String] {
        let f = Self.f
        let prefix = "  scikit-learn: "
        guard isLinear, functions.isEmpty, let layer = layers.first else {
            return [prefix + "no equivalent (ElasticNet, Lasso and Ridge are linear models: one dense(1) layer, mse loss)"]
        }
        if decoupled { return [prefix + "no equivalent (AdamW's decoupled weight decay is not a penalty on the objective)"] }
        if layer.bias != nil { return [prefix + "no equivalent (scikit-learn's linear models never penalise the intercept; here bias_penalty: does)"] }
        if layer.activity != nil { return [prefix + "no equivalent (scikit-learn has no penalty on the outputs; here activity_penalty: is one)"] }
        let a = layer.weight.l1 + layer.weight.proximalL1, l2 = layer.weight.l2 + coupled / 2
        if a == 0 && l2 == 0 { return [prefix + "LinearRegression()"] }
        let alpha = (a + 2 * l2) / 2, ratio = a / (a + 2 * l2)
        var text = "ElasticNet(alpha=\(f(alpha)), l1_ratio=\(f(ratio))) with the mse loss (its data term is 1/(2n)·‖y − Xw‖², half of mse)"
        if l2 == 0 { text = "Lasso(alpha=\(f(a / 2))) ≡ " + text }
        if a == 0 { text += "; Ridge(alpha=n·\(f(l2))) for n training rows" }
        // glmnet scales y by its sd s internally, which divides its L2 part by s: the
        // plain mapping holds for the lasso, or for a target of unit variance.
        let scaled = ratio < 1 ? " for a target of sd 1 (sd s: lambda=\(f(alpha))·(\(f(ratio))+s·\(f(1 - ratio))), alpha=\(f(ratio))/(\(f(ratio))+s·\(f(1 - ratio))))" : ""
        return [prefix + text,
                "  glmnet:       glmnet(x, y, lambda=\(f(alpha)), alpha=\(f(ratio)), standardize=FALSE)\(scaled); fit(m, data) solves it exactly"]
    }

    var torchName: String { "torch.optim." + optimizer.kind.torchName }
}
