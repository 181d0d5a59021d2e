/// A dataset's features as the exact solvers read them: Float64, one contiguous column per
/// feature (`columns[j·rows ..< (j+1)·rows]`), centred when the model has an intercept.
///
/// Centring is how the intercept stays unpenalized and exact for the squared loss: with
/// centred columns and target the intercept separates from the weights, and is recovered
/// as `ȳ − x̄·w` (glmnet's and scikit-learn's way).
struct LinearDesign: Sendable {
    let rows: Int
    let features: Int
    /// Column-major features (centred when `centred`).
    let columns: [Double]
    /// Per-feature means that were subtracted (zeros when not centred).
    let means: [Double]
    let centred: Bool

    init(_ data: Dataset, centred: Bool) {
        rows = data.rows
        features = data.featureCount
        let x = data.features.scalars
        var columns = [Double](repeating: 0, count: rows * features)
        var means = [Double](repeating: 0, count: features)
        let n = rows, p = features
        x.withUnsafeBufferPointer { source in
            columns.withUnsafeMutableBufferPointer { target in
                guard let from = source.baseAddress, let to = target.baseAddress else { return }
                // Blocks of 64 rows: the block's rows and its slice of every column stay in cache.
                for start in stride(from: 0, to: n, by: 64) {
                    let end = min(start + 64, n)
                    for j in 0..<p {
                        let column = to + j * n
                        for i in start..<end { column[i] = Double(from[i * p + j]) }
                    }
                }
                if centred && n > 0 {
                    for j in 0..<p {
                        let column = to + j * n
                        var sum = 0.0
                        for i in 0..<n { sum += column[i] }
                        let mean = sum / Double(n)
                        means[j] = mean
                        for i in 0..<n { column[i] -= mean }
                    }
                }
            }
        }
        self.columns = columns
        self.means = means
        self.centred = centred
    }

    /// `(scale/n)·Σ_i x_ij²` for every feature.
    func curvatures(scale: Double) -> [Double] {
        columns.withUnsafeBufferPointer { x in
            (0..<features).map { j in
                let column = x.baseAddress! + j * rows
                return scale * DoubleKernels.dot(column, column, rows) / Double(rows)
            }
        }
    }
}
