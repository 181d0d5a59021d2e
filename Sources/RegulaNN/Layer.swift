import RegulaTensor

/// A fully connected layer `y = f(x·Wᵀ + b)` in `torch.nn.Linear`'s layout: `weight` is
/// `[units, inputs]`, `bias` is `[units]`.
public struct DenseLayer: Sendable, Equatable {
    public var units: Int
    public var activation: Activation
    public var hasBias: Bool
    public var initializer: Initializer
    /// Replaces the training run's penalty for this layer's weight matrix when set.
    public var penalty: Penalty?
    /// A penalty on the bias (biases are not penalised otherwise).
    public var biasPenalty: Penalty?
    /// A penalty on the layer's outputs (after the activation), summed over the units and
    /// averaged over the batch, as Keras's `activity_regularizer`.
    public var activityPenalty: Penalty?
    /// An activation written outside the engine, used instead of `activation` when set:
    /// `apply([z [rows, units]])` returns `z`'s shape, its pullback maps `∂y` to `∂z`.
    public var activationFunction: ExternalFunction?

    /// `[units, inputs]`, or nil until the input width is known.
    public internal(set) var weight: Tensor<Float>?
    /// `[units]`, or nil without bias or until the input width is known.
    public internal(set) var bias: Tensor<Float>?

    public init(
        units: Int, activation: Activation = .identity, bias: Bool = true, initializer: Initializer = .uniform,
        penalty: Penalty? = nil, biasPenalty: Penalty? = nil, activityPenalty: Penalty? = nil,
        activationFunction: ExternalFunction? = nil
    ) {
        self.units = units
        self.activation = activation
        self.hasBias = bias
        self.initializer = initializer
        self.penalty = penalty
        self.biasPenalty = biasPenalty
        self.activityPenalty = activityPenalty
        self.activationFunction = activationFunction
    }

    /// The input width, once known.
    public var inputs: Int? { weight?.shape[1] }

    /// Whether an activation follows the linear map, named or a function: in the
    /// equivalent `torch.nn.Sequential` it is a module of its own after the `Linear`.
    public var hasActivation: Bool { activation != .identity || activationFunction != nil }

    /// Why an activity penalty cannot be `penalty`, if it cannot: proximal L1 thresholds
    /// parameters after a step, and a layer's outputs are not parameters, so it would
    /// silently do nothing.
    public static func activityPenaltyProblem(_ penalty: Penalty) -> String? {
        penalty.coefficients.proximalL1 > 0
            ? "an activity penalty cannot be proximal (soft-thresholding acts on weights after each step, not on a layer's outputs); use l1(λ)"
            : nil
    }
}

/// One entry of a sequential model. Positions count every entry, as in
/// `torch.nn.Sequential`, so `dense, relu, dense` names its parameters `0.*` and `2.*`.
public enum Layer: Sendable, Equatable, CustomStringConvertible {
    case dense(DenseLayer)
    case activation(Activation)
    /// Zeroes each input with probability `p` while training and scales the survivors by
    /// `1/(1 − p)` (inverted dropout); the identity in evaluation.
    case dropout(Double)
    /// An activation written outside the engine: `apply([x [rows, width]])` returns `x`'s
    /// shape, its pullback maps `∂y` to `∂x`.
    case function(ExternalFunction)

    public var description: String {
        switch self {
        case .dense(let d):
            var parts = ["\(d.units)"]
            if let f = d.activationFunction {
                parts.append("activation: \(f)")
            } else if d.activation != .identity {
                parts.append("activation: \(d.activation)")
            }
            if !d.hasBias { parts.append("bias: false") }
            if d.initializer != .uniform { parts.append("init: \(d.initializer)") }
            if let p = d.penalty { parts.append("penalty: \(p)") }
            if let p = d.biasPenalty { parts.append("bias_penalty: \(p)") }
            if let p = d.activityPenalty { parts.append("activity_penalty: \(p)") }
            return "dense(" + parts.joined(separator: ", ") + ")"
        case .activation(let a): return a.description
        case .dropout(let p): return "dropout(\(formatNumber(p)))"
        case .function(let f): return f.description
        }
    }

    /// Number of trainable parameters (0 before the input width is known).
    public var parameterCount: Int {
        guard case .dense(let d) = self else { return 0 }
        return (d.weight?.count ?? 0) + (d.bias?.count ?? 0)
    }
}
