import RegulaTensor

/// Per-feature standardisation `x' = (x − mean) / std`, fitted on one dataset (the train
/// part) and applied unchanged to others, so no statistics leak from validation or test
/// data. `std` is the population standard deviation (divisor n), as in scikit-learn's
/// `StandardScaler`. A column constant in the fitting data is only centred: its divisor is
/// 1, never 0.
public struct Standardizer: Sendable, Equatable {
    /// Per-feature means of the fitting data.
    public let means: [Float]
    /// Per-feature population standard deviations of the fitting data (0 for a constant column).
    public let stds: [Float]
    /// What each column is divided by: its std, or 1 for a constant column.
    public let scales: [Float]

    /// Fits means and standard deviations on `dataset` (computed in Float64, two passes).
    public init(fitting dataset: Dataset) {
        let rows = dataset.rows, width = dataset.featureCount
        var sums = [Double](repeating: 0, count: width)
        let x = dataset.features.scalars
        for row in 0..<rows {
            for column in 0..<width { sums[column] += Double(x[row * width + column]) }
        }
        let means = sums.map { $0 / Double(max(rows, 1)) }
        var squares = [Double](repeating: 0, count: width)
        for row in 0..<rows {
            for column in 0..<width {
                let deviation = Double(x[row * width + column]) - means[column]
                squares[column] += deviation * deviation
            }
        }
        let stds = squares.map { ($0 / Double(max(rows, 1))).squareRoot() }
        self.means = means.map { Float($0) }
        self.stds = stds.map { Float($0) }
        // Equal float32 values have an exact Float64 mean, so a constant column's std is exactly 0.
        self.scales = stds.map { $0 == 0 ? 1 : Float($0) }
    }

    /// `dataset` with every feature standardised by the fitted statistics.
    public func apply(to dataset: Dataset) throws -> Dataset {
        guard dataset.featureCount == means.count else {
            throw DataError(
                .invalidArgument,
                "standardize: the data has \(dataset.featureCount) features but the statistics were fitted on \(means.count)")
        }
        var result = dataset
        let width = means.count
        result.features.scalars.withUnsafeMutableBufferPointer { x in
            for start in stride(from: 0, to: x.count, by: max(width, 1)) {
                for column in 0..<width {
                    x[start + column] = (x[start + column] - means[column]) / scales[column]
                }
            }
        }
        return result
    }
}

extension DataSplit {
    /// Fits a `Standardizer` on the train part and applies it to every part.
    public func standardized() throws -> (split: DataSplit, standardizer: Standardizer) {
        guard let train else {
            throw DataError(.invalidArgument, "standardize: there is no train part to fit the statistics on")
        }
        let standardizer = Standardizer(fitting: train)
        let split = DataSplit(
            train: try standardizer.apply(to: train),
            validation: try validation.map { try standardizer.apply(to: $0) },
            test: try test.map { try standardizer.apply(to: $0) })
        return (split, standardizer)
    }
}
