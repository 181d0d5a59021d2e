import RegulaTensor

/// An elementwise nonlinearity, used fused inside a dense layer or as a layer of its own.
///
/// | name      | f(z)                          | f′(z)                          |
/// |-----------|-------------------------------|--------------------------------|
/// | identity  | z                             | 1                              |
/// | relu      | max(z, 0)                     | 1 if z > 0 else 0              |
/// | tanh      | tanh z                        | 1 − f(z)²                      |
/// | sigmoid   | 1 / (1 + e^(−z))              | f(z)·(1 − f(z))                |
/// | gelu      | z·Φ(z) = ½z(1 + erf(z/√2))    | Φ(z) + z·φ(z)                  |
///
/// `gelu` is the exact (erf) form, PyTorch's `nn.GELU()` default. The formulas are
/// `ActivationFormula`'s, the ones `Variable`'s autograd runs; this type adds the engine's
/// fused loops (bias + activation, bias gradient) around them.
public enum Activation: String, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    case identity, relu, tanh, sigmoid, gelu

    public var description: String { rawValue }

    /// Whether the backward pass needs the pre-activation `z` (otherwise the output suffices).
    var needsInput: Bool { self == .gelu }

    /// `y[i] = f(z[i])`; `y` may alias `z`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func apply<Scalar: TensorScalar>(_ z: UnsafePointer<Scalar>, _ y: UnsafeMutablePointer<Scalar>, count: Int) {
        switch self {
        case .identity:
            if UnsafePointer(y) != z { y.update(from: z, count: count) }
        case .relu:
            for i in 0..<count { y[i] = ActivationFormula.relu(z[i]) }
        case .tanh:
            for i in 0..<count { y[i] = ActivationFormula.tanh(z[i]) }
        case .sigmoid:
            for i in 0..<count { y[i] = ActivationFormula.sigmoid(z[i]) }
        case .gelu:
            for i in 0..<count { y[i] = ActivationFormula.gelu(z[i]) }
        }
    }

    /// `g[i] *= f′(z[i])`, given the pre-activation `z` (only read by gelu) and output `y`.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func backward<Scalar: TensorScalar>(
        _ g: UnsafeMutablePointer<Scalar>, input z: UnsafePointer<Scalar>, output y: UnsafePointer<Scalar>, count: Int
    ) {
        switch self {
        case .identity:
            return
        case .relu:
            if Scalar.self == Float.self {
                // Explicit lanes: the auto-vectoriser gives up on the possible g/y alias.
                let gf = UnsafeMutableRawPointer(g).assumingMemoryBound(to: Float.self)
                let yf = UnsafeMutableRawPointer(mutating: y).assumingMemoryBound(to: Float.self)
                var i = 0
                while i + laneCount <= count {
                    let gi = Lanes.load(gf, i, laneCount)
                    gi.replacing(with: 0, where: .!(Lanes.load(yf, i, laneCount) .> 0)).store(gf, i, laneCount)
                    i += laneCount
                }
                for j in i..<count { g[j] = y[j] > 0 ? g[j] : 0 }
            } else {
                for i in 0..<count { g[i] = y[i] > 0 ? g[i] : 0 }
            }
        case .tanh:
            for i in 0..<count { g[i] *= ActivationFormula.tanhDerivative(output: y[i]) }
        case .sigmoid:
            for i in 0..<count { g[i] *= ActivationFormula.sigmoidDerivative(output: y[i]) }
        case .gelu:
            for i in 0..<count { g[i] *= ActivationFormula.geluDerivative(z[i]) }
        }
    }

    /// `backward`, then the bias gradient `biasGradient[j] = Σᵣ g[r, j]` summed over the
    /// rows in order (the same bits as a separate pass). ReLU does both in one pass over
    /// `g`: the gradient is read once instead of twice.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func backward<Scalar: TensorScalar>(
        _ g: UnsafeMutablePointer<Scalar>, input z: UnsafePointer<Scalar>, output y: UnsafePointer<Scalar>,
        rows: Int, units: Int, biasGradient: UnsafeMutablePointer<Scalar>?
    ) {
        guard let out = biasGradient, rows > 0 else {
            backward(g, input: z, output: y, count: rows * units)
            return
        }
        guard self == .relu, Scalar.self == Float.self else {
            backward(g, input: z, output: y, count: rows * units)
            out.update(from: g, count: units)
            for r in 1..<rows {
                let row = g + r * units
                for j in 0..<units { out[j] += row[j] }
            }
            return
        }
        let gf = UnsafeMutableRawPointer(g).assumingMemoryBound(to: Float.self)
        let yf = UnsafeMutableRawPointer(mutating: y).assumingMemoryBound(to: Float.self)
        let sums = UnsafeMutableRawPointer(out).assumingMemoryBound(to: Float.self)
        for r in 0..<rows {
            let first = r == 0
            let row = r * units
            var j = 0
            while j < units {
                let valid = Swift.min(laneCount, units - j)
                let gi = Lanes.load(gf, row + j, valid).replacing(with: 0, where: .!(Lanes.load(yf, row + j, valid) .> 0))
                gi.store(gf, row + j, valid)
                (first ? gi : Lanes.load(sums, j, valid) + gi).store(sums, j, valid)
                j += laneCount
            }
        }
    }

    /// The fused epilogue of a dense layer: `y[r, j] = f(y[r, j] + b[j])` in place, keeping
    /// the pre-activation in `preActivation` when the backward pass needs it.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func applyWithBias<Scalar: TensorScalar>(
        _ y: UnsafeMutablePointer<Scalar>, rows: Int, units: Int, bias: UnsafeMutablePointer<Scalar>?,
        preActivation: UnsafeMutablePointer<Scalar>?
    ) {
        if let bias {
            switch self {
            case .identity:
                for r in 0..<rows {
                    let row = y + r * units
                    for j in 0..<units { row[j] += bias[j] }
                }
                return
            case .relu:
                for r in 0..<rows {
                    let row = y + r * units
                    for j in 0..<units { row[j] = ActivationFormula.relu(row[j] + bias[j]) }
                }
                return
            case .tanh, .sigmoid, .gelu:
                for r in 0..<rows {
                    let row = y + r * units
                    for j in 0..<units { row[j] += bias[j] }
                }
            }
        }
        if let preActivation { preActivation.update(from: y, count: rows * units) }
        apply(y, y, count: rows * units)
    }
}
