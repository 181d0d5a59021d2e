/// Coordinate descent on a weighted least-squares problem, keeping the residual
/// ("naive updates", Friedman, Hastie & Tibshirani 2010, §2.2): minimises
///
///     (1/2n)·Σ_i h_i·(z_i − b − x_i·w)² + l1·Σ|w_j| + l2·Σw_j²
///
/// with `r = z − b − Xw` kept up to date. A coordinate costs two passes over the rows
/// (`g_k = (1/n)·Σ h_i·x_ik·r_i`, then `r −= δ·x_k`), so it suits wide data (more features
/// than rows) and the quadratic approximations of the logistic and multinomial losses,
/// whose weights `h` change at every outer step. The intercept `b`, when fitted, is a
/// coordinate too, never penalized.
///
/// The KKT check computes `g_j` for every feature outside the working set and admits those
/// with `|g_j| > l1`, so the answer is exact whatever the working set started as.
struct ResidualSolver {
    let design: LinearDesign
    /// Row weights `h` (nil: every row weighs `constantWeight`).
    var rowWeights: [Double]?
    var constantWeight: Double = 1
    var fitsIntercept: Bool

    /// `v_j = (1/n)·Σ h_i·x_ij²`, computed when first needed after a weight change.
    private var curvature: [Double]
    private var hasCurvature: [Bool]
    private var working: [Bool]
    private var workingSet: [Int] = []
    /// `outside`'s bounds (constant row weights only): per feature its last exact `g_j`
    /// and the snapshot of the residual it was computed at.
    private var bounds = (norms: [Double](), gradient: [Double](), snapshotOf: [Int](), snapshots: [[Double]]())

    init(design: LinearDesign, fitsIntercept: Bool) {
        self.design = design
        self.fitsIntercept = fitsIntercept
        curvature = [Double](repeating: 0, count: design.features)
        hasCurvature = [Bool](repeating: false, count: design.features)
        working = [Bool](repeating: false, count: design.features)
    }

    /// New row weights: the curvatures are recomputed as needed.
    mutating func setRowWeights(_ weights: [Double]?, constant: Double = 1) {
        rowWeights = weights
        constantWeight = constant
        for j in hasCurvature.indices { hasCurvature[j] = false }
        bounds = ([], [], [], [])
        bounds = ([], [], [], [])
    }

    /// `(1/n)·Σ h_i·x_ij·r_i`.
    func gradient(_ j: Int, _ r: UnsafePointer<Double>, _ x: UnsafePointer<Double>, _ h: UnsafePointer<Double>?) -> Double {
        let n = design.rows
        let column = x + j * n
        if let h { return DoubleKernels.dot(column, r, weights: h, n) / Double(n) }
        return constantWeight * DoubleKernels.dot(column, r, n) / Double(n)
    }

    private mutating func ensureCurvature(_ j: Int, _ x: UnsafePointer<Double>, _ h: UnsafePointer<Double>?) {
        guard !hasCurvature[j] else { return }
        let n = design.rows, column = x + j * n
        curvature[j] = h.map { DoubleKernels.dot(column, column, weights: $0, n) / Double(n) }
            ?? constantWeight * DoubleKernels.dot(column, column, n) / Double(n)
        hasCurvature[j] = true
    }

    /// Solves at `(l1, l2)` from `weights`, `intercept` and the matching residual `r`,
    /// screening with `screen` as `CovarianceSolver.solve`. Returns the passes made and whether
    /// the largest weighted change `v_k·δ²` of the last pass fell below `tolerance`.
    mutating func solve(
        weights w: inout [Double], intercept b: inout Double, residual r: inout [Double],
        l1: Double, l2: Double, screen: Double, tolerance: Double, maxPasses: Int
    ) -> (passes: Int, converged: Bool) {
        let p = design.features, n = design.rows
        let hSum = rowWeights.map { $0.reduce(0, +) } ?? constantWeight * Double(n)
        // Locals, so that the closures below may change `self` while reading them.
        let columns = design.columns, rowWeightsNow = rowWeights
        return columns.withUnsafeBufferPointer { xBuffer in
            r.withUnsafeMutableBufferPointer { rBuffer in
                let x = xBuffer.baseAddress!, res = rBuffer.baseAddress!
                return withOptionalPointer(rowWeightsNow) { h in
                    for j in workingSet { working[j] = false }
                    workingSet.removeAll(keepingCapacity: true)
                    for j in 0..<p where w[j] != 0 {
                        working[j] = true
                        workingSet.append(j)
                    }
                    for j in outside(above: screen, res, x, h) {
                        working[j] = true
                        workingSet.append(j)
                    }
                    var passes = 0
                    while true {
                        var converged = false
                        while passes < maxPasses {
                            passes += 1
                            if sweep(workingSet, &w, &b, res, x, h, hSum: hSum, l1: l1, l2: l2) < tolerance {
                                converged = true
                                break
                            }
                            let active = workingSet.filter { w[$0] != 0 }
                            while passes < maxPasses {
                                passes += 1
                                if sweep(active, &w, &b, res, x, h, hSum: hSum, l1: l1, l2: l2) < tolerance { break }
                            }
                        }
                        if !converged { return (passes, false) }
                        let violators = outside(above: l1, res, x, h)
                        for j in violators {
                            working[j] = true
                            workingSet.append(j)
                        }
                        if violators.isEmpty { return (passes, true) }
                    }
                }
            }
        }
    }

    /// The features outside the working set with `|g_j| > threshold`.
    ///
    /// With constant row weights, most are ruled out without a pass over the rows. Each
    /// feature keeps the last `g_j` computed exactly and the residual `r_t` it was computed
    /// at (a snapshot); by Cauchy–Schwarz `|g_j(r)| ≤ |g_j(r_t)| + (h/n)·‖x_j‖·‖r − r_t‖`,
    /// so a feature whose bound stays below the threshold (with a 1e-9 relative margin for
    /// rounding) cannot exceed it; the others get their exact `g_j` now. The answer is the
    /// exact test's; the work is mostly the features near the threshold.
    private mutating func outside(above threshold: Double, _ r: UnsafePointer<Double>, _ x: UnsafePointer<Double>,
                                  _ h: UnsafePointer<Double>?) -> [Int] {
        let p = design.features, n = design.rows
        guard h == nil else { return (0..<p).filter { !working[$0] && abs(gradient($0, r, x, h)) > threshold } }
        if bounds.norms.isEmpty {
            bounds.norms = (0..<p).map { DoubleKernels.dot(x + $0 * n, x + $0 * n, n).squareRoot() }
            bounds.gradient = [Double](repeating: 0, count: p)
            bounds.snapshotOf = [Int](repeating: -1, count: p)
        }
        // A new snapshot unless the residual is the last one; a long history starts over.
        if bounds.snapshots.count >= 64 {
            bounds.snapshots.removeAll()
            for j in 0..<p { bounds.snapshotOf[j] = -1 }
        }
        let current = Array(UnsafeBufferPointer(start: r, count: n))
        if bounds.snapshots.last != current { bounds.snapshots.append(current) }
        let now = bounds.snapshots.count - 1
        let reach = bounds.snapshots.map { snapshot in
            var distance = 0.0
            for i in 0..<n { distance += (r[i] - snapshot[i]) * (r[i] - snapshot[i]) }
            return constantWeight * distance.squareRoot() / Double(n)
        }
        let limit = threshold * (1 - 1e-9)
        var result: [Int] = []
        for j in 0..<p where !working[j] {
            let t = bounds.snapshotOf[j]
            if t >= 0, abs(bounds.gradient[j]) + bounds.norms[j] * reach[t] <= limit { continue }
            let g = t == now ? bounds.gradient[j] : gradient(j, r, x, nil)
            bounds.gradient[j] = g
            bounds.snapshotOf[j] = now
            if abs(g) > threshold { result.append(j) }
        }
        return result
    }

    /// One cyclic pass over `set` (and the intercept); the largest `v_k·δ²`.
    private mutating func sweep(
        _ set: [Int], _ w: inout [Double], _ b: inout Double, _ r: UnsafeMutablePointer<Double>,
        _ x: UnsafePointer<Double>, _ h: UnsafePointer<Double>?, hSum: Double, l1: Double, l2: Double
    ) -> Double {
        let n = design.rows
        var largest = 0.0
        for k in set {
            ensureCurvature(k, x, h)
            let v = curvature[k], old = w[k]
            let new = DoubleKernels.softThreshold(gradient(k, r, x, h) + v * old, l1, over: v + 2 * l2)
            if new == old { continue }
            let delta = new - old
            w[k] = new
            DoubleKernels.subtractScaled(r, delta, x + k * n, n)
            largest = max(largest, v * delta * delta)
        }
        if fitsIntercept, hSum > 0 {
            var weighted = 0.0
            if let h {
                for i in 0..<n { weighted += h[i] * r[i] }
            } else {
                for i in 0..<n { weighted += r[i] }
                weighted *= constantWeight
            }
            let delta = weighted / hSum
            if delta != 0 {
                b += delta
                for i in 0..<n { r[i] -= delta }
                largest = max(largest, hSum / Double(n) * delta * delta)
            }
        }
        return largest
    }
}

extension ResidualSolver {
    /// The largest `v_j·(new_j − old_j)²` over the weights, and the intercept's, under row
    /// weights `h`: how far one outer step moved.
    func weightedChange(from old: [Double], to new: [Double], interceptChange: Double, rowWeights h: [Double]) -> Double {
        let n = design.rows
        var largest = fitsIntercept ? h.reduce(0, +) / Double(n) * interceptChange * interceptChange : 0
        design.columns.withUnsafeBufferPointer { x in
            h.withUnsafeBufferPointer { weights in
                for j in old.indices where old[j] != new[j] {
                    let column = x.baseAddress! + j * n
                    let v = DoubleKernels.dot(column, column, weights: weights.baseAddress!, n) / Double(n)
                    largest = max(largest, v * (new[j] - old[j]) * (new[j] - old[j]))
                }
            }
        }
        return largest
    }
}

/// Calls `body` with a pointer to `array`'s elements, or nil.
@inline(__always)
func withOptionalPointer<R>(_ array: [Double]?, _ body: (UnsafePointer<Double>?) -> R) -> R {
    guard let array else { return body(nil) }
    return array.withUnsafeBufferPointer { body($0.baseAddress) }
}
