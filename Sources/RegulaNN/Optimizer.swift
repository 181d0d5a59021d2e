/// An optimizer configuration with `torch.optim`'s semantics and defaults. It is a value:
/// every training run starts from fresh optimizer state, so one value serves many runs.
///
/// `g` is the gradient of the step's objective (data loss + differentiable penalties),
/// `η` the learning rate of the step, `t` the step number from 1; `wd` applies to weight
/// matrices only (see `TrainingConfiguration.weightDecayOnBiases`). The cases are in
/// order of complexity; OptimizerStep.swift holds the same rules as code.
public enum Optimizer: Sendable, Equatable, CustomStringConvertible {
    /// `g ← g + wd·w`; with momentum μ: `b ← μ·b + (1 − dampening)·g` (first step `b = g`),
    /// then `g ← g + μ·b` (Nesterov) or `g ← b`; finally `w ← w − η·g`.
    case sgd(lr: Double = 1e-3, momentum: Double = 0, dampening: Double = 0, nesterov: Bool = false, weightDecay: Double = 0)
    /// `G ← G + g²` (G starts at `initialAccumulatorValue`), `η_t = η/(1 + (t − 1)·lrDecay)`,
    /// `w ← w − η_t·g/(√G + ε)`; `g ← g + wd·w` first.
    case adagrad(lr: Double = 1e-2, lrDecay: Double = 0, weightDecay: Double = 0, initialAccumulatorValue: Double = 0, eps: Double = 1e-10)
    /// `v ← α·v + (1 − α)·g²`; centered: `ḡ ← α·ḡ + (1 − α)·g`, `a = √(v − ḡ²) + ε`, else
    /// `a = √v + ε`; with momentum μ: `b ← μ·b + g/a`, `w ← w − η·b`, else `w ← w − η·g/a`;
    /// `g ← g + wd·w` first.
    case rmsprop(lr: Double = 1e-2, alpha: Double = 0.99, eps: Double = 1e-8, weightDecay: Double = 0, momentum: Double = 0, centered: Bool = false)
    /// Coupled weight decay `g ← g + wd·w`; `m ← β₁·m + (1 − β₁)·g`, `v ← β₂·v + (1 − β₂)·g²`,
    /// `w ← w − (η/(1 − β₁ᵗ))·m / (√v/√(1 − β₂ᵗ) + ε)` (with `amsgrad`, `v` is replaced by
    /// its running maximum).
    case adam(lr: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8, weightDecay: Double = 0, amsgrad: Bool = false)
    /// Decoupled weight decay: `w ← w·(1 − η·wd)`, then the Adam step on `g` alone.
    case adamw(lr: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8, weightDecay: Double = 1e-2, amsgrad: Bool = false)

    /// The base learning rate.
    public var learningRate: Double {
        switch self {
        case .sgd(let lr, _, _, _, _), .adagrad(let lr, _, _, _, _), .rmsprop(let lr, _, _, _, _, _),
            .adam(let lr, _, _, _, _, _), .adamw(let lr, _, _, _, _, _):
            return lr
        }
    }

    /// The weight decay (coupled, or decoupled for adamw).
    public var weightDecay: Double {
        switch self {
        case .sgd(_, _, _, _, let wd), .adagrad(_, _, let wd, _, _), .rmsprop(_, _, _, let wd, _, _),
            .adam(_, _, _, _, let wd, _), .adamw(_, _, _, _, let wd, _):
            return wd
        }
    }

    /// The name as written in a script.
    public var name: String {
        switch self {
        case .sgd: return "sgd"
        case .adagrad: return "adagrad"
        case .rmsprop: return "rmsprop"
        case .adam: return "adam"
        case .adamw: return "adamw"
        }
    }

    /// eps keeps the update's denominator √v + eps away from 0: with eps = 0 a parameter
    /// whose gradient is 0 divides 0 by 0, which surfaced as a "diverged" run blamed on
    /// the learning rate.
    private func epsMessage(_ eps: Double) -> String {
        "eps must be a finite number > 0 (it keeps the step's denominator from being 0), got \(formatNumber(eps))"
    }

    /// The first out-of-range hyper-parameter, if any.
    public var validationError: String? {
        func check(_ ok: Bool, _ message: String) -> String? { ok ? nil : "\(name): \(message)" }
        let lr = learningRate, wd = weightDecay
        if let e = check(lr >= 0 && lr.isFinite, "lr must be a finite number ≥ 0, got \(formatNumber(lr))") { return e }
        if let e = check(wd >= 0 && wd.isFinite, "weight_decay must be a finite number ≥ 0, got \(formatNumber(wd))") { return e }
        switch self {
        case .sgd(_, let momentum, let dampening, let nesterov, _):
            if let e = check(momentum >= 0, "momentum must be ≥ 0, got \(formatNumber(momentum))") { return e }
            return check(!nesterov || (momentum > 0 && dampening == 0), "nesterov needs a momentum > 0 and zero dampening")
        case .adagrad(_, let lrDecay, _, let initial, let eps):
            if let e = check(lrDecay >= 0, "lr_decay must be ≥ 0") { return e }
            if let e = check(initial >= 0, "initial_accumulator_value must be ≥ 0") { return e }
            return check(eps > 0 && eps.isFinite, epsMessage(eps))
        case .rmsprop(_, let alpha, let eps, _, let momentum, _):
            if let e = check(alpha >= 0 && alpha <= 1, "alpha must be in [0, 1], got \(formatNumber(alpha))") { return e }
            if let e = check(momentum >= 0, "momentum must be ≥ 0") { return e }
            return check(eps > 0 && eps.isFinite, epsMessage(eps))
        case .adam(_, let b1, let b2, let eps, _, _), .adamw(_, let b1, let b2, let eps, _, _):
            if let e = check(b1 >= 0 && b1 < 1, "beta1 must be in [0, 1), got \(formatNumber(b1))") { return e }
            if let e = check(b2 >= 0 && b2 < 1, "beta2 must be in [0, 1), got \(formatNumber(b2))") { return e }
            return check(eps > 0 && eps.isFinite, epsMessage(eps))
        }
    }

    /// As written, with the non-default hyper-parameters: `adam(lr: 0.001)`,
    /// `sgd(lr: 0.1, momentum: 0.9, nesterov: true)`.
    public var description: String {
        var parts = ["lr: \(formatNumber(learningRate))"]
        func add(_ label: String, _ value: Double, _ standard: Double) {
            if value != standard { parts.append("\(label): \(formatNumber(value))") }
        }
        func flag(_ label: String, _ value: Bool) { if value { parts.append("\(label): true") } }
        switch self {
        case .sgd(_, let momentum, let dampening, let nesterov, let wd):
            add("momentum", momentum, 0)
            add("dampening", dampening, 0)
            flag("nesterov", nesterov)
            add("weight_decay", wd, 0)
        case .adagrad(_, let lrDecay, let wd, let initial, let eps):
            add("lr_decay", lrDecay, 0)
            add("weight_decay", wd, 0)
            add("initial_accumulator_value", initial, 0)
            add("eps", eps, 1e-10)
        case .rmsprop(_, let alpha, let eps, let wd, let momentum, let centered):
            add("alpha", alpha, 0.99)
            add("eps", eps, 1e-8)
            add("weight_decay", wd, 0)
            add("momentum", momentum, 0)
            flag("centered", centered)
        case .adam(_, let b1, let b2, let eps, let wd, let amsgrad):
            add("beta1", b1, 0.9)
            add("beta2", b2, 0.999)
            add("eps", eps, 1e-8)
            add("weight_decay", wd, 0)
            flag("amsgrad", amsgrad)
        case .adamw(_, let b1, let b2, let eps, let wd, let amsgrad):
            add("beta1", b1, 0.9)
            add("beta2", b2, 0.999)
            add("eps", eps, 1e-8)
            add("weight_decay", wd, 1e-2)
            flag("amsgrad", amsgrad)
        }
        return "\(name)(" + parts.joined(separator: ", ") + ")"
    }
}
