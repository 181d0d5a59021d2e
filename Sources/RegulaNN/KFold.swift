import RegulaTensor

/// K-fold cross-validation: the rows are cut into k folds of nearly equal size (the first
/// `rows % k` folds get one row more, as in scikit-learn); fold i validates on its rows
/// and trains on all the others, so every row is validated on exactly once.
public struct KFold: Sendable {
    /// One fold's row indices into the original dataset.
    public struct Fold: Sendable, Equatable {
        public var train: [Int]
        public var validation: [Int]

        public init(train: [Int], validation: [Int]) {
            self.train = train
            self.validation = validation
        }
    }

    public let folds: [Fold]

    /// Folds over `rows` rows. `2 ≤ k ≤ rows`. With `shuffle`, rows are permuted first by
    /// `RandomGenerator(seed:, stream: .splitting, index:)`; validation folds then hold
    /// rows in permuted order, train parts keep the permuted order of the other folds.
    public init(rows: Int, k: Int, shuffle: Bool = true, seed: UInt64, index: UInt64 = 0) throws {
        guard k >= 2 else { throw DataError(.invalidArgument, "kfold: k must be at least 2 (got \(k))", argument: "k") }
        guard k <= rows else {
            throw DataError(.invalidArgument, "kfold: k = \(k) is more than the \(rows) rows of the data", argument: "k")
        }
        var order = Array(0..<rows)
        if shuffle {
            var generator = RandomGenerator(seed: seed, stream: .splitting, index: index)
            generator.shuffle(&order)
        }
        var bounds = [0]
        for fold in 0..<k { bounds.append(bounds[fold] + rows / k + (fold < rows % k ? 1 : 0)) }
        folds = (0..<k).map { fold in
            Fold(
                train: Array(order[..<bounds[fold]]) + Array(order[bounds[fold + 1]...]),
                validation: Array(order[bounds[fold]..<bounds[fold + 1]]))
        }
    }

    /// The (train, validation) datasets of every fold of `dataset`.
    public static func split(
        _ dataset: Dataset, k: Int, shuffle: Bool = true, seed: UInt64, index: UInt64 = 0
    ) throws -> [(train: Dataset, validation: Dataset)] {
        try KFold(rows: dataset.rows, k: k, shuffle: shuffle, seed: seed, index: index).folds.map {
            (dataset.subset(rows: $0.train), dataset.subset(rows: $0.validation))
        }
    }
}
