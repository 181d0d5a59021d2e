/// Regula's data losses of a linear model, in Float64 (the formulas of `Loss`): the mean
/// over the rows (and, for mse, the outputs) of `(x·w + b − y)²` for mse,
/// `max(η, 0) − η·y + log(1 + e^(−|η|))` for bce, `logΣ_k e^(η_k) − η_y` for cross_entropy.
enum LinearScoring {
    static func sigmoid(_ x: Double) -> Double { 1 / (1 + Double.exp(-x)) }

    /// `softmax(eta[row])[output]`, computed stably.
    static func softmax(_ eta: [Double], row i: Int, width q: Int, output k: Int) -> Double {
        var peak = eta[i * q]
        for j in 1..<q where eta[i * q + j] > peak { peak = eta[i * q + j] }
        var sum = 0.0
        for j in 0..<q { sum += Double.exp(eta[i * q + j] - peak) }
        return Double.exp(eta[i * q + k] - peak) / sum
    }

    /// `b + W·x_i` for every row, `[rows, outputs]`. With `centred`, the intercepts are in
    /// the centred design's terms and the columns are used as they are; otherwise the
    /// means are added back.
    static func linearPredictors(_ c: LinearCoefficients, features design: LinearDesign, centred: Bool = false) -> [Double] {
        let n = design.rows, p = design.features, q = c.outputs
        var eta = [Double](repeating: 0, count: n * q)
        design.columns.withUnsafeBufferPointer { x in
            for k in 0..<q {
                var offset = c.intercepts[k]
                if !centred { for j in 0..<p { offset += c.weights[k * p + j] * design.means[j] } }
                var column = [Double](repeating: offset, count: n)
                for j in 0..<p where c.weights[k * p + j] != 0 {
                    DoubleKernels.subtractScaled(&column, -c.weights[k * p + j], x.baseAddress! + j * n, n)
                }
                for i in 0..<n { eta[i * q + k] = column[i] }
            }
        }
        return eta
    }

    /// The mean data loss of `c`.
    static func loss(_ loss: Loss, _ c: LinearCoefficients, features design: LinearDesign, targets: [Double], centred: Bool = false) -> Double {
        let eta = linearPredictors(c, features: design, centred: centred)
        let n = design.rows, q = c.outputs
        var total = 0.0
        switch loss {
        case .bce:
            for i in 0..<n {
                let z = eta[i], y = targets[i]
                total += max(z, 0) - z * y + Double.log(onePlus: Double.exp(-abs(z)))
            }
        case .crossEntropy:
            for i in 0..<n {
                var peak = eta[i * q]
                for j in 1..<q where eta[i * q + j] > peak { peak = eta[i * q + j] }
                var sum = 0.0
                for j in 0..<q { sum += Double.exp(eta[i * q + j] - peak) }
                total += Double.log(sum) - (eta[i * q + Int(targets[i])] - peak)
            }
        default:
            for i in 0..<(n * q) {
                let d = eta[i] - targets[i]
                total += d * d
            }
            return total / Double(n * q)
        }
        return total / Double(n)
    }

    /// `∂(mean data loss)/∂W` at `c`, `[outputs, features]`.
    static func gradient(_ loss: Loss, _ c: LinearCoefficients, features design: LinearDesign, targets: [Double]) -> [Double] {
        let eta = linearPredictors(c, features: design)
        let n = design.rows, p = design.features, q = c.outputs
        // ∂loss_i/∂η_ik per row and output.
        var slope = [Double](repeating: 0, count: n * q)
        for i in 0..<n {
            switch loss {
            case .bce: slope[i] = sigmoid(eta[i]) - targets[i]
            case .crossEntropy:
                for k in 0..<q { slope[i * q + k] = softmax(eta, row: i, width: q, output: k) - (Int(targets[i]) == k ? 1 : 0) }
            default:
                for k in 0..<q { slope[i * q + k] = 2 * (eta[i * q + k] - targets[i * q + k]) / Double(q) }
            }
        }
        var gradient = [Double](repeating: 0, count: q * p)
        design.columns.withUnsafeBufferPointer { x in
            for k in 0..<q {
                let s = (0..<n).map { slope[$0 * q + k] }
                for j in 0..<p {
                    // Centred columns give the same gradient when Σ slope = 0 (a fitted
                    // intercept); otherwise add the mean back.
                    var g = DoubleKernels.dot(x.baseAddress! + j * n, s, n)
                    if design.centred { g += design.means[j] * s.reduce(0, +) }
                    gradient[k * p + j] = g / Double(n)
                }
            }
        }
        return gradient
    }
}
