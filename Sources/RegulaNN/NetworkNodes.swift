import CKernels
import RegulaTensor

/// A primitive of the training engine's tape: forward and pullback work on buffers sized
/// once by `reserve`, so replaying it allocates nothing.
protocol NetworkNode<Scalar>: ReplayableNode {
    associatedtype Scalar: TensorScalar
    /// Sizes the node's workspaces for `rows` rows.
    func reserve(rows: Int)
}

extension NetworkNode {
    func reserve(rows: Int) {}
}

/// What the nodes of one pass share: the batch, the mode, and where data and gradients
/// flow. Forward: each layer reads `x` (`[rows, width]`) and points it at its output.
/// Backward: `g` holds ∂objective/∂(the current layer's output); a layer turns it into
/// ∂objective/∂(its input), in place or into `spare` (then the two swap).
final class NetworkPass<Scalar: TensorScalar> {
    var rows = 0
    /// Dropout draws masks (a training step rather than evaluation).
    var training = false
    /// The objective tape is being differentiated (losses and penalties keep their parts).
    var differentiating = false
    var dropout = RandomGenerator(seed: 0, stream: .dropout)
    var gemm = BlockedGemm(threads: 1)
    var x: UnsafeMutablePointer<Scalar>
    var targets: UnsafeMutablePointer<Scalar>
    var g: UnsafeMutablePointer<Scalar>
    var spare: UnsafeMutablePointer<Scalar>
    var dataLoss = 0.0
    var activity = 0.0
    var penalty = 0.0
    /// Where the pointers point before the network's first pass.
    private let placeholder = UnsafeMutablePointer<Scalar>.allocate(capacity: 1)

    init() {
        placeholder.initialize(to: 0)
        (x, targets, g, spare) = (placeholder, placeholder, placeholder, placeholder)
    }

    deinit { placeholder.deallocate() }

    func swapGradients() { swap(&g, &spare) }
}

/// `y = f(x·Wᵀ + b)`: one matrix product, then bias and activation fused in one pass.
/// Pullback: `∂z = ∂y·f′`, `∂b = Σ_rows ∂z`, `∂W = ∂zᵀ·x`, and `∂x = ∂z·W` unless no
/// earlier layer learns.
final class DenseNode<Scalar: TensorScalar>: NetworkNode {
    let position: Int
    let inputs: Int
    let units: Int
    let activation: Activation
    let weight: Parameter<Scalar>
    let bias: Parameter<Scalar>?
    let passesGradient: Bool
    let pass: NetworkPass<Scalar>
    private var output = ScalarBuffer<Scalar>(count: 0)
    private var preActivation: ScalarBuffer<Scalar>?
    private var x: UnsafeMutablePointer<Scalar>

    init(position: Int, inputs: Int, units: Int, activation: Activation, weight: Parameter<Scalar>, bias: Parameter<Scalar>?,
         passesGradient: Bool, pass: NetworkPass<Scalar>) {
        self.position = position
        self.inputs = inputs
        self.units = units
        self.activation = activation
        self.weight = weight
        self.bias = bias
        self.passesGradient = passesGradient
        self.pass = pass
        x = output.base
    }

    func reserve(rows: Int) {
        output = ScalarBuffer(count: rows * units)
        if activation.needsInput { preActivation = ScalarBuffer(count: rows * units) }
    }

    @_specialize(where Scalar == Float)
    func forward() {
        let rows = pass.rows
        x = pass.x
        let y = output.base
        pass.gemm(transposeA: false, transposeB: true, m: rows, n: units, k: inputs,
                  a: x, lda: inputs, b: weight.value.base, ldb: inputs, c: y, ldc: units)
        activation.applyWithBias(y, rows: rows, units: units, bias: bias?.value.base, preActivation: preActivation?.base)
        pass.x = y
    }

    @_specialize(where Scalar == Float)
    func pullback() {
        let rows = pass.rows, g = pass.g, y = output.base
        activation.backward(g, input: preActivation?.base ?? y, output: y, rows: rows, units: units,
                            biasGradient: bias?.gradient.base)
        pass.gemm(transposeA: true, transposeB: false, m: units, n: inputs, k: rows,
                  a: g, lda: units, b: x, ldb: inputs, c: weight.gradient.base, ldc: inputs)
        if passesGradient {
            pass.gemm(transposeA: false, transposeB: false, m: rows, n: inputs, k: units,
                      a: g, lda: units, b: weight.value.base, ldb: inputs, c: pass.spare, ldc: inputs)
            pass.swapGradients()
        }
    }
}

/// An activation as a layer of its own: `y = f(x)`, pullback `∂x = ∂y·f′(x)`.
final class ActivationNode<Scalar: TensorScalar>: NetworkNode {
    let activation: Activation
    let width: Int
    let passesGradient: Bool
    let pass: NetworkPass<Scalar>
    private var output = ScalarBuffer<Scalar>(count: 0)
    private var x: UnsafeMutablePointer<Scalar>

    init(_ activation: Activation, width: Int, passesGradient: Bool, pass: NetworkPass<Scalar>) {
        self.activation = activation
        self.width = width
        self.passesGradient = passesGradient
        self.pass = pass
        x = output.base
    }

    func reserve(rows: Int) { output = ScalarBuffer(count: rows * width) }

    @_specialize(where Scalar == Float)
    func forward() {
        x = pass.x
        activation.apply(x, output.base, count: pass.rows * width)
        pass.x = output.base
    }

    @_specialize(where Scalar == Float)
    func pullback() {
        guard passesGradient else { return }
        activation.backward(pass.g, input: x, output: output.base, count: pass.rows * width)
    }
}

/// Inverted dropout: in a training pass each input is zeroed with probability `p` and the
/// survivors scaled by `1/(1 − p)` (the mask is kept for the pullback); otherwise the identity.
final class DropoutNode<Scalar: TensorScalar>: NetworkNode {
    let p: Scalar
    let width: Int
    let passesGradient: Bool
    let pass: NetworkPass<Scalar>
    private var output = ScalarBuffer<Scalar>(count: 0)
    private var mask = ScalarBuffer<Scalar>(count: 0)
    private var masked = false

    init(_ p: Scalar, width: Int, passesGradient: Bool, pass: NetworkPass<Scalar>) {
        self.p = p
        self.width = width
        self.passesGradient = passesGradient
        self.pass = pass
    }

    func reserve(rows: Int) {
        output = ScalarBuffer(count: rows * width)
        mask = ScalarBuffer(count: rows * width)
    }

    @_specialize(where Scalar == Float)
    func forward() {
        masked = pass.training && p > 0
        guard masked else { return }
        let x = pass.x, y = output.base, m = mask.base
        let keep = 1 / (1 - p)
        for i in 0..<(pass.rows * width) {
            m[i] = Scalar(pass.dropout.nextFloat()) < p ? 0 : keep
            y[i] = x[i] * m[i]
        }
        pass.x = y
    }

    @_specialize(where Scalar == Float)
    func pullback() {
        guard passesGradient && masked else { return }
        let g = pass.g, m = mask.base
        for i in 0..<(pass.rows * width) { g[i] *= m[i] }
    }
}

/// A penalty on a layer's outputs `y`, averaged over the batch as Keras's
/// `activity_regularizer`: value `(λ₁·Σ|y| + λ₂·Σy²)/N`, pullback `∂y += (λ₁·sign(y) + 2λ₂·y)/N`.
final class ActivityPenaltyNode<Scalar: TensorScalar>: NetworkNode {
    let penalty: PenaltyCoefficients
    let width: Int
    let pass: NetworkPass<Scalar>
    private var y: UnsafeMutablePointer<Scalar>

    init(_ penalty: PenaltyCoefficients, width: Int, pass: NetworkPass<Scalar>) {
        self.penalty = penalty
        self.width = width
        self.pass = pass
        y = pass.x
    }

    @_specialize(where Scalar == Float)
    func forward() {
        y = pass.x
        guard pass.differentiating else { return }
        var absSum: Scalar = 0, squareSum: Scalar = 0
        for i in 0..<(pass.rows * width) {
            let v = y[i]
            absSum += abs(v)
            squareSum += v * v
        }
        pass.activity += (penalty.l1 * Double(absSum) + penalty.l2 * Double(squareSum)) / Double(pass.rows)
    }

    @_specialize(where Scalar == Float)
    func pullback() {
        let rows = pass.rows, g = pass.g
        let l1 = Scalar(penalty.l1 / Double(rows)), l2x2 = Scalar(2 * penalty.l2 / Double(rows))
        for i in 0..<(rows * width) { g[i] += l1 * sign(y[i]) + l2x2 * y[i] }
    }
}

/// A weight or bias penalty `(λ₁ + λ_prox)·Σ|w| + λ₂·Σw²` on one parameter. Its pullback
/// adds `λ₁·sign(w) + 2λ₂·w` to the parameter's gradient and sums the value in the same
/// pass (proximal L1 is part of the value but not differentiated: the optimizer
/// soft-thresholds after its step). Recorded before the layers, so its pullback runs after
/// theirs have written the data gradient.
final class WeightPenaltyNode<Scalar: TensorScalar>: NetworkNode {
    let parameter: Parameter<Scalar>
    let penalty: PenaltyCoefficients
    let pass: NetworkPass<Scalar>
    /// The C kernel's two sums (a tuple: no allocation per step).
    private var sums: (Float, Float) = (0, 0)

    init(_ parameter: Parameter<Scalar>, _ penalty: PenaltyCoefficients, pass: NetworkPass<Scalar>) {
        self.parameter = parameter
        self.penalty = penalty
        self.pass = pass
    }

    func forward() {}

    @_specialize(where Scalar == Float)
    func pullback() {
        let w = parameter.value.base, grad = parameter.gradient.base, n = parameter.count
        let differentiable = penalty.l1 != 0 || penalty.l2 != 0
        var absSum = 0.0, squareSum = 0.0
        if Scalar.self == Float.self {
            // The C kernel on 8-lane groups, the tail in 4 lanes: per element the same
            // operations as a scalar loop, so the same gradient bits.
            let wf = UnsafeMutableRawPointer(w).assumingMemoryBound(to: Float.self)
            let gf = UnsafeMutableRawPointer(grad).assumingMemoryBound(to: Float.self)
            let l1 = Lanes(repeating: Float(penalty.l1)), l2x2 = Lanes(repeating: Float(2 * penalty.l2))
            var a = Lanes(), s = Lanes()
            var i = withUnsafeMutablePointer(to: &sums) { p in
                p.withMemoryRebound(to: Float.self, capacity: 2) { sums in
                    regula_penalty_gradient(wf, gf, n, l1[0], l2x2[0], differentiable ? 1 : 0, sums)
                }
            }
            a[0] = sums.0
            s[0] = sums.1
            while i < n {
                let valid = Swift.min(laneCount, n - i)
                let wi = Lanes.load(wf, i, valid)
                a += wi.magnitude
                s += wi * wi
                if differentiable { (Lanes.load(gf, i, valid) + l1 * wi.signum + l2x2 * wi).store(gf, i, valid) }
                i += laneCount
            }
            absSum = Double(a.sum())
            squareSum = Double(s.sum())
        } else {
            let l1 = Scalar(penalty.l1), l2x2 = Scalar(2 * penalty.l2)
            for i in 0..<n {
                let v = w[i]
                absSum += Double(abs(v))
                squareSum += Double(v * v)
                if differentiable { grad[i] = grad[i] + l1 * sign(v) + l2x2 * v }
            }
        }
        pass.penalty += (penalty.l1 + penalty.proximalL1) * absSum + penalty.l2 * squareSum
    }
}

/// A built-in loss, fused (softmax cross-entropy, sigmoid bce, mse, mae, huber): the kernel
/// writes `∂loss/∂outputs` into the gradient buffer in the same pass as the value (as
/// PyTorch's fused losses keep what their backward needs), so the pullback of the seed
/// `∂objective/∂loss = 1` has nothing left to do.
final class LossNode<Scalar: TensorScalar>: NetworkNode {
    let loss: LossFormula
    let width: Int
    let pass: NetworkPass<Scalar>

    init(_ loss: LossFormula, width: Int, pass: NetworkPass<Scalar>) {
        self.loss = loss
        self.width = width
        self.pass = pass
    }

    @_specialize(where Scalar == Float)
    func forward() {
        pass.dataLoss = loss.evaluate(
            outputs: pass.x, targets: pass.targets, rows: pass.rows, width: width,
            gradient: pass.differentiating ? pass.g : nil)
    }

    func pullback() {}
}
