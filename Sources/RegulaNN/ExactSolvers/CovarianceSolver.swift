import CKernels

/// Coordinate descent for the squared loss with covariance updates (Friedman, Hastie &
/// Tibshirani 2010, §2.2): minimises
///
///     (1/n)·Σ_i (y_i − x_i·w)² + l1·Σ|w_j| + l2·Σw_j²
///
/// over centred features and target. It keeps the gradient-like vector
/// `g = (2/n)·Xᵀ(y − Xw)` for every feature, and the Gram columns `(2/n)·Xᵀx_k` of the
/// features that have entered the working set; moving `w_k` by δ updates `g` with one
/// column (`g −= δ·G_k`), without touching the rows. The coordinate update is
/// `w_k ← S(g_k + v_k·w_k, l1) / (v_k + 2·l2)` with `v_k = (2/n)·Σx_ik²`.
///
/// Because `g` is exact for every feature at all times, the KKT check over the features
/// outside the working set (`|g_j| ≤ l1` for a zero weight) costs nothing more; a feature
/// that fails it joins the working set and the loop goes on, so the answer is exact
/// whatever the working set started as (strong rules only make it small).
final class CovarianceSolver {
    let design: LinearDesign
    /// `v_j = (2/n)·Σx_ij²`.
    let curvature: [Double]
    /// `(2/n)·Xᵀy` for the centred target.
    let correlation: [Double]
    /// `(1/n)·Σ y_i²` of the centred target.
    let targetSquares: Double
    /// The weights of the current solution.
    var weights: [Double]
    /// `(2/n)·Xᵀ(y − Xw)`.
    var gradient: [Double]
    /// Gram columns, `features` values per slot, one slot per feature that needed one.
    private var gram: [Double] = []
    private var slot: [Int]
    /// Whether feature j is in the working set.
    private var working: [Bool]
    private var workingSet: [Int] = []

    init(design: LinearDesign, target: [Double]) {
        self.design = design
        let p = design.features, n = design.rows
        curvature = design.curvatures(scale: 2)
        correlation = design.columns.withUnsafeBufferPointer { x in
            target.withUnsafeBufferPointer { y in
                (0..<p).map { j in 2 * DoubleKernels.dot(x.baseAddress! + j * n, y.baseAddress!, n) / Double(n) }
            }
        }
        targetSquares = target.reduce(0) { $0 + $1 * $1 } / Double(n)
        weights = [Double](repeating: 0, count: p)
        gradient = correlation
        slot = [Int](repeating: -1, count: p)
        working = [Bool](repeating: false, count: p)
        if p <= Self.wholeGramFeatures { computeWholeGram() }
    }

    /// Up to this many features (a Gram matrix of 32 MB) the whole matrix is computed at
    /// once, in the vector kernel's cache-friendly tiles: a path needs most of it, and one
    /// blocked pass costs far less than columns computed one by one as features enter.
    static let wholeGramFeatures = 2048

    private func computeWholeGram() {
        let p = design.features, n = design.rows
        gram = [Double](repeating: 0, count: p * p)
        design.columns.withUnsafeBufferPointer { x in
            gram.withUnsafeMutableBufferPointer { out in regula_gram(x.baseAddress!, n, p, out.baseAddress!) }
        }
        let scale = 2 / Double(n)
        for i in gram.indices { gram[i] *= scale }
        for j in 0..<p { slot[j] = j }
    }

    /// `(1/n)·‖y − Xw‖²` from the kept vectors, without a pass over the rows:
    /// `(1/n)‖y‖² − w·(c + g)/2` with `c = (2/n)Xᵀy` and `g = (2/n)Xᵀ(y − Xw)`.
    var dataLoss: Double {
        var inner = 0.0
        for j in weights.indices where weights[j] != 0 { inner += weights[j] * (correlation[j] + gradient[j]) }
        return max(0, targetSquares - inner / 2)
    }

    /// Starts from `start` (warm start): `g` is recomputed from the Gram columns.
    func setWeights(_ start: [Double]) {
        let nonzero = start.indices.filter { start[$0] != 0 }
        ensureColumns(nonzero)
        weights = start
        gradient = correlation
        for k in nonzero { subtractColumn(k, start[k]) }
    }

    /// Solves at `(l1, l2)` from the current weights. The working set starts as the
    /// nonzero weights and the features with `|g_j| > screen` (a strong rule's threshold;
    /// `l1` screens only KKT violators). Returns the coordinate passes made and whether
    /// the largest weighted change `v_k·δ²` of the last pass fell below `tolerance`.
    func solve(l1: Double, l2: Double, screen: Double, tolerance: Double, maxPasses: Int) -> (passes: Int, converged: Bool) {
        let p = design.features
        for j in workingSet { working[j] = false }
        workingSet.removeAll(keepingCapacity: true)
        for j in 0..<p where weights[j] != 0 || abs(gradient[j]) > screen { admit(j) }
        var passes = 0
        while true {
            ensureColumns(workingSet)
            var converged = false
            while passes < maxPasses {
                passes += 1
                if sweep(workingSet, l1: l1, l2: l2) < tolerance {
                    converged = true
                    break
                }
                // Active-set cycling: the nonzero weights until they settle, then a full pass.
                let active = workingSet.filter { weights[$0] != 0 }
                while passes < maxPasses {
                    passes += 1
                    if sweep(active, l1: l1, l2: l2) < tolerance { break }
                }
            }
            if !converged { return (passes, false) }
            var violated = false
            for j in 0..<p where !working[j] && abs(gradient[j]) > l1 {
                admit(j)
                violated = true
            }
            if !violated { return (passes, true) }
        }
    }

    private func admit(_ j: Int) {
        working[j] = true
        workingSet.append(j)
    }

    /// One cyclic pass over `set`; the largest `v_k·δ²`.
    private func sweep(_ set: [Int], l1: Double, l2: Double) -> Double {
        // `solve` gave every feature of the working set its Gram column before sweeping;
        // one loop on raw pointers: this is where a path spends its time.
        let p = design.features
        var largest = 0.0
        let twoL2 = 2 * l2
        gram.withUnsafeBufferPointer { columns in
            weights.withUnsafeMutableBufferPointer { w in
                gradient.withUnsafeMutableBufferPointer { g in
                    curvature.withUnsafeBufferPointer { v in
                        slot.withUnsafeBufferPointer { slots in
                            for k in set {
                                let old = w[k], vk = v[k]
                                let new = DoubleKernels.softThreshold(g[k] + vk * old, l1, over: vk + twoL2)
                                if new == old { continue }
                                let delta = new - old
                                w[k] = new
                                DoubleKernels.subtractScaled(g.baseAddress!, delta, columns.baseAddress! + slots[k] * p, p)
                                largest = max(largest, vk * delta * delta)
                            }
                        }
                    }
                }
            }
        }
        return largest
    }

    /// `g −= δ·G_k`.
    private func subtractColumn(_ k: Int, _ delta: Double) {
        let p = design.features, offset = slot[k] * p
        gram.withUnsafeBufferPointer { columns in
            gradient.withUnsafeMutableBufferPointer { g in
                DoubleKernels.subtractScaled(g.baseAddress!, delta, columns.baseAddress! + offset, p)
            }
        }
    }

    /// Computes the Gram columns of `features` that have none. An entry `G_k[j]` whose
    /// feature j already has a column is copied from it (the matrix is symmetric); the
    /// others are computed in tiles of 4 features × 2 new columns.
    private func ensureColumns(_ features: [Int]) {
        let missing = features.filter { slot[$0] < 0 }
        guard !missing.isEmpty else { return }
        let p = design.features, n = design.rows
        let first = gram.count / p
        let hadColumn = slot.map { $0 >= 0 }
        gram.append(contentsOf: repeatElement(0, count: missing.count * p))
        for (offset, k) in missing.enumerated() { slot[k] = first + offset }
        let fresh = (0..<p).filter { !hadColumn[$0] }
        let scale = 2 / Double(n)
        design.columns.withUnsafeBufferPointer { x in
            gram.withUnsafeMutableBufferPointer { columns in
                let base = x.baseAddress!, out = columns.baseAddress!
                for j in 0..<p where hadColumn[j] {
                    for k in missing { out[slot[k] * p + j] = out[slot[j] * p + k] }
                }
                var kStart = 0
                while kStart < missing.count {
                    let k0 = missing[kStart], k1 = missing[min(kStart + 1, missing.count - 1)]
                    var jStart = 0
                    while jStart < fresh.count {
                        let last = fresh.count - 1
                        let j0 = fresh[jStart], j1 = fresh[min(jStart + 1, last)]
                        let j2 = fresh[min(jStart + 2, last)], j3 = fresh[min(jStart + 3, last)]
                        let (d0, d1) = DoubleKernels.gramTile(base + j0 * n, base + j1 * n, base + j2 * n, base + j3 * n,
                                                              base + k0 * n, base + k1 * n, n)
                        let s0 = slot[k0] * p, s1 = slot[k1] * p
                        for (t, j) in [j0, j1, j2, j3].prefix(min(4, fresh.count - jStart)).enumerated() {
                            out[s0 + j] = scale * d0[t]
                            out[s1 + j] = scale * d1[t]
                        }
                        jStart += 4
                    }
                    kStart += 2
                }
            }
        }
    }
}
