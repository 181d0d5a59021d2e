/// The per-epoch curves of one training run, as (epoch, value) points.
public struct RunCurves: Equatable, Sendable {
    /// Mean data loss on the training batches.
    public var dataLoss: [Point]
    /// Data loss on the validation rows, or nil without validation data.
    public var validationLoss: [Point]?
    /// Mean penalty on the training batches (0 without a penalty).
    public var penalty: [Point]
    /// The epoch with the lowest validation loss (nil without validation data).
    public var bestEpoch: Int?
    /// The loss function's name (`cross_entropy`, `mse`), for the axis label.
    public var lossName: String

    public init(dataLoss: [Point], validationLoss: [Point]?, penalty: [Point], bestEpoch: Int?, lossName: String) {
        self.dataLoss = dataLoss
        self.validationLoss = validationLoss
        self.penalty = penalty
        self.bestEpoch = bestEpoch
        self.lossName = lossName
    }

    /// Whether any epoch had a penalty.
    public var hasPenalty: Bool { penalty.contains { $0.y != 0 && $0.y.isFinite } }

    /// The number of epochs (the last epoch's number).
    public var epochCount: Int { Int(dataLoss.last?.x ?? 0) }

    /// At most `limit` points per curve (see `Downsample`): what a session keeps of a run.
    public func downsampled(limit: Int = Downsample.maxPoints) -> RunCurves {
        var copy = self
        copy.dataLoss = Downsample.minMax(dataLoss, limit: limit)
        copy.validationLoss = validationLoss.map { Downsample.minMax($0, limit: limit) }
        copy.penalty = Downsample.minMax(penalty, limit: limit)
        return copy
    }
}

/// A regularization path: the coefficients fitted at each λ, and optionally the
/// cross-validated error at each λ with its standard error, λ_min (lowest CV error) and
/// λ_1se (the largest λ whose CV error is within one standard error of the lowest).
public struct RegularizationPath: Equatable, Sendable {
    public var lambdas: [Double]
    /// [λ][output][feature]; a single-output path has one output.
    public var coefficients: [[[Double]]]
    public var cvMean: [Double]?
    public var cvSE: [Double]?
    public var lambdaMin: Double?
    public var lambda1SE: Double?
    public var featureNames: [String]

    public init(lambdas: [Double], coefficients: [[[Double]]], cvMean: [Double]? = nil, cvSE: [Double]? = nil,
                lambdaMin: Double? = nil, lambda1SE: Double? = nil, featureNames: [String] = []) {
        self.lambdas = lambdas
        self.coefficients = coefficients
        self.cvMean = cvMean
        self.cvSE = cvSE
        self.lambdaMin = lambdaMin
        self.lambda1SE = lambda1SE
        self.featureNames = featureNames
    }

    /// A single-output path from [λ][feature] coefficients.
    public init(lambdas: [Double], coefficients: [[Double]], cvMean: [Double]? = nil, cvSE: [Double]? = nil,
                lambdaMin: Double? = nil, lambda1SE: Double? = nil, featureNames: [String] = []) {
        self.init(lambdas: lambdas, coefficients: coefficients.map { [$0] }, cvMean: cvMean, cvSE: cvSE,
                  lambdaMin: lambdaMin, lambda1SE: lambda1SE, featureNames: featureNames)
    }

    public var outputCount: Int { coefficients.first?.count ?? 0 }
    public var featureCount: Int { coefficients.first?.first?.count ?? 0 }

    /// The name of feature `j`: given, or `x0`, `x1`, ...
    public func featureName(_ j: Int) -> String { j < featureNames.count ? featureNames[j] : "x\(j)" }
}

/// A histogram: `counts[i]` values fell in [edges[i], edges[i+1]).
public struct HistogramData: Equatable, Sendable {
    public var counts: [Int]
    public var edges: [Double]
    public init(counts: [Int], edges: [Double]) {
        self.counts = counts
        self.edges = edges
    }
}
