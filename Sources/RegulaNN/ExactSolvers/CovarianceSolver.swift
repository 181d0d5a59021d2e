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
        weights = [Double](repeating: 0, count: p)
        gradient = correlation
        slot = [Int](repeating: -1, count: p)
        working = [Bool](repeating: false, count: p)
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
        var largest = 0.0
        for k in set {
            let old = weights[k]
            let new = DoubleKernels.softThreshold(gradient[k] + curvature[k] * old, l1, over: curvature[k] + 2 * l2)
            if new == old { continue }
            let delta = new - old
            weights[k] = new
            if slot[k] < 0 { ensureColumns([k]) }
            subtractColumn(k, delta)
            largest = max(largest, curvature[k] * delta * delta)
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

    /// Computes the Gram columns of `features` that have none, four at a time.
    private func ensureColumns(_ features: [Int]) {
        let missing = features.filter { slot[$0] < 0 }
        guard !missing.isEmpty else { return }
        let p = design.features, n = design.rows
        let first = gram.count / p
        gram.append(contentsOf: repeatElement(0, count: missing.count * p))
        for (offset, k) in missing.enumerated() { slot[k] = first + offset }
        let scale = 2 / Double(n)
        design.columns.withUnsafeBufferPointer { x in
            gram.withUnsafeMutableBufferPointer { columns in
                let base = x.baseAddress!, out = columns.baseAddress!
                var start = 0
                while start < missing.count {
                    let block = Array(missing[start..<min(start + 4, missing.count)])
                    let c = (0..<4).map { base + block[min($0, block.count - 1)] * n }
                    for j in 0..<p {
                        let d = DoubleKernels.dot4(base + j * n, c[0], c[1], c[2], c[3], n)
                        for (b, k) in block.enumerated() { out[slot[k] * p + j] = scale * d[b] }
                    }
                    start += 4
                }
            }
        }
    }
}
