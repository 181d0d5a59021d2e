import RegulaTensor

/// Matrix products for the training engine: `C ← α·op(A)·op(B) + β·C`, split into
/// two fixed blocks of C's rows that are spread over `threads` workers.
///
/// Threads split rows of C, never k: each output stays one FMA chain in k order (see
/// CGemm.h), so any block split and any thread count give the same bits. Small products
/// (where a second thread's start-up latency would dominate) stay one call.
struct BlockedGemm: Sendable {
    let threads: Int
    /// The helper threads (nil with one thread): made once per training run, so a step
    /// allocates nothing.
    let pool: WorkerPool?

    init(threads: Int) {
        self.threads = Swift.max(1, threads)
        pool = threads > 1 ? WorkerPool(threads: threads) : nil
    }

    /// Products with fewer multiply-adds than this stay one kernel call.
    static let splitThreshold = 8_000_000
    /// Rows of C per block when a product of `m` rows is split: two halves (rounded up to
    /// 16 rows). A function of the shape only. Two big calls rather than many 64-row ones:
    /// every call packs the whole other operand again, which cost ~15–25% of the speed
    /// of the W2/W3 products on one thread (docs/performance.md).
    static func blockRows(m: Int) -> Int { m >= 32 ? (m / 2 + 15) / 16 * 16 : m }

    func callAsFunction<Scalar: TensorScalar>(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<Scalar>, lda: Int, b: UnsafePointer<Scalar>, ldb: Int,
        c: UnsafeMutablePointer<Scalar>, ldc: Int
    ) {
        let rows = Self.blockRows(m: m)
        let blocks = m * n * k < Self.splitThreshold ? 1 : (m + rows - 1) / rows
        if blocks == 1 {
            Scalar.gemm(
                transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                alpha: 1, a: a, lda: lda, b: b, ldb: ldb, beta: 0, c: c, ldc: ldc)
            return
        }
        let operands = Operands(a: a, b: b, c: c)
        let job = GemmJob(
            rows: rows, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, operands: operands,
            lda: lda, ldb: ldb, ldc: ldc)
        if let pool {
            pool.forEachBlock(blocks, job)  // allocation-free: a steady-state step allocates nothing
        } else {
            for block in 0..<blocks { job.run(block: block) }
        }
    }

    /// One block of `rows` rows of C (fewer for the last block): one kernel call.
    fileprivate static func run<Scalar: TensorScalar>(
        block: Int, rows blockRows: Int, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, operands: Operands<Scalar>,
        lda: Int, ldb: Int, ldc: Int
    ) {
        let first = block * blockRows
        let rows = Swift.min(blockRows, m - first)
        // Row `first` of op(A): a row of A, or a column of Aᵀ's storage.
        let blockA = operands.a + (transposeA ? first : first * lda)
        Scalar.gemm(
            transposeA: transposeA, transposeB: transposeB, m: rows, n: n, k: k,
            alpha: 1, a: blockA, lda: lda, b: operands.b, ldb: ldb, beta: 0, c: operands.c + first * ldc, ldc: ldc)
    }
}

/// One split product, as plain data for `WorkerPool`.
private struct GemmJob<Scalar: TensorScalar>: BlockJob {
    let rows: Int
    let transposeA: Bool, transposeB: Bool
    let m: Int, n: Int, k: Int
    let operands: Operands<Scalar>
    let lda: Int, ldb: Int, ldc: Int

    func run(block: Int) {
        BlockedGemm.run(block: block, rows: rows, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                        operands: operands, lda: lda, ldb: ldb, ldc: ldc)
    }
}

/// Raw operand pointers handed to the workers; every worker writes disjoint rows of C.
private struct Operands<Scalar>: @unchecked Sendable {
    let a: UnsafePointer<Scalar>
    let b: UnsafePointer<Scalar>
    let c: UnsafeMutablePointer<Scalar>
}
