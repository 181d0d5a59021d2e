import RegulaTensor

/// The parameters of a linear model in Float64: `weights` is `[outputs, features]`
/// row-major (the layout of a dense layer's weight, `torch.nn.Linear`'s), `intercepts`
/// has one value per output (zeros without an intercept).
public struct LinearCoefficients: Sendable, Equatable {
    public var outputs: Int
    public var features: Int
    public var weights: [Double]
    public var intercepts: [Double]

    public init(outputs: Int, features: Int, weights: [Double]? = nil, intercepts: [Double]? = nil) {
        self.outputs = outputs
        self.features = features
        self.weights = weights ?? [Double](repeating: 0, count: outputs * features)
        self.intercepts = intercepts ?? [Double](repeating: 0, count: outputs)
    }

    /// The weights of output `k`.
    public func weights(output k: Int) -> ArraySlice<Double> { weights[(k * features)..<((k + 1) * features)] }

    /// How many weights are not zero.
    public var nonzeroCount: Int { weights.reduce(0) { $0 + ($1 != 0 ? 1 : 0) } }

    /// Whether every value is finite.
    public var isFinite: Bool { weights.allSatisfy(\.isFinite) && intercepts.allSatisfy(\.isFinite) }

    /// `l1·Σ|w| + l2·Σw²` over the weights (intercepts are not penalized).
    public func penalty(l1: Double, l2: Double) -> Double {
        var absolute = 0.0, squares = 0.0
        for w in weights {
            absolute += abs(w)
            squares += w * w
        }
        return l1 * absolute + l2 * squares
    }
}

extension Penalty {
    /// Why the exact solvers cannot minimise this penalty, or nil: they handle l1, l2 and
    /// elastic net, not a function.
    public var exactSolverProblem: String? {
        guard let f = functions.first else { return nil }
        return "\(f) is a penalty written as a function; the exact solver handles l1, l2 and elastic_net (train the model instead)"
    }
}

/// The penalty strengths the exact solvers use: the objective is
/// `mean data loss + l1·Σ|w| + l2·Σw²` over a linear model's weights (proximal L1 counts as
/// L1: it is the same term of the objective).
public struct LinearPenalty: Sendable, Equatable {
    public var l1: Double
    public var l2: Double

    public init(l1: Double, l2: Double) {
        self.l1 = l1
        self.l2 = l2
    }

    public init(_ penalty: Penalty) {
        let c = penalty.coefficients
        self.init(l1: c.l1 + c.proximalL1, l2: c.l2)
    }

    /// The strengths scaled by `k` (a point `k·P` of a path).
    public func scaled(by k: Double) -> LinearPenalty { LinearPenalty(l1: k * l1, l2: k * l2) }
}

extension Model {
    /// Why the exact solvers cannot fit this model, or nil: it must be one dense layer
    /// without activation (then it is linear in its parameters), with no bias or activity
    /// penalty (the intercept is left unpenalized).
    public var linearProblem: String? {
        guard layers.count == 1, case .dense(let d) = layers[0] else {
            return "the model has \(layers.count) layers (\(layers.map(\.description).joined(separator: ", "))); the exact solver fits a linear model: one dense layer without activation"
        }
        if let f = d.activationFunction {
            return "its dense layer has activation \(f); the exact solver fits a linear model: one dense layer without activation"
        }
        if let problem = d.penalty?.exactSolverProblem { return "its dense layer's penalty: \(problem)" }
        if d.activation != .identity {
            return "its dense layer has activation \(d.activation); the exact solver fits a linear model: one dense layer without activation"
        }
        if let p = d.biasPenalty, !p.isNone { return "its dense layer has bias_penalty: \(p); the exact solver leaves the intercept unpenalized" }
        if let p = d.activityPenalty, !p.isNone { return "its dense layer has activity_penalty: \(p), which the exact solver does not handle" }
        return nil
    }

    /// The penalty on the linear layer's weights: the layer's own `penalty:`, else `penalty`.
    public func linearPenalty(default penalty: Penalty) -> Penalty {
        if case .dense(let d)? = layers.first, let own = d.penalty { return own }
        return penalty
    }

    /// Whether the linear layer has a bias (the model fits an intercept).
    public var linearHasBias: Bool {
        if case .dense(let d)? = layers.first { return d.hasBias }
        return true
    }

    /// Writes `c` into the linear layer (rounded to float32; a zero stays +0.0).
    public mutating func setLinearCoefficients(_ c: LinearCoefficients) throws(ModelError) {
        try build(inputs: c.features)
        guard case .dense(let d)? = layers.first, d.units == c.outputs else {
            throw .shapeMismatch("the coefficients have \(c.outputs) outputs but the model's layer has another width")
        }
        // Float(−1e-50) is −0.0: adding +0.0 turns a negative zero into +0.0.
        let weight = Tensor(shape: [c.outputs, c.features], scalars: c.weights.map { Float($0) + 0 })
        let bias = d.hasBias ? Tensor(shape: [c.outputs], scalars: c.intercepts.map { Float($0) + 0 }) : nil
        setParameters(position: 0, weight: weight, bias: bias)
    }
}
