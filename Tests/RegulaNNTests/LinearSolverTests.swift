import CKernels
import RegulaNN
import RegulaTensor
import XCTest

/// The exact solvers against their optimality conditions: at a solution of
/// `mean loss + l1·Σ|w| + l2·Σw²`, every zero weight has `|∂loss/∂w| ≤ l1` and every
/// nonzero one `∂loss/∂w + l1·sign(w) + 2·l2·w = 0`; the intercepts' gradient is zero.
final class LinearSolverTests: XCTestCase {
    func regression(n: Int, features: Int, informative: Int, seed: UInt64 = 3) throws -> Dataset {
        try SyntheticData.regression(n: n, features: features, informative: informative, noise: 0.5, seed: seed).dataset
    }

    /// Checks the KKT conditions of `fit` on `data` to `accuracy` (relative to l1 + 1).
    func assertOptimal(_ fit: LinearFit, _ data: Dataset, _ loss: Loss, _ penalty: LinearPenalty, accuracy: Double,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(fit.status, .converged, file: file, line: line)
        let c = fit.coefficients
        let gradient = LinearScoringProbe.gradient(loss, c, data)
        let scale = penalty.l1 + 1e-3
        for (index, w) in c.weights.enumerated() {
            let g = gradient.weights[index]
            if w == 0 {
                XCTAssertLessThanOrEqual(abs(g), penalty.l1 + accuracy * scale, "zero weight \(index)", file: file, line: line)
                XCTAssertEqual(w.sign, .plus, "zeros are +0.0", file: file, line: line)
            } else {
                XCTAssertEqual(g + penalty.l1 * (w > 0 ? 1 : -1) + 2 * penalty.l2 * w, 0, accuracy: accuracy * scale,
                               "nonzero weight \(index)", file: file, line: line)
            }
        }
        for g in gradient.intercepts { XCTAssertEqual(g, 0, accuracy: accuracy * scale, file: file, line: line) }
    }

    func testLassoOnTallDataMeetsKKT() throws {
        let data = try regression(n: 300, features: 30, informative: 5)
        let solver = try LinearSolver(data: data, loss: .mse, outputs: 1)
        let penalty = LinearPenalty(l1: 0.05, l2: 0)
        let fit = solver.fit(penalty, settings: LinearSolverSettings(tolerance: 1e-18))
        try assertOptimal(fit, data, .mse, penalty, accuracy: 1e-6)
        XCTAssertGreaterThan(fit.coefficients.weights.filter { $0 == 0 }.count, 10, "the lasso finds the noise features")
    }

    func testElasticNetOnWideDataMeetsKKT() throws {
        let data = try regression(n: 40, features: 120, informative: 5)
        let solver = try LinearSolver(data: data, loss: .mse, outputs: 1)
        let penalty = LinearPenalty(l1: 0.1, l2: 0.05)
        let fit = solver.fit(penalty, settings: LinearSolverSettings(tolerance: 1e-18))
        try assertOptimal(fit, data, .mse, penalty, accuracy: 1e-6)
    }

    func testRidgeMatchesTheNormalEquations() throws {
        // (XᵀX/n + l2·I)·w = Xᵀy/n on centred data.
        let data = try regression(n: 50, features: 3, informative: 3)
        let l2 = 0.3
        let fit = try LinearSolver(data: data, loss: .mse, outputs: 1).fit(LinearPenalty(l1: 0, l2: l2), settings: LinearSolverSettings(tolerance: 1e-16))
        let n = 50, p = 3
        let x = data.features.scalars.map(Double.init), y = data.targets.map(Double.init)
        let xm = (0..<p).map { j in (0..<n).reduce(0.0) { $0 + x[$1 * p + j] } / Double(n) }
        let ym = y.reduce(0, +) / Double(n)
        var a = [[Double]](repeating: [Double](repeating: 0, count: p + 1), count: p)
        for j in 0..<p {
            for k in 0..<p {
                a[j][k] = (0..<n).reduce(0.0) { $0 + (x[$1 * p + j] - xm[j]) * (x[$1 * p + k] - xm[k]) } / Double(n) + (j == k ? l2 : 0)
            }
            a[j][p] = (0..<n).reduce(0.0) { $0 + (x[$1 * p + j] - xm[j]) * (y[$1] - ym) } / Double(n)
        }
        // Gaussian elimination (the matrix is positive definite).
        for c in 0..<p {
            for r in (c + 1)..<p {
                let f = a[r][c] / a[c][c]
                for k in c...p { a[r][k] -= f * a[c][k] }
            }
        }
        var w = [Double](repeating: 0, count: p)
        for r in stride(from: p - 1, through: 0, by: -1) {
            w[r] = (a[r][p] - ((r + 1)..<p).reduce(0.0) { $0 + a[r][$1] * w[$1] }) / a[r][r]
        }
        for j in 0..<p { XCTAssertEqual(fit.coefficients.weights[j], w[j], accuracy: 1e-9) }
        XCTAssertEqual(fit.coefficients.intercepts[0], ym - zip(xm, w).reduce(0) { $0 + $1.0 * $1.1 }, accuracy: 1e-9)
    }

    func testLogisticMeetsKKT() throws {
        var data = try SyntheticData.classification(n: 200, features: 8, informative: 3, classes: 2, seed: 2)
        data.task = .classification(classes: 2)
        let solver = try LinearSolver(data: data, loss: .bce, outputs: 1)
        let penalty = LinearPenalty(l1: 0.02, l2: 0.01)
        let fit = solver.fit(penalty, settings: LinearSolverSettings(tolerance: 1e-18))
        try assertOptimal(fit, data, .bce, penalty, accuracy: 1e-6)
    }

    func testMultinomialMeetsKKT() throws {
        let data = try SyntheticData.classification(n: 240, features: 6, informative: 3, classes: 3, seed: 4)
        let solver = try LinearSolver(data: data, loss: .crossEntropy, outputs: 3)
        let penalty = LinearPenalty(l1: 0.01, l2: 0.005)
        let fit = solver.fit(penalty, settings: LinearSolverSettings(tolerance: 1e-18))
        try assertOptimal(fit, data, .crossEntropy, penalty, accuracy: 1e-6)
        XCTAssertEqual(fit.coefficients.intercepts.reduce(0, +), 0, accuracy: 1e-12, "intercepts are centred")
    }

    func testAboveLambdaMaxEveryWeightIsZero() throws {
        let data = try regression(n: 100, features: 12, informative: 4)
        let solver = try LinearSolver(data: data, loss: .mse, outputs: 1)
        let lambdaMax = solver.nullGradient().max() ?? 0
        let above = solver.fit(LinearPenalty(l1: lambdaMax * 1.0001, l2: 0))
        XCTAssertEqual(above.coefficients.nonzeroCount, 0)
        let below = solver.fit(LinearPenalty(l1: lambdaMax * 0.99, l2: 0))
        XCTAssertEqual(below.coefficients.nonzeroCount, 1)
    }
}

/// The gradient of the mean data loss by Float64 finite-free formulas, for the tests.
enum LinearScoringProbe {
    static func gradient(_ loss: Loss, _ c: LinearCoefficients, _ data: Dataset) -> LinearCoefficients {
        let n = data.rows, p = data.featureCount, q = c.outputs
        let x = data.features.scalars.map(Double.init), y = data.targets.map(Double.init)
        var g = LinearCoefficients(outputs: q, features: p)
        for i in 0..<n {
            let eta = (0..<q).map { k in c.intercepts[k] + (0..<p).reduce(0.0) { $0 + c.weights[k * p + $1] * x[i * p + $1] } }
            var slope = [Double](repeating: 0, count: q)
            switch loss {
            case .mse: slope[0] = 2 * (eta[0] - y[i])
            case .bce: slope[0] = 1 / (1 + Foundation.exp(-eta[0])) - y[i]
            default:
                let peak = eta.max() ?? 0
                let e = eta.map { Foundation.exp($0 - peak) }
                let s = e.reduce(0, +)
                for k in 0..<q { slope[k] = e[k] / s - (Int(y[i]) == k ? 1 : 0) }
            }
            for k in 0..<q {
                g.intercepts[k] += slope[k] / Double(n)
                for j in 0..<p { g.weights[k * p + j] += slope[k] * x[i * p + j] / Double(n) }
            }
        }
        return g
    }
}

/// Paths and cross-validation: thread counts, several outputs, the 1-SE rule.
final class LinearPathTests: XCTestCase {
    func testCrossValidationIsIdenticalForAnyThreadCount() throws {
        let data = try SyntheticData.regression(n: 120, features: 15, informative: 4, noise: 0.5, seed: 8).dataset
        let folds = try KFold(rows: 120, k: 5, seed: 3).folds
        let penalty = Penalty.elasticNet(alpha: 1, l1Ratio: 0.5)
        let lambdas = try LinearPath.lambdas(.grid(count: 30, minRatio: nil), data: data, loss: .mse, outputs: 1, fitsIntercept: true, penalty: penalty)
        let runs = try [1, 2, 3].map { threads in
            try LinearPath.run(data: data, loss: .mse, outputs: 1, fitsIntercept: true, penalty: penalty, lambdas: lambdas,
                               folds: folds, settings: LinearSolverSettings(), work: IndependentWork(threads: threads))
        }
        for run in runs.dropFirst() {
            XCTAssertEqual(run.crossValidation, runs[0].crossValidation)
            XCTAssertEqual(run.coefficients, runs[0].coefficients)
        }
        let cv = try XCTUnwrap(runs[0].crossValidation)
        XCTAssertLessThanOrEqual(cv.oneStandardErrorIndex, cv.minIndex, "λ_1se ≥ λ_min")
        XCTAssertLessThanOrEqual(cv.mean[cv.oneStandardErrorIndex], cv.mean[cv.minIndex] + cv.standardError[cv.minIndex])
        XCTAssertEqual(runs[0].nonzero[0], 0, "every weight is zero at λ_max")
    }

    func testOneStandardErrorRuleIsGlmnets() {
        // Means 5, 3, 2.5, 2, 2.2 with SE 0.6 at the minimum: the largest λ (first index)
        // whose mean is ≤ 2.6 is index 2.
        let folds: [[Double]] = [[5.5, 3.5, 2.5, 1.4, 2.2], [4.5, 2.5, 2.5, 2.6, 2.2]]
        let cv = CrossValidationCurve(foldLosses: folds)
        XCTAssertEqual(cv.mean, [5, 3, 2.5, 2, 2.2])
        XCTAssertEqual(cv.standardError[3], 0.6, accuracy: 1e-12)   // sample std 0.6·√2, over √2
        XCTAssertEqual(cv.minIndex, 3)
        XCTAssertEqual(cv.oneStandardErrorIndex, 2)
    }

    func testSeveralOutputsAreIndependentProblemsWithMSEsMean() throws {
        // mse over n·q values: output k solves its own problem with the penalty times q.
        let a = try SyntheticData.regression(n: 80, features: 6, informative: 3, noise: 0.3, seed: 1).dataset
        let b = try SyntheticData.regression(n: 80, features: 6, informative: 2, noise: 0.3, seed: 2).dataset
        var targets: [Double] = []
        for i in 0..<80 { targets += [Double(a.targets[i]), Double(b.targets[i])] }
        let both = try LinearSolver(features: a.features, targets: targets, loss: .mse, outputs: 2)
        let penalty = LinearPenalty(l1: 0.05, l2: 0.01)
        let fit = both.fit(penalty, settings: LinearSolverSettings(tolerance: 1e-16))
        var b2 = b
        b2.features = a.features
        for (k, data) in [a, b2].enumerated() {
            let one = try LinearSolver(data: data, loss: .mse, outputs: 1).fit(penalty.scaled(by: 2), settings: LinearSolverSettings(tolerance: 1e-16))
            for j in 0..<6 { XCTAssertEqual(fit.coefficients.weights[k * 6 + j], one.coefficients.weights[j], accuracy: 1e-9) }
            XCTAssertEqual(fit.coefficients.intercepts[k], one.coefficients.intercepts[0], accuracy: 1e-9)
        }
    }
}

/// The Gram kernel's builds (AVX-512, AVX2, baseline) give identical bits, equal to the
/// chunked 8-lane sums written out here.
final class GramKernelTests: XCTestCase {
    func testEveryBuildGivesTheSameBits() {
        let n = 601, p = 7
        var generator = RandomGenerator(seed: 4, stream: .data)
        let x = (0..<(n * p)).map { _ in (generator.nextDouble() - 0.5) * 6 }
        var expected = [Double](repeating: 0, count: p * p)
        for j in 0..<p {
            for k in 0..<p {
                // Chunks of 256 rows, each over 8 lanes added in a fixed tree, summed in order.
                var total = 0.0
                for start in stride(from: 0, to: n, by: 256) {
                    var lanes = [Double](repeating: 0, count: 8)
                    for i in start..<min(start + 256, n) { lanes[(i - start) % 8] += x[j * n + i] * x[k * n + i] }
                    total += ((lanes[0] + lanes[4]) + (lanes[2] + lanes[6])) + ((lanes[1] + lanes[5]) + (lanes[3] + lanes[7]))
                }
                expected[j * p + k] = total
            }
        }
        for level in 0...regula_gram_level() {
            var out = [Double](repeating: .nan, count: p * p)
            regula_gram_variant(Int32(level), x, n, p, &out)
            XCTAssertEqual(out.map(\.bitPattern), expected.map(\.bitPattern), "build \(level)")
        }
    }
}
