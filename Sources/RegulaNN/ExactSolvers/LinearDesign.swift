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
        for i in 0..<rows {
            for j in 0..<features { columns[j * rows + i] = Double(x[i * features + j]) }
        }
        if centred, rows > 0 {
            for j in 0..<features {
                var sum = 0.0
                for i in 0..<rows { sum += columns[j * rows + i] }
                let mean = sum / Double(rows)
                means[j] = mean
                for i in 0..<rows { columns[j * rows + i] -= mean }
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
