import RealModule

/// The activation functions and their derivatives, written once: `UnaryOp`'s kernels
/// (tensor math and `Variable`'s autograd) and the training engine's fused layers call
/// these. Float32 `tanh` and `sigmoid` run on the polynomial `exp`/`tanh` (the same bits on
/// every platform); Float64 on libm. GELU is the exact erf form in PyTorch's order of
/// operations (`nn.GELU()`'s default).
public enum ActivationFormula {
    /// `max(x, 0)` (NaN stays NaN).
    @inlinable @inline(__always)
    public static func relu<S: TensorScalar>(_ x: S) -> S { Swift.max(x, 0) }

    /// `tanh x`.
    @inlinable @inline(__always)
    public static func tanh<S: TensorScalar>(_ x: S) -> S { elementTanh(x) }

    /// `tanh′` from the output `y`: `1 − y²`.
    @inlinable @inline(__always)
    public static func tanhDerivative<S: TensorScalar>(output y: S) -> S { 1 - y * y }

    /// `1/(1 + e^(−x))`: saturates to 0 or 1 without overflow trouble (e^(−x) = ∞ gives 0).
    @inlinable @inline(__always)
    public static func sigmoid<S: TensorScalar>(_ x: S) -> S { 1 / (1 + elementExp(-x)) }

    /// `σ′` from the output `y`: `y·(1 − y)`.
    @inlinable @inline(__always)
    public static func sigmoidDerivative<S: TensorScalar>(output y: S) -> S { y * (1 - y) }

    /// `x·Φ(x)` as PyTorch computes it: `x · 0.5 · (1 + erf(x · 1/√2))`.
    @inlinable @inline(__always)
    public static func gelu<S: TensorScalar>(_ x: S) -> S {
        x * S(0.5) * (1 + S.erf(x * (1 / S.sqrt(2))))
    }

    /// `GELU′(x) = Φ(x) + x·φ(x)`.
    @inlinable @inline(__always)
    public static func geluDerivative<S: TensorScalar>(_ x: S) -> S {
        let cdf = (1 + S.erf(x * (1 / S.sqrt(2)))) / 2
        let pdf = S.exp(-x * x / 2) * (1 / S.sqrt(2 * S.pi))
        return cdf + x * pdf
    }
}
