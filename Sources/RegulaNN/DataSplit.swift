import RegulaTensor

/// A dataset split into train, validation and test parts; a part asked with fraction 0 is nil.
public struct DataSplit: Sendable {
    public var train: Dataset?
    public var validation: Dataset?
    public var test: Dataset?

    public init(train: Dataset?, validation: Dataset?, test: Dataset?) {
        self.train = train
        self.validation = validation
        self.test = test
    }

    /// Splits `dataset` by fractions of its rows.
    ///
    /// Each fraction is in [0, 1], at least one is positive, and they sum to at most 1
    /// (1e-9 slack for decimal fractions like 0.7 + 0.15 + 0.15). When they sum to less
    /// than 1, the remaining rows are dropped (e.g. `train: 0.5, test: 0.2` uses 70% of
    /// the rows). Row counts: the parts before the last non-zero one get
    /// `round(fraction × rows)`; the last non-zero part gets the rest of
    /// `round(sum × rows)` (all rows when the sum is 1), so the counts always add up.
    /// Every part with a positive fraction must get at least one row.
    ///
    /// With `shuffle`, rows are permuted first by `RandomGenerator(seed:, stream:
    /// .splitting, index:)`; without it the parts are consecutive blocks in file order.
    public static func split(
        _ dataset: Dataset, train: Double, validation: Double, test: Double,
        shuffle: Bool = true, seed: UInt64, index: UInt64 = 0
    ) throws -> DataSplit {
        let counts = try rowCounts(rows: dataset.rows, fractions: [train, validation, test])
        var order = Array(0..<dataset.rows)
        if shuffle {
            var generator = RandomGenerator(seed: seed, stream: .splitting, index: index)
            generator.shuffle(&order)
        }
        var parts: [Dataset?] = []
        var start = 0
        for count in counts {
            if count == 0 {
                parts.append(nil)
                continue
            }
            parts.append(dataset.subset(rows: Array(order[start..<(start + count)])))
            start += count
        }
        return DataSplit(train: parts[0], validation: parts[1], test: parts[2])
    }

    static let partNames = ["train", "val", "test"]

    /// Row counts for `fractions` of `rows` rows (the rule in `split`'s documentation).
    public static func rowCounts(rows: Int, fractions: [Double]) throws -> [Int] {
        for (name, fraction) in zip(partNames, fractions) where !(fraction >= 0 && fraction <= 1) {
            throw DataError(.invalidArgument, "split: \(name) fraction \(fraction) is not between 0 and 1", argument: name)
        }
        let sum = fractions.reduce(0, +)
        guard sum > 0 else { throw DataError(.invalidArgument, "split: every fraction is 0; give at least one part a positive fraction") }
        guard sum <= 1 + 1e-9 else {
            throw DataError(.invalidArgument, "split: the fractions add up to \(sum), more than 1")
        }
        // `lastIndex` exists: sum > 0 means some fraction is positive.
        let last = fractions.lastIndex { $0 > 0 } ?? 0
        let total = sum >= 1 - 1e-9 ? rows : min(rows, Int((sum * Double(rows)).rounded()))
        var counts = fractions.map { Int(($0 * Double(rows)).rounded()) }
        counts[last] = total - counts[..<last].reduce(0, +)
        for (index, fraction) in fractions.enumerated() where fraction > 0 && counts[index] < 1 {
            throw DataError(
                .invalidArgument,
                "split: the \(partNames[index]) part (fraction \(fraction) of \(rows) rows) would get no rows; use a larger fraction or more data",
                argument: partNames[index])
        }
        return counts
    }
}
