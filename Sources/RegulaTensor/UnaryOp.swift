import RealModule

/// The elementwise functions of one tensor, each with its forward rule `y = f(x)` and its
/// gradient rule `∂L/∂x = g · f′(x)` side by side (given the upstream gradient `g`, the
/// input `x` and the output `y`). This table is what `Tensor`'s math functions and the
/// autograd primitives of the same names run.
public enum UnaryOp: String, Sendable, CaseIterable {
    case negate, exp, log, sqrt, abs, sign, tanh, sigmoid, relu, gelu

    /// Whether the gradient is zero everywhere (`sign`): autograd sends nothing back.
    var hasZeroGradient: Bool { self == .sign }
}

/// One pass of a unary op over `n` elements.
@usableFromInline
enum UnaryPass<S: TensorScalar> {
    /// `y[i] = f(x[i])`
    case forward(x: UnsafePointer<S>, y: UnsafeMutablePointer<S>)
    /// `dx[i] = g[i] · f′(x[i])`, with `y = f(x)` at hand.
    case backward(g: UnsafePointer<S>, x: UnsafePointer<S>, y: UnsafePointer<S>, dx: UnsafeMutablePointer<S>)
}

@_specialize(where S == Float)
@_specialize(where S == Double)
@usableFromInline
func unaryKernel<S: TensorScalar>(_ op: UnaryOp, _ pass: UnaryPass<S>, _ n: Int) {
    switch op {
    case .negate:
        unaryLoop(pass, n, { -$0 }, { g, _, _ in -g })
    case .exp:
        unaryLoop(pass, n, { elementExp($0) }, { g, _, y in g * y })
    case .log:
        unaryLoop(pass, n, { S.log($0) }, { g, x, _ in g / x })
    case .sqrt:
        unaryLoop(pass, n, { $0.squareRoot() }, { g, _, y in g / (2 * y) })
    case .abs:
        unaryLoop(pass, n, { Swift.abs($0) }, { g, x, _ in g * signum(x) })
    case .sign:
        // sign(0) = 0, so the l1 penalty's gradient λ·sign(w) is 0 at w = 0 (SPEC §3).
        unaryLoop(pass, n, { signum($0) }, { _, _, _ in 0 })
    // The activations: formulas shared with the training engine (`ActivationFormula`).
    case .tanh:
        unaryLoop(pass, n, { ActivationFormula.tanh($0) }, { g, _, y in g * ActivationFormula.tanhDerivative(output: y) })
    case .sigmoid:
        unaryLoop(pass, n, { ActivationFormula.sigmoid($0) }, { g, _, y in g * ActivationFormula.sigmoidDerivative(output: y) })
    case .relu:
        unaryLoop(pass, n, { ActivationFormula.relu($0) }, { g, x, _ in x > 0 ? g : 0 })
    case .gelu:
        unaryLoop(pass, n, { ActivationFormula.gelu($0) }, { g, x, _ in g * ActivationFormula.geluDerivative(x) })
    }
}

@inline(__always)
func unaryLoop<S: TensorScalar>(_ pass: UnaryPass<S>, _ n: Int, _ f: (S) -> S, _ df: (S, S, S) -> S) {
    switch pass {
    case let .forward(x, y):
        for i in 0..<n { y[i] = f(x[i]) }
    case let .backward(g, x, y, dx):
        for i in 0..<n { dx[i] = df(g[i], x[i], y[i]) }
    }
}

/// −1, 0 or 1 (NaN stays NaN).
@inline(__always)
func signum<S: TensorScalar>(_ x: S) -> S {
    x > 0 ? 1 : (x < 0 ? -1 : x)
}

extension Tensor {
    /// `op` applied to every element.
    public func applying(_ op: UnaryOp) -> Tensor {
        var out = Tensor(uninitializedShape: shape)
        applying(op, into: &out)
        return out
    }

    /// `op` applied to every element of `self`, written into `out` (resized if needed) and
    /// spread over `loop`'s threads when the work is large (elements are independent, so
    /// the bits do not depend on the split).
    public func applying(_ op: UnaryOp, into out: inout Tensor, loop: ParallelLoop = .serial) {
        if out.shape != shape { out = Tensor(uninitializedShape: shape) }
        let n = count
        let cost: Double = [.exp, .log, .tanh, .sigmoid, .gelu].contains(op) ? 4 : 0.5
        scalars.withUnsafeBufferPointer { x in
            out.scalars.withUnsafeMutableBufferPointer { y in
                guard let xp = x.baseAddress, let yp = y.baseAddress else { return }
                loop.forEachRange(count: n, blockSize: Tensor.elementwiseBlock, nanosecondsPerItem: cost) { r in
                    unaryKernel(op, .forward(x: xp + r.lowerBound, y: yp + r.lowerBound), r.count)
                }
            }
        }
    }

    /// The gradient rule of `op`: `g · f′(x)` for input `x = self`, output `y` and
    /// upstream gradient `g` (all of one shape: an internal invariant).
    public func gradient(of op: UnaryOp, output y: Tensor, upstream g: Tensor) -> Tensor {
        precondition(shape == y.shape && shape == g.shape, "gradient(of:) shapes differ")
        var dx = Tensor(uninitializedShape: shape)
        let n = count
        g.scalars.withUnsafeBufferPointer { gp in
            scalars.withUnsafeBufferPointer { xp in
                y.scalars.withUnsafeBufferPointer { yp in
                    dx.scalars.withUnsafeMutableBufferPointer { dp in
                        guard let g0 = gp.baseAddress, let x0 = xp.baseAddress, let y0 = yp.baseAddress,
                              let d0 = dp.baseAddress else { return }
                        unaryKernel(op, .backward(g: g0, x: x0, y: y0, dx: d0), n)
                    }
                }
            }
        }
        return dx
    }

    /// −x
    public static prefix func - (x: Tensor) -> Tensor { x.applying(.negate) }
    /// eˣ
    public func exp() -> Tensor { applying(.exp) }
    /// Natural logarithm (−∞ at 0, NaN below).
    public func log() -> Tensor { applying(.log) }
    /// √x (NaN below 0).
    public func sqrt() -> Tensor { applying(.sqrt) }
    /// |x|
    public func abs() -> Tensor { applying(.abs) }
    /// −1, 0 or 1, with sign(0) = 0.
    public func sign() -> Tensor { applying(.sign) }
    /// tanh(x)
    public func tanh() -> Tensor { applying(.tanh) }
    /// 1/(1 + e^(−x))
    public func sigmoid() -> Tensor { applying(.sigmoid) }
    /// max(x, 0)
    public func relu() -> Tensor { applying(.relu) }
    /// x·Φ(x) with Φ the standard normal CDF (exact erf form, PyTorch's default GELU).
    public func gelu() -> Tensor { applying(.gelu) }
}

// MARK: - Fast float32 exp and tanh
// (In this file so that the kernel above inlines them even in non-WMO debug builds.)

/// Vectorisable float32 `exp` and `tanh` (Cephes' `expf` / `tanhf` polynomials, within
/// 2 ulp). libm's `expf` is a call per element (~0.3 G elements/s here); these are plain
/// arithmetic and selects that the compiler vectorises, and being pure arithmetic they give
/// the same bits on every platform. Double keeps libm: it is used for checking, not speed.

/// e^x for Float: x = n·ln2 + r with |r| ≤ ln2/2, e^r by a degree-6 polynomial, then 2^n
/// by building exponent bits.
@inlinable @inline(__always)
func fastExp(_ x: Float) -> Float {
    let clamped = x < -104 ? -104 : (x > 88.8 ? 88.8 : x)
    // Round to nearest by adding 1.5·2²³: the integer lands in the low mantissa bits, so
    // neither a libm call nor a trapping conversion is needed and the loop vectorises.
    let magic: Float = 12_582_912
    let shifted = clamped * 1.442_695_04 + magic
    let n = shifted - magic
    let exponent = Int32(bitPattern: shifted.bitPattern) &- Int32(bitPattern: magic.bitPattern)
    let r = (clamped - n * 0.693_359_375) - n * -2.121_944_4e-4
    var p: Float = 1.987_569_15e-4
    p = p * r + 1.398_199_95e-3
    p = p * r + 8.333_451_9e-3
    p = p * r + 4.166_579_59e-2
    p = p * r + 1.666_666_55e-1
    p = p * r + 5.000_000_12e-1
    p = p * r * r + r + 1
    // 2^n as 2^h·2^(n−h) with h = n/2: both factors stay normal floats for every n in
    // [−150, 128], so results near the overflow bound stay finite and tiny ones go subnormal.
    let half = exponent >> 1
    let scale1 = Float(bitPattern: UInt32(bitPattern: (half &+ 127) &<< 23))
    let scale2 = Float(bitPattern: UInt32(bitPattern: (exponent &- half &+ 127) &<< 23))
    let value = p * scale1 * scale2
    let saturated = x > 88.722_84 ? Float.infinity : (x < -103.97 ? 0 : value)
    return x.isNaN ? x : saturated
}

/// tanh x for Float: an odd polynomial near 0 (where 1 − 2/(e^2x + 1) would cancel),
/// that formula elsewhere.
@inlinable @inline(__always)
func fastTanh(_ x: Float) -> Float {
    let z = x * x
    var p: Float = -5.704_988_72e-3
    p = p * z + 2.063_908_87e-2
    p = p * z - 5.373_971_55e-2
    p = p * z + 1.333_144_22e-1
    p = p * z - 3.333_328_19e-1
    let small = p * z * x + x
    let a = Swift.abs(x)
    let large = 1 - 2 / (fastExp(2 * a) + 1)
    let signed = x < 0 ? -large : large
    return a < 0.625 ? small : signed
}

/// e^x in the element type: the polynomial for Float, libm for Double. After
/// specialisation the type test is a constant.
@inlinable @inline(__always)
func elementExp<S: TensorScalar>(_ x: S) -> S {
    if S.self == Float.self { return unsafeBitCast(fastExp(unsafeBitCast(x, to: Float.self)), to: S.self) }
    return S.exp(x)
}

/// log(1 + x) for 0 ≤ x ≤ 1 (the `log(1 + e^(−|z|))` of binary cross-entropy). Float: the
/// series log(1 + x) = 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …) with s = x/(2 + x) ≤ 1/3, in
/// Double to the s²⁷ term (truncation < 10⁻¹⁴) and rounded once: plain IEEE arithmetic,
/// so the same bits everywhere (glibc's `log1pf` differs between x86-64 and arm64).
/// Double: libm.
public func regulaLog1pOfUnit<S: TensorScalar>(_ x: S) -> S {
    guard S.self == Float.self else { return S.log(onePlus: x) }
    let v = Double(x)
    let s = v / (2 + v), s2 = s * s
    var p = 1.0 / 27
    for k in stride(from: 12, through: 0, by: -1) { p = p * s2 + 1 / Double(2 * k + 1) }
    return S(2 * s * p)
}

/// tanh x in the element type (see `elementExp`).
@inlinable @inline(__always)
func elementTanh<S: TensorScalar>(_ x: S) -> S {
    if S.self == Float.self { return unsafeBitCast(fastTanh(unsafeBitCast(x, to: Float.self)), to: S.self) }
    return S.tanh(x)
}
