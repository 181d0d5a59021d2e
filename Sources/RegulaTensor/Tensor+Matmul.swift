/// Matrix products on Regula's kernels (`Scalar.gemm`). Transposes are flags, never
/// copies: the backward pass of `C = A·B` is `∂A = ∂C·Bᵀ` and `∂B = Aᵀ·∂C`, two more gemm
/// calls.
extension Tensor {
    /// `op(a)·op(b)` for 2-D tensors, where `op` transposes when the flag is set.
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) throws -> Tensor {
        var c = Tensor.zeros([0, 0])
        try matmul(a, b, transposeA: transposeA, transposeB: transposeB, into: &c)
        return c
    }

    /// `c ← α·op(a)·op(b) + β·c`. With `β = 0` `c` is resized as needed (its storage reused
    /// when the shape fits); with `β ≠ 0` it must already have the result's shape.
    ///
    /// With `rowBlock`, the rows of the result are computed in fixed blocks of that many
    /// rows, one single-threaded gemm each, spread over `loop`'s threads. Each output is
    /// its own chain, so neither the blocks nor the thread count change a bit.
    public static func matmul(
        _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false,
        alpha: Scalar = 1, beta: Scalar = 0, into c: inout Tensor,
        rowBlock: Int? = nil, loop: ParallelLoop = .serial
    ) throws {
        let (m, n, k) = try productShape(a, b, transposeA: transposeA, transposeB: transposeB)
        if c.shape != [m, n] {
            guard beta == 0 else {
                throw TensorError.invalid(
                    "matmul", "accumulating into shape \(c.shapeDescription) needs shape \(TensorError.describe(shape: [m, n]))")
            }
            c = Tensor(uninitializedShape: [m, n])
        }
        guard m > 0 && n > 0 else { return }
        if k == 0 {
            // An empty inner dimension: the product is 0 (no chain to run).
            c = beta == 0 ? Tensor.zeros([m, n]) : c * beta
            return
        }
        let lda = a.shape[1], ldb = b.shape[1]
        a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                c.scalars.withUnsafeMutableBufferPointer { pc in
                    guard let a0 = pa.baseAddress, let b0 = pb.baseAddress, let c0 = pc.baseAddress else { return }
                    let block = Swift.max(1, rowBlock ?? m)
                    // ~100 GFLOP/s on one core: 2·m·n·k / 100 ns.
                    let nanosecondsPerRow = Double(2 * n * k) / 100
                    loop.forEachRange(count: m, blockSize: block, nanosecondsPerItem: nanosecondsPerRow) { rows in
                        // Row i of op(A) starts at a0 + i·lda, or at column i (a0 + i) when transposed.
                        let aStart = transposeA ? a0 + rows.lowerBound : a0 + rows.lowerBound * lda
                        Scalar.gemm(
                            transposeA: transposeA, transposeB: transposeB, m: rows.count, n: n, k: k,
                            alpha: alpha, a: aStart, lda: lda, b: b0, ldb: ldb,
                            beta: beta, c: c0 + rows.lowerBound * n, ldc: n)
                    }
                }
            }
        }
    }

    /// The `@` product with NumPy's rules for rank 1 and 2: a vector on the left is a row,
    /// on the right a column, and the promoted axis is dropped from the result (vector @
    /// vector is a scalar).
    public static func matrixProduct(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let shapes = try matrixProductShapes(a.shape, b.shape)
        return try matmul(a.reshaped(shapes.left), b.reshaped(shapes.right)).reshaped(shapes.result)
    }

    /// The shapes of `a @ b` under `matrixProduct`'s rules: each operand as a matrix, and
    /// the result's shape; a `TensorError` naming both shapes when they do not combine.
    /// (The autograd `@` of a script checks its operands here too.)
    public static func matrixProductShapes(_ a: [Int], _ b: [Int]) throws -> (left: [Int], right: [Int], result: [Int]) {
        guard (1...2).contains(a.count) && (1...2).contains(b.count) else {
            throw TensorError.shapes("matmul", a, b, "operands must be vectors or matrices")
        }
        let left = a.count == 1 ? [1, a[0]] : a
        let right = b.count == 1 ? [b[0], 1] : b
        guard left[1] == right[0] else {
            throw TensorError.shapes("matmul", a, b, "inner dimensions \(left[1]) and \(right[0]) differ")
        }
        var result: [Int] = []
        if a.count == 2 { result.append(left[0]) }
        if b.count == 2 { result.append(right[1]) }
        return (left, right, result)
    }

    /// `(m, n, k)` of `op(a)·op(b)`, or a `TensorError` naming both shapes.
    static func productShape(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) throws -> (Int, Int, Int) {
        guard a.rank == 2 && b.rank == 2 else {
            throw TensorError.shapes("matmul", a.shape, b.shape, "both operands must be 2-D")
        }
        let (m, ka) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let (kb, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        guard ka == kb else {
            let flags = [transposeA ? "first transposed" : nil, transposeB ? "second transposed" : nil].compactMap { $0 }
            let note = flags.isEmpty ? "" : ", " + flags.joined(separator: ", ")
            throw TensorError.shapes("matmul", a.shape, b.shape, "inner dimensions \(ka) and \(kb) differ\(note)")
        }
        return (m, n, ka)
    }
}
