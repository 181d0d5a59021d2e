import CGemm
import RealModule

/// The element types a tensor can hold: `Float` (the default for training) and `Double`
/// (used where precision matters, e.g. finite-difference gradient checks).
public protocol TensorScalar: Real, BinaryFloatingPoint, Sendable, CustomStringConvertible
where RawSignificand: FixedWidthInteger {
    /// A short name for messages: `float32` or `float64`.
    static var dtypeName: String { get }

    /// `C ← α·op(A)·op(B) + β·C` on row-major storage, on Regula's own kernels: each
    /// output is one fused multiply-add chain over k in increasing order, then
    /// `α·p + β·C` in one fixed way, so the bits never depend on the CPU (CGemm.h).
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int,
        b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
}

extension Float: TensorScalar {
    public static var dtypeName: String { "float32" }

    @inlinable
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        regula_sgemm(
            transposeA ? 1 : 0, transposeB ? 1 : 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }
}

extension Double: TensorScalar {
    public static var dtypeName: String { "float64" }

    @inlinable
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        regula_dgemm(
            transposeA ? 1 : 0, transposeB ? 1 : 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }
}
