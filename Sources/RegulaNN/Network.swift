import RegulaTensor

/// The training engine's view of a `Model`: parameters in flat buffers, per-batch-size
/// workspaces, and fused forward / backward kernels (matrix products with transpose flags,
/// bias + activation in one pass). Generic so tests can run the same gradient code in
/// Float64 against finite differences.
final class Network<Scalar: TensorScalar> {
    enum Stage {
        case dense(DenseStage)
        case activation(Activation)
        case dropout(Scalar)
    }

    struct DenseStage {
        let position: Int
        let inputs: Int
        let units: Int
        let activation: Activation
        let weight: Parameter<Scalar>
        let bias: Parameter<Scalar>?
        let activity: PenaltyCoefficients
    }

    let stages: [Stage]
    /// Weights and biases in state-dict order.
    let parameters: [Parameter<Scalar>]
    let inputWidth: Int
    /// Output width of each stage.
    let widths: [Int]
    var outputWidth: Int { widths.last ?? inputWidth }
    /// The first dense stage: the backward pass stops there (no input gradient needed).
    let firstDense: Int?

    // Workspace, sized for `capacity` rows.
    private(set) var capacity = 0
    private var outputs: [ScalarBuffer<Scalar>] = []
    private var preActivations: [ScalarBuffer<Scalar>?] = []
    private var masks: [ScalarBuffer<Scalar>?] = []
    private var gradients: (ScalarBuffer<Scalar>, ScalarBuffer<Scalar>) = (ScalarBuffer(count: 0), ScalarBuffer(count: 0))
    /// Rows fed to `forward`: `[capacity, inputWidth]`.
    private(set) var input = ScalarBuffer<Scalar>(count: 0)
    /// Targets of those rows.
    private(set) var targets = ScalarBuffer<Scalar>(count: 0)
    // Per forward pass: where each stage read its input and wrote its output.
    private var stageInputs: [UnsafeMutablePointer<Scalar>] = []
    private var stageOutputs: [UnsafeMutablePointer<Scalar>] = []
    private var trainingPass = false
    /// Matrix products, split over this many threads (results never depend on it).
    var gemm = BlockedGemm(threads: 1)

    /// Builds the engine for a built `model`; `penalty` is the run-wide weight penalty
    /// (replaced per layer by the layer's own).
    init(model: Model, penalty: Penalty = .none) {
        precondition(model.isBuilt, "the network needs a built model")
        var stages: [Stage] = []
        var parameters: [Parameter<Scalar>] = []
        var widths: [Int] = []
        var width = model.inputWidth ?? 0
        var firstDense: Int?
        for (position, layer) in model.layers.enumerated() {
            switch layer {
            case .dense(let d):
                guard let w = d.weight else { preconditionFailure("built model without weights") }
                let weight = Parameter<Scalar>(
                    name: "\(model.moduleIndex(ofLayer: position)).weight", shape: w.shape, isWeight: true, values: w.scalars,
                    penalty: (d.penalty ?? penalty).coefficients)
                parameters.append(weight)
                var bias: Parameter<Scalar>?
                if let b = d.bias {
                    let p = Parameter<Scalar>(
                        name: "\(model.moduleIndex(ofLayer: position)).bias", shape: b.shape, isWeight: false, values: b.scalars,
                        penalty: (d.biasPenalty ?? .none).coefficients)
                    parameters.append(p)
                    bias = p
                }
                if firstDense == nil { firstDense = stages.count }
                stages.append(.dense(DenseStage(
                    position: position, inputs: width, units: d.units, activation: d.activation, weight: weight,
                    bias: bias, activity: (d.activityPenalty ?? .none).coefficients)))
                width = d.units
            case .activation(let a):
                stages.append(.activation(a))
            case .dropout(let p):
                stages.append(.dropout(Scalar(p)))
            case .function:
                preconditionFailure("external functions are rejected before the network is built")
            }
            widths.append(width)
        }
        self.stages = stages
        self.parameters = parameters
        self.widths = widths
        self.firstDense = firstDense
        inputWidth = model.inputWidth ?? 0
    }

    /// Makes the workspace hold at least `rows` rows (allocates only when it grows).
    func reserve(rows: Int) {
        guard rows > capacity else { return }
        capacity = rows
        let widest = ([inputWidth] + widths).max() ?? inputWidth
        outputs = widths.map { ScalarBuffer(count: rows * $0) }
        preActivations = stages.enumerated().map { s, stage in
            if case .dense(let d) = stage, d.activation.needsInput { return ScalarBuffer(count: rows * d.units) }
            return nil
        }
        masks = stages.enumerated().map { s, stage in
            if case .dropout = stage { return ScalarBuffer(count: rows * widths[s]) }
            return nil
        }
        gradients = (ScalarBuffer(count: rows * widest), ScalarBuffer(count: rows * widest))
        input = ScalarBuffer(count: rows * inputWidth)
        targets = ScalarBuffer(count: rows)
        stageInputs = Array(repeating: input.base, count: stages.count)
        stageOutputs = Array(repeating: input.base, count: stages.count)
    }

    /// Runs the layers on the first `rows` rows of `input`; returns the output rows.
    /// In training mode dropout draws its masks from `dropout`.
    @discardableResult
    @_specialize(where Scalar == Float)
    func forward(rows: Int, training: Bool, dropout: inout RandomGenerator) -> UnsafeMutablePointer<Scalar> {
        precondition(rows <= capacity, "reserve the workspace first")
        trainingPass = training
        var x = input.base
        var width = inputWidth
        for s in stages.indices {
            stageInputs[s] = x
            switch stages[s] {
            case .dense(let d):
                let y = outputs[s].base
                gemm(
                    transposeA: false, transposeB: true, m: rows, n: d.units, k: d.inputs,
                    a: x, lda: d.inputs, b: d.weight.value.base, ldb: d.inputs, c: y, ldc: d.units)
                d.activation.applyWithBias(
                    y, rows: rows, units: d.units, bias: d.bias?.value.base, preActivation: preActivations[s]?.base)
                stageOutputs[s] = y
            case .activation(let a):
                let y = outputs[s].base
                a.apply(x, y, count: rows * width)
                stageOutputs[s] = y
            case .dropout(let p):
                if training && p > 0, let mask = masks[s]?.base {
                    let y = outputs[s].base
                    let keep = 1 / (1 - p)
                    for i in 0..<(rows * width) {
                        mask[i] = Scalar(dropout.nextFloat()) < p ? 0 : keep
                        y[i] = x[i] * mask[i]
                    }
                    stageOutputs[s] = y
                } else {
                    stageOutputs[s] = x
                }
            }
            x = stageOutputs[s]
            width = widths[s]
        }
        return x
    }

    /// The buffer `backward` starts from: write `∂loss/∂output` here.
    var outputGradient: UnsafeMutablePointer<Scalar> { gradients.0.base }

    /// Back-propagates `outputGradient` through the last `forward` pass, filling every
    /// parameter's gradient and adding the activity penalties' gradients; returns the
    /// activity penalties' value.
    @_specialize(where Scalar == Float)
    func backward(rows: Int) -> Double {
        guard let firstDense else { return 0 }
        var g = gradients.0.base
        var spare = gradients.1.base
        var activityValue = 0.0
        for s in stride(from: stages.count - 1, through: firstDense, by: -1) {
            let x = stageInputs[s], y = stageOutputs[s]
            let count = rows * widths[s]
            switch stages[s] {
            case .dense(let d):
                if d.activity != PenaltyCoefficients() {
                    activityValue += addActivityGradient(g, output: y, count: count, rows: rows, penalty: d.activity)
                }
                d.activation.backward(
                    g, input: preActivations[s]?.base ?? y, output: y, rows: rows, units: d.units,
                    biasGradient: d.bias?.gradient.base)
                gemm(
                    transposeA: true, transposeB: false, m: d.units, n: d.inputs, k: rows,
                    a: g, lda: d.units, b: x, ldb: d.inputs, c: d.weight.gradient.base, ldc: d.inputs)
                if s > firstDense {
                    gemm(
                        transposeA: false, transposeB: false, m: rows, n: d.inputs, k: d.units,
                        a: g, lda: d.units, b: d.weight.value.base, ldb: d.inputs, c: spare, ldc: d.inputs)
                    swap(&g, &spare)
                }
            case .activation(let a):
                a.backward(g, input: x, output: y, count: count)
            case .dropout(let p):
                if trainingPass && p > 0, let mask = masks[s]?.base {
                    for i in 0..<count { g[i] *= mask[i] }
                }
            }
        }
        return activityValue
    }

    /// `g += (λ₁·sign(y) + 2λ₂·y)/N`; returns `(λ₁·Σ|y| + λ₂·Σy²)/N`.
    private func addActivityGradient(
        _ g: UnsafeMutablePointer<Scalar>, output y: UnsafeMutablePointer<Scalar>, count: Int, rows: Int,
        penalty: PenaltyCoefficients
    ) -> Double {
        let l1 = Scalar(penalty.l1 / Double(rows)), l2x2 = Scalar(2 * penalty.l2 / Double(rows))
        var absSum: Scalar = 0, squareSum: Scalar = 0
        for i in 0..<count {
            let v = y[i]
            absSum += abs(v)
            squareSum += v * v
            g[i] += l1 * sign(v) + l2x2 * v
        }
        return (penalty.l1 * Double(absSum) + penalty.l2 * Double(squareSum)) / Double(rows)
    }

    /// The weight and bias penalties' value at the current parameters (not fused; the
    /// optimizer step computes the same value fused with its update).
    func penaltyValue() -> Double {
        var total = 0.0
        for p in parameters where p.penalty != PenaltyCoefficients() {
            var absSum = 0.0, squareSum = 0.0
            for i in 0..<p.count {
                let w = Double(p.value.base[i])
                absSum += abs(w)
                squareSum += w * w
            }
            total += (p.penalty.l1 + p.penalty.proximalL1) * absSum + p.penalty.l2 * squareSum
        }
        return total
    }

    /// Adds every parameter's differentiable penalty gradient to its gradient (the
    /// optimizer step does this fused; tests use it to check the gradient).
    func addPenaltyGradients() {
        for p in parameters {
            let l1 = Scalar(p.penalty.l1), l2x2 = Scalar(2 * p.penalty.l2)
            for i in 0..<p.count {
                p.gradient.base[i] = penalized(p.gradient.base[i], p.value.base[i], l1: l1, l2x2: l2x2)
            }
        }
    }

    /// Copies the current parameters back into `model`.
    func write(to model: inout Model) {
        for case .dense(let d) in stages {
            model.setParameters(
                position: d.position,
                weight: Tensor(shape: d.weight.shape, scalars: d.weight.value.array(as: Float.self)),
                bias: d.bias.map { Tensor(shape: $0.shape, scalars: $0.value.array(as: Float.self)) })
        }
    }
}

/// `sign(x)` with `sign(0) = 0`.
@inline(__always)
func sign<Scalar: TensorScalar>(_ x: Scalar) -> Scalar { x > 0 ? 1 : (x < 0 ? -1 : 0) }

/// The gradient of the step's objective for one weight: data gradient + `λ₁·sign(w) + 2λ₂·w`.
@inline(__always)
func penalized<Scalar: TensorScalar>(_ g: Scalar, _ w: Scalar, l1: Scalar, l2x2: Scalar) -> Scalar {
    g + l1 * sign(w) + l2x2 * w
}
