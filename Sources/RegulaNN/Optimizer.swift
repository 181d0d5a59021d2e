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
    public var name: String { kind.rawValue }

    /// As written, with the non-default hyper-parameters: `adam(lr: 0.001)`,
    /// `sgd(lr: 0.1, momentum: 0.9, nesterov: true)`.
    public var description: String {
        let standard = Optimizer.standard(kind).hyperParameters
        let shown = zip(hyperParameters, standard).filter { $0.name == "lr" || $0.value != $1.value }
        return "\(name)(" + shown.map { "\($0.0.name): \($0.0.value)" }.joined(separator: ", ") + ")"
    }
}
