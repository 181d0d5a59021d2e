import CGemm
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One of Regula's matrix-product kernel paths. All give identical bits (each output one
/// FMA chain in increasing k); they differ only in speed and in the CPUs that have them.
public enum KernelPath: String, CaseIterable, Sendable {
    case scalar, avx2, avx512, neon

    /// The path's number in CGemm (`RegulaGemmPath`).
    public var code: Int32 {
        switch self {
        case .scalar: Int32(REGULA_GEMM_SCALAR.rawValue)
        case .avx2: Int32(REGULA_GEMM_AVX2.rawValue)
        case .avx512: Int32(REGULA_GEMM_AVX512.rawValue)
        case .neon: Int32(REGULA_GEMM_NEON.rawValue)
        }
    }

    init?(code: Int32) {
        guard let path = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = path
    }

    /// Whether this CPU has the path (and this binary contains it).
    public var isAvailable: Bool { regula_gemm_path_available(code) != 0 }
}

/// `REGULA_KERNELS` named a path that does not exist or that this CPU lacks.
public struct KernelSelectionError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public let hint: String
    public var description: String { message }
}

/// The process-wide choice of kernel path: the fastest this CPU has, or the one
/// `REGULA_KERNELS` forces.
public enum Kernels {
    /// The environment variable that forces a path: `scalar`, `avx2`, `avx512` or `neon`.
    public static let environmentVariable = "REGULA_KERNELS"

    /// The paths this CPU has, slowest first.
    public static var available: [KernelPath] { KernelPath.allCases.filter(\.isAvailable) }

    /// The path products use now.
    public static var current: KernelPath { KernelPath(code: regula_gemm_current_path()) ?? .scalar }

    /// Makes every later product use `path`.
    public static func select(_ path: KernelPath) throws(KernelSelectionError) {
        guard regula_gemm_select(path.code) == 0 else {
            throw KernelSelectionError(
                message: "\(environmentVariable)=\(path.rawValue): this CPU has no \(path.rawValue) kernels",
                hint: hint)
        }
    }

    /// Selects the path `REGULA_KERNELS` names, or the fastest one when it is unset or
    /// empty. Returns the path in use.
    @discardableResult
    public static func selectFromEnvironment() throws(KernelSelectionError) -> KernelPath {
        guard let raw = getenv(environmentVariable) else { return current }
        let name = String(cString: raw)
        if name.isEmpty { return current }
        guard let path = KernelPath(rawValue: name.lowercased()) else {
            throw KernelSelectionError(
                message: "\(environmentVariable)=\(name) is not a kernel path", hint: hint)
        }
        try select(path)
        return path
    }

    private static var hint: String {
        "this CPU has \(available.map(\.rawValue).joined(separator: ", ")); all give the same bits"
    }
}

extension KernelPath {
    /// `C ← op(A)·op(B)` (row-major) on this path, whichever is selected: for benchmarks
    /// and tests that compare paths. False, computing nothing, when the CPU lacks it.
    @discardableResult
    public func multiply(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int
    ) -> Bool {
        regula_sgemm_on_path(code, transposeA ? 1 : 0, transposeB ? 1 : 0, m, n, k, 1, a, lda, b, ldb, 0, c, ldc) == 0
    }
}
