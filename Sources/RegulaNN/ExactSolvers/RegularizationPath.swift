/// A regularization path: a model fitted at `λ·P` for each λ of a decreasing sequence,
/// with, when asked, k-fold cross-validation on the same sequence. Plain data, so that
/// printing, plotting (coefficient paths, the CV curve) and reports read the same values.
public struct RegularizationPath: Sendable {
    /// The penalty `P`: the path's fits use `λ·P`.
    public var penalty: Penalty
    /// The λ sequence, decreasing.
    public var lambdas: [Double]
    /// Per λ: how many weights are not zero.
    public var nonzero: [Int]
    /// Per λ: the mean data loss on all the rows (no penalty).
    public var trainLoss: [Double]
    /// Per λ: the solution's coefficients (linear models; nil for networks).
    public var coefficients: [LinearCoefficients]?
    /// Per λ: coordinate passes (linear) or epochs run (networks).
    public var iterations: [Int]
    /// The feature names, for labelling coefficient paths.
    public var featureNames: [String]
    /// The cross-validation curve, when folds were asked for.
    public var crossValidation: CrossValidationCurve?

    public init(penalty: Penalty, lambdas: [Double], nonzero: [Int], trainLoss: [Double], coefficients: [LinearCoefficients]?,
                iterations: [Int], featureNames: [String], crossValidation: CrossValidationCurve?) {
        self.penalty = penalty
        self.lambdas = lambdas
        self.nonzero = nonzero
        self.trainLoss = trainLoss
        self.coefficients = coefficients
        self.iterations = iterations
        self.featureNames = featureNames
        self.crossValidation = crossValidation
    }
}

/// k-fold cross-validation along a path, scored by the validation data loss.
public struct CrossValidationCurve: Sendable, Equatable {
    /// `foldLosses[f][i]`: fold f's mean validation data loss at the i-th λ.
    public var foldLosses: [[Double]]
    /// Per λ: the mean of the folds' losses (unweighted, as scikit-learn's `*CV`).
    public var mean: [Double]
    /// Per λ: the standard error of that mean, sample std (ddof 1) / √k.
    public var standardError: [Double]
    /// The index of the lowest mean (the largest λ among ties).
    public var minIndex: Int
    /// The index of the largest λ whose mean is within one standard error of the lowest
    /// (glmnet's `lambda.1se`): `mean[i] ≤ mean[minIndex] + standardError[minIndex]`.
    public var oneStandardErrorIndex: Int

    /// The curve of `foldLosses` (at least one fold, one λ; all rows the same length).
    public init(foldLosses: [[Double]]) {
        self.foldLosses = foldLosses
        let k = Double(foldLosses.count), count = foldLosses.first?.count ?? 0
        let mean = (0..<count).map { i in foldLosses.reduce(0) { $0 + $1[i] } / k }
        let standardError = (0..<count).map { i in
            guard foldLosses.count > 1 else { return 0.0 }
            let squares = foldLosses.reduce(0) { $0 + ($1[i] - mean[i]) * ($1[i] - mean[i]) }
            return (squares / (k - 1)).squareRoot() / k.squareRoot()
        }
        var best = 0
        for i in mean.indices where mean[i] < mean[best] { best = i }
        let bound = mean.isEmpty ? 0 : mean[best] + standardError[best]
        self.mean = mean
        self.standardError = standardError
        minIndex = best
        oneStandardErrorIndex = mean.indices.first { mean[$0] <= bound } ?? best
    }
}

/// How a path's λ sequence is given.
public enum LambdaSequence: Sendable, Equatable {
    /// `count` values log-spaced from λ_max down to λ_max·minRatio (glmnet's grid); the
    /// ratio defaults to 1e-4 when there are more rows than features, else 1e-2.
    case grid(count: Int, minRatio: Double?)
    /// These values (decreasing, ≥ 0).
    case values([Double])
}

/// The exact path of a linear model, and its cross-validation.
public enum LinearPath {
    /// One λ-chain's fits.
    struct Chain {
        var fits: [LinearFit] = []
        var validationLosses: [Double] = []
    }

    /// Why a path stopped: the λ and the fold (nil: the fit on all rows).
    public struct Failure: Error, Sendable {
        public var lambda: Double
        public var fold: Int?
        public var status: LinearFitStatus
    }

    /// `λ_max` for penalty `P` on this data: the smallest λ at which every weight under P's
    /// L1 part is zero, `max |∂loss/∂w| / l1(P)` at zero weights with the intercepts
    /// fitted. Nil when P has no L1 part.
    public static func lambdaMax(data: Dataset, loss: Loss, outputs: Int, fitsIntercept: Bool, penalty: Penalty) throws(ModelError) -> Double? {
        let l1 = LinearPenalty(penalty).l1
        guard l1 > 0 else { return nil }
        let solver = try LinearSolver(data: data, loss: loss, outputs: outputs, fitsIntercept: fitsIntercept)
        return (solver.nullGradient().max() ?? 0) / l1
    }

    /// The λ values of `sequence` for penalty `P` on `data`.
    public static func lambdas(_ sequence: LambdaSequence, data: Dataset, loss: Loss, outputs: Int, fitsIntercept: Bool,
                               penalty: Penalty) throws(ModelError) -> [Double] {
        switch sequence {
        case .values(let values):
            return values
        case .grid(let count, let minRatio):
            guard let top = try lambdaMax(data: data, loss: loss, outputs: outputs, fitsIntercept: fitsIntercept, penalty: penalty) else {
                throw .invalidConfiguration("the penalty \(penalty) has no L1 part, so no λ makes every weight zero; give the λ values explicitly")
            }
            return grid(top: top, count: count, minRatio: minRatio ?? (data.rows > data.featureCount ? 1e-4 : 1e-2))
        }
    }

    /// `count` values from `top` down to `top·minRatio`, evenly spaced in log λ.
    public static func grid(top: Double, count: Int, minRatio: Double) -> [Double] {
        guard count > 1 else { return [top] }
        let step = Double.log(minRatio) / Double(count - 1)
        return (0..<count).map { i in i == 0 ? top : top * Double.exp(step * Double(i)) }
    }

    /// Fits the path on `data` (and on each fold's train rows, scored on its validation
    /// rows), each λ warm-started from the previous one with the sequential strong rule
    /// (Tibshirani et al. 2012) screening the working set. The chains run through `work`.
    public static func run(
        data: Dataset, loss: Loss, outputs: Int, fitsIntercept: Bool, penalty: Penalty, lambdas: [Double],
        folds: [KFold.Fold], settings: LinearSolverSettings, work: IndependentWork
    ) throws -> RegularizationPath {
        let base = LinearPenalty(penalty)
        // λ_max of the whole data anchors the first strong rule of every chain; the solver
        // that computes it runs the chain on all rows.
        let whole = try LinearSolver(data: data, loss: loss, outputs: outputs, fitsIntercept: fitsIntercept)
        let top = base.l1 > 0 ? (whole.nullGradient().max() ?? 0) / base.l1 : nil
        let chains: [Result<Chain, Error>] = work.map(folds.count + 1, encode: { encode($0, into: &$1) }, decode: decodeChain) { unit in
            Result {
                if unit == 0 {
                    return try chain(solver: whole, validation: nil, loss: loss, outputs: outputs, base: base, lambdas: lambdas,
                                     top: top, settings: settings, fold: nil)
                }
                let train = data.subset(rows: folds[unit - 1].train)
                let validation = data.subset(rows: folds[unit - 1].validation)
                let solver = try LinearSolver(data: train, loss: loss, outputs: outputs, fitsIntercept: fitsIntercept)
                return try chain(solver: solver, validation: validation, loss: loss, outputs: outputs, base: base, lambdas: lambdas,
                                 top: top, settings: settings, fold: unit - 1)
            }
        }
        var all: [Chain] = []
        for chain in chains { all.append(try chain.get()) }
        let main = all[0]
        let coefficients = main.fits.map(\.coefficients)
        return RegularizationPath(
            penalty: penalty, lambdas: lambdas, nonzero: coefficients.map(\.nonzeroCount), trainLoss: main.fits.map(\.dataLoss),
            coefficients: coefficients, iterations: main.fits.map(\.passes), featureNames: data.featureNames,
            crossValidation: folds.isEmpty ? nil : CrossValidationCurve(foldLosses: all.dropFirst().map(\.validationLosses)))
    }

    static func chain(
        solver: LinearSolver, validation: Dataset?, loss: Loss, outputs: Int, base: LinearPenalty,
        lambdas: [Double], top: Double?, settings: LinearSolverSettings, fold: Int?
    ) throws -> Chain {
        let scorer = try validation.map { try LinearScorer(data: $0, loss: loss, outputs: outputs) }
        var result = Chain()
        var previous = top ?? lambdas.first ?? 0
        for lambda in lambdas {
            // Sequential strong rule: |∂loss/∂w_j| at the previous solution ≥ l1·(2λ − λ_prev).
            let screen = base.l1 * (2 * lambda - previous)
            // At λ_max the gradient of some weight equals l1 exactly, a tie that rounding
            // decides either way: λ within 1e-10 of λ_max (or above) is the null model.
            let fit = top.map { lambda >= $0 * (1 - 1e-10) } == true
                ? solver.fitNull(base.scaled(by: lambda))
                : solver.fit(base.scaled(by: lambda), screen: top == nil ? nil : screen, settings: settings)
            if fit.status == .diverged { throw Failure(lambda: lambda, fold: fold, status: fit.status) }
            result.fits.append(fit)
            if let scorer { result.validationLosses.append(scorer.loss(fit.coefficients)) }
            previous = lambda
        }
        return result
    }
}

/// Scores linear coefficients on a fixed dataset (a fold's validation rows).
public struct LinearScorer {
    let design: LinearDesign
    let targets: [Double]
    let loss: Loss

    public init(data: Dataset, loss: Loss, outputs: Int) throws(ModelError) {
        design = LinearDesign(data, centred: false)
        targets = data.targets.map(Double.init)
        self.loss = loss
    }

    /// The mean data loss of `c` on the data.
    public func loss(_ c: LinearCoefficients) -> Double {
        LinearScoring.loss(loss, c, features: design, targets: targets)
    }
}
