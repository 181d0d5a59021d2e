import RegulaTensor

/// How an exact fit ended.
public enum LinearFitStatus: Sendable, Equatable {
    /// The convergence test held and every KKT condition was checked.
    case converged
    /// `maxIterations` coordinate passes were made first.
    case iterationLimit
    /// A coefficient became NaN or infinite.
    case diverged
}

/// What one exact fit returns.
public struct LinearFit: Sendable {
    public var coefficients: LinearCoefficients
    public var status: LinearFitStatus
    /// Coordinate-descent passes over the working set, summed over all outer steps.
    public var passes: Int
    /// Proximal-Newton (IRLS) steps for `bce` and `cross_entropy`; 1 for `mse`.
    public var outerSteps: Int
    /// The mean data loss on the fitted data.
    public var dataLoss: Double
    /// `l1·Σ|w| + l2·Σw²`.
    public var penalty: Double
    /// `dataLoss + penalty`: the objective minimised.
    public var objective: Double { dataLoss + penalty }
}

/// Convergence settings of the exact solvers.
public struct LinearSolverSettings: Sendable, Equatable {
    /// A coordinate-descent loop ends when no coordinate moved by more than this in
    /// weighted terms: `max_k v_k·δ_k² < tolerance · L₀`, where `v_k` is the coordinate's
    /// curvature (`(2/n)·Σx_ik²` for mse) and `L₀` the data loss of the intercept-only
    /// model (glmnet's `thresh` times the null deviance). The IRLS loop of `bce` and
    /// `cross_entropy` ends by the same test on a whole outer step.
    public var tolerance: Double
    /// The most coordinate passes one fit may make (glmnet's `maxit`).
    public var maxIterations: Int

    public init(tolerance: Double = 1e-7, maxIterations: Int = 100_000) {
        self.tolerance = tolerance
        self.maxIterations = maxIterations
    }
}

/// The exact solver for a linear model (one dense layer, no activation) under Regula's
/// objective
///
///     mean_i loss(b + W·x_i, y_i) + l1·Σ|W| + l2·Σ W²
///
/// with the intercept `b` unpenalized, as glmnet solves it (Friedman, Hastie & Tibshirani
/// 2010), in Float64 throughout:
///
/// - `mse`: cyclic coordinate descent with covariance updates (`CovarianceSolver`) when the
///   data has at least as many rows as features, else with residual updates
///   (`ResidualSolver`). `mse + elastic_net(λ, ρ)` is scikit-learn's
///   `ElasticNet(alpha=λ/2, l1_ratio=ρ)` and glmnet's `lambda=λ/2, alpha=ρ` with
///   `standardize=FALSE` for a target of unit variance (glmnet divides its L2 part by
///   the target's sd `s`; in general `lambda=λ/2·(ρ+s(1−ρ)), alpha=ρ/(ρ+s(1−ρ))`). Several outputs (a runtime-only case: Regula's `mse` takes one)
///   follow PyTorch's `MSELoss`, the mean over rows and outputs; they are independent
///   problems.
/// - `bce`: a proximal-Newton (IRLS) outer loop: the quadratic approximation with weights
///   `p(1−p)` at the current point is solved by coordinate descent, then the step is
///   halved while it does not lower the objective.
/// - `cross_entropy`: glmnet's ungrouped multinomial: per outer step, each class in turn
///   gets its own quadratic approximation (weights `p_k(1−p_k)`), solved by coordinate
///   descent; the same step control. Intercepts are reported centred (their sum is 0: the
///   softmax does not change).
///
/// Each fit uses working sets screened by a strong rule and ends with a KKT check over all
/// features, so a weight is zero exactly when `|∂loss/∂w| ≤ l1` there. One solver keeps
/// its caches (Gram columns) between fits: a path calls `fit` once per λ, warm-started.
public final class LinearSolver {
    public let loss: Loss
    public let outputs: Int
    public let features: Int
    public let rows: Int
    public let fitsIntercept: Bool
    let design: LinearDesign
    /// `[rows, outputs]` targets for mse (row-major), class indices or 0/1 values otherwise.
    let targets: [Double]
    /// The intercept-only model's data loss, the tolerance's scale.
    public private(set) var nullLoss: Double = 1
    private var covariance: [CovarianceSolver] = []
    private var residual: [ResidualSolver] = []
    private var current: LinearCoefficients

    /// A solver for `loss` on `data` with `outputs` outputs (1 for mse and bce, the
    /// classes for cross_entropy).
    public convenience init(data: Dataset, loss: Loss, outputs: Int, fitsIntercept: Bool = true) throws(ModelError) {
        try self.init(features: data.features, targets: data.targets.map(Double.init), loss: loss, outputs: outputs,
                      fitsIntercept: fitsIntercept)
    }

    /// A solver on `features` (`[rows, features]`) and `targets`: `[rows, outputs]` values
    /// for mse, one class index per row for cross_entropy, one value in [0, 1] for bce.
    public init(features x: Tensor<Float>, targets: [Double], loss: Loss, outputs: Int, fitsIntercept: Bool = true) throws(ModelError) {
        guard x.rank == 2, x.shape[0] >= 1, x.shape[1] >= 1 else {
            throw .invalidConfiguration("the exact solver needs at least one row and one feature, got data of shape \(x.shapeDescription)")
        }
        self.loss = loss
        self.outputs = outputs
        rows = x.shape[0]
        features = x.shape[1]
        self.fitsIntercept = fitsIntercept
        switch loss {
        case .mse:
            guard targets.count == rows * outputs else { throw .invalidTargets("mse: \(targets.count) targets for \(rows) rows × \(outputs) outputs") }
        case .bce:
            guard outputs == 1 else { throw .invalidTargets("bce needs a model with 1 output (a logit), but it has \(outputs)") }
            if let t = targets.first(where: { !($0 >= 0 && $0 <= 1) }) { throw .invalidTargets("bce: target \(formatNumber(t)) is not in [0, 1]") }
        case .crossEntropy:
            guard outputs >= 2 else { throw .invalidTargets("cross_entropy needs at least 2 outputs, the model has \(outputs)") }
            if let t = targets.first(where: { !($0 >= 0 && $0 < Double(outputs) && $0 == $0.rounded()) }) {
                throw .invalidTargets("cross_entropy: target \(formatNumber(t)) is not a class index in 0..<\(outputs); the exact solver needs one output per class")
            }
        case .mae, .huber, .function:
            throw .invalidConfiguration("the exact solver handles mse, bce and cross_entropy, not \(loss)")
        }
        if let bad = x.scalars.firstIndex(where: { !$0.isFinite }) {
            throw .invalidTargets("the data has a non-finite value in row \(bad / features + 1), column \(bad % features + 1)")
        }
        if let bad = targets.firstIndex(where: { !$0.isFinite }) { throw .invalidTargets("the data has a non-finite target in row \(bad + 1)") }
        let data = Dataset(features: x, targets: [Float](repeating: 0, count: rows),
                           featureNames: (0..<features).map { "x\($0)" }, targetName: "y", task: .regression)
        design = LinearDesign(data, centred: fitsIntercept)
        self.targets = targets
        current = LinearCoefficients(outputs: outputs, features: features)
        current.intercepts = nullIntercepts()
        nullLoss = dataLoss(current)
    }

    // MARK: Fitting

    /// Solves at `penalty`, starting from the previous solution (or `start`). `screen`, a
    /// strong rule's threshold on `|∂loss/∂w_j|` (defaults to `l1`, no screening beyond
    /// KKT), only decides where the working set starts.
    public func fit(_ penalty: LinearPenalty, from start: LinearCoefficients? = nil, screen: Double? = nil,
                    settings: LinearSolverSettings = LinearSolverSettings()) -> LinearFit {
        if let start { current = start }
        let tolerance = settings.tolerance * max(nullLoss, .leastNormalMagnitude)
        let screen = screen ?? penalty.l1
        var passes = 0, outer = 1
        var status = LinearFitStatus.converged
        var data: Double?
        switch loss {
        case .mse:
            (passes, status, data) = fitSquared(penalty, screen: screen, tolerance: tolerance, maxPasses: settings.maxIterations)
        case .bce, .crossEntropy:
            (passes, outer, status) = fitNewton(penalty, screen: screen, tolerance: tolerance, maxPasses: settings.maxIterations)
        case .mae, .huber, .function:
            break
        }
        if !current.isFinite { status = .diverged }
        return LinearFit(coefficients: current, status: status, passes: passes, outerSteps: outer, dataLoss: data ?? dataLoss(current),
                         penalty: current.penalty(l1: penalty.l1, l2: penalty.l2))
    }

    /// The solution for a penalty at or above λ_max: zero weights, the intercepts fitted
    /// (it becomes the next fit's warm start).
    public func fitNull(_ penalty: LinearPenalty) -> LinearFit {
        current = LinearCoefficients(outputs: outputs, features: features)
        current.intercepts = nullIntercepts()
        return LinearFit(coefficients: current, status: .converged, passes: 0, outerSteps: 0, dataLoss: nullLoss, penalty: 0)
    }

    /// The mean data loss of `c` on this solver's data.
    public func dataLoss(_ c: LinearCoefficients) -> Double {
        LinearScoring.loss(loss, c, features: design, targets: targets)
    }

    /// `|∂loss/∂W|` at zero weights with the intercepts fitted (or zero without an
    /// intercept): the smallest `l1` at which every weight is zero is its largest entry.
    public func nullGradient() -> [Double] {
        var zero = LinearCoefficients(outputs: outputs, features: features)
        zero.intercepts = nullIntercepts()
        return LinearScoring.gradient(loss, zero, features: design, targets: targets).map(abs)
    }

    // MARK: Squared loss

    /// Fits every output; returns the passes, the status and the data loss.
    private func fitSquared(_ penalty: LinearPenalty, screen: Double, tolerance: Double, maxPasses: Int) -> (Int, LinearFitStatus, Double) {
        let n = rows, p = features, q = outputs
        // (1/(n·q))·Σ_k ‖r_k‖² + P(W) = (1/q)·Σ_k [(1/n)‖r_k‖² + q·P(w_k)].
        let scale = Double(q)
        let l1 = penalty.l1 * scale, l2 = penalty.l2 * scale
        if covariance.isEmpty && residual.isEmpty { makeSquaredSolvers() }
        var passes = 0
        var status = LinearFitStatus.converged
        var squares = 0.0
        for k in 0..<q {
            var w = Array(current.weights(output: k))
            if !covariance.isEmpty {
                let solver = covariance[k]
                if solver.weights != w { solver.setWeights(w) }
                let result = solver.solve(l1: l1, l2: l2, screen: screen * scale, tolerance: tolerance, maxPasses: maxPasses)
                passes += result.passes
                if !result.converged { status = .iterationLimit }
                w = solver.weights
                squares += solver.dataLoss
            } else {
                var r = centredTarget(k)
                design.columns.withUnsafeBufferPointer { x in
                    for j in 0..<p where w[j] != 0 { DoubleKernels.subtractScaled(&r, w[j], x.baseAddress! + j * n, n) }
                }
                var unused = 0.0
                let result = residual[k].solve(weights: &w, intercept: &unused, residual: &r, l1: l1, l2: l2,
                                               screen: screen * scale, tolerance: tolerance, maxPasses: maxPasses)
                passes += result.passes
                if !result.converged { status = .iterationLimit }
                squares += r.reduce(0) { $0 + $1 * $1 } / Double(n)
            }
            current.weights.replaceSubrange((k * p)..<((k + 1) * p), with: w)
            current.intercepts[k] = fitsIntercept ? targetMean(k) - zip(design.means, w).reduce(0) { $0 + $1.0 * $1.1 } : 0
        }
        return (passes, status, squares / Double(q))
    }

    private func makeSquaredSolvers() {
        if rows >= features {
            covariance = (0..<outputs).map { CovarianceSolver(design: design, target: centredTarget($0)) }
        } else {
            residual = (0..<outputs).map { _ in
                var solver = ResidualSolver(design: design, fitsIntercept: false)
                solver.setRowWeights(nil, constant: 2)
                return solver
            }
        }
    }

    private func targetMean(_ k: Int) -> Double {
        guard fitsIntercept else { return 0 }
        var sum = 0.0
        for i in 0..<rows { sum += targets[i * outputs + k] }
        return sum / Double(rows)
    }

    private func centredTarget(_ k: Int) -> [Double] {
        let mean = targetMean(k)
        return (0..<rows).map { targets[$0 * outputs + k] - mean }
    }

    // MARK: Logistic and multinomial

    private func fitNewton(_ penalty: LinearPenalty, screen: Double, tolerance: Double, maxPasses: Int) -> (Int, Int, LinearFitStatus) {
        let n = rows, p = features, q = outputs
        // Solvers per output, kept across fits for their working sets; intercepts move in
        // the centred design's terms (b' = b + x̄·w).
        if residual.isEmpty { residual = (0..<q).map { _ in ResidualSolver(design: design, fitsIntercept: fitsIntercept) } }
        var coefficients = centredIntercepts(current)
        var objective = LinearScoring.loss(loss, coefficients, features: design, targets: targets, centred: true)
            + coefficients.penalty(l1: penalty.l1, l2: penalty.l2)
        var passes = 0, outer = 0
        let maxOuter = 1_000
        while outer < maxOuter && passes < maxPasses {
            outer += 1
            let before = coefficients
            var eta = LinearScoring.linearPredictors(coefficients, features: design, centred: true)
            var largest = 0.0
            for k in 0..<(loss == .bce ? 1 : q) {
                let (h, r0) = quadraticApproximation(eta, output: k)
                residual[k].setRowWeights(h)
                var w = Array(coefficients.weights(output: k))
                var b = coefficients.intercepts[k]
                var r = r0
                let result = residual[k].solve(weights: &w, intercept: &b, residual: &r, l1: penalty.l1, l2: penalty.l2,
                                               screen: screen, tolerance: tolerance, maxPasses: max(1, maxPasses - passes))
                passes += result.passes
                largest = max(largest, residual[k].weightedChange(from: Array(before.weights(output: k)), to: w,
                                                                   interceptChange: b - before.intercepts[k], rowWeights: h))
                coefficients.weights.replaceSubrange((k * p)..<((k + 1) * p), with: w)
                coefficients.intercepts[k] = b
                // The next class sees this class's new predictors (glmnet cycles classes so).
                for i in 0..<n { eta[i * q + k] += r0[i] - r[i] }
            }
            // Step control: halve the step while the objective rises (proximal Newton).
            var next = LinearScoring.loss(loss, coefficients, features: design, targets: targets, centred: true)
                + coefficients.penalty(l1: penalty.l1, l2: penalty.l2)
            var halvings = 0
            while !(next <= objective + 1e-13 * abs(objective)) && halvings < 30 {
                halvings += 1
                coefficients = LinearCoefficients.midpoint(before, coefficients)
                next = LinearScoring.loss(loss, coefficients, features: design, targets: targets, centred: true)
                    + coefficients.penalty(l1: penalty.l1, l2: penalty.l2)
            }
            if !next.isFinite || !coefficients.isFinite {
                current = uncentredIntercepts(coefficients)
                return (passes, outer, .diverged)
            }
            objective = next
            if largest < tolerance || halvings == 30 { break }
        }
        current = uncentredIntercepts(coefficients)
        let converged = outer < maxOuter && passes < maxPasses
        return (passes, outer, converged ? .converged : .iterationLimit)
    }

    /// Row weights `h = p(1−p)` (at least 1e-5, as glmnet bounds them) and the working
    /// residual `(y − p)/h` of output `k` at the linear predictors `eta` (`[rows, outputs]`).
    private func quadraticApproximation(_ eta: [Double], output k: Int) -> ([Double], [Double]) {
        let n = rows, q = outputs
        var h = [Double](repeating: 0, count: n), r = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let probability: Double
            let y: Double
            if loss == .bce {
                probability = LinearScoring.sigmoid(eta[i])
                y = targets[i]
            } else {
                probability = LinearScoring.softmax(eta, row: i, width: q, output: k)
                y = Int(targets[i]) == k ? 1 : 0
            }
            h[i] = max(probability * (1 - probability), 1e-5)
            r[i] = (y - probability) / h[i]
        }
        return (h, r)
    }

    // MARK: Intercepts

    /// The intercepts of the model with zero weights: the mean target (mse), its logit
    /// (bce), log class frequencies centred to sum 0 (cross_entropy); zeros without intercept.
    private func nullIntercepts() -> [Double] {
        guard fitsIntercept else { return [Double](repeating: 0, count: outputs) }
        switch loss {
        case .mse:
            return (0..<outputs).map(targetMean)
        case .bce:
            let mean = targets.reduce(0, +) / Double(rows)
            let bounded = min(max(mean, 1e-5), 1 - 1e-5)
            return [Double.log(bounded / (1 - bounded))]
        default:
            var counts = [Double](repeating: 0, count: outputs)
            for t in targets { counts[Int(t)] += 1 }
            let logs = counts.map { Double.log(max($0, 1e-5 * Double(rows)) / Double(rows)) }
            let mean = logs.reduce(0, +) / Double(outputs)
            return logs.map { $0 - mean }
        }
    }

    private func centredIntercepts(_ c: LinearCoefficients) -> LinearCoefficients {
        var result = c
        for k in 0..<outputs {
            result.intercepts[k] += zip(design.means, c.weights(output: k)).reduce(0) { $0 + $1.0 * $1.1 }
        }
        return result
    }

    private func uncentredIntercepts(_ c: LinearCoefficients) -> LinearCoefficients {
        var result = c
        for k in 0..<outputs {
            result.intercepts[k] -= zip(design.means, c.weights(output: k)).reduce(0) { $0 + $1.0 * $1.1 }
        }
        if loss == .crossEntropy {
            let mean = result.intercepts.reduce(0, +) / Double(outputs)
            result.intercepts = result.intercepts.map { $0 - mean }
        }
        return result
    }
}

extension LinearCoefficients {
    /// Halfway between `a` and `b` (a halved proximal-Newton step).
    static func midpoint(_ a: LinearCoefficients, _ b: LinearCoefficients) -> LinearCoefficients {
        var result = b
        for i in result.weights.indices {
            let m = a.weights[i] + (b.weights[i] - a.weights[i]) / 2
            result.weights[i] = m == 0 ? 0 : m
        }
        for k in result.intercepts.indices { result.intercepts[k] = a.intercepts[k] + (b.intercepts[k] - a.intercepts[k]) / 2 }
        return result
    }
}
