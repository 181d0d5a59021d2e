/// The built-in losses' formulas, value and gradient fused in one pass: the training
/// engine's loss nodes and `Variable`'s losses run these. The mean over `rows` rows of a
/// per-row loss between output row `x` (`width` values) and target `t`:
///
/// - `mse`: `(x − t)²`, gradient `2(x − t)/N`.
/// - `mae`: `|x − t|`, gradient `sign(x − t)/N`.
/// - `huber(δ)`: `½d²` if `|d| ≤ δ` else `δ(|d| − ½δ)` with `d = x − t` (PyTorch's
///   `HuberLoss`), gradient `d/N` or `δ·sign(d)/N`.
/// - `crossEntropy`: softmax fused, `log Σⱼ e^(xⱼ) − x_t` computed as a stable
///   log-sum-exp, integer class target `t`; gradient `(softmax(x) − onehot(t))/N`.
/// - `bce`: sigmoid fused, `max(x, 0) − x·t + log(1 + e^(−|x|))`; gradient `(σ(x) − t)/N`.
///
/// The regression losses and `bce` read one output per row (`width` 1).
public enum LossFormula: Sendable, Equatable {
    case mse
    case mae
    case huber(delta: Double)
    case crossEntropy
    case bce

    /// The mean loss over `rows` rows of `outputs` (`[rows, width]`); when `gradient` is
    /// given, also writes `∂loss/∂outputs` there (same layout).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func evaluate<Scalar: TensorScalar>(
        outputs x: UnsafePointer<Scalar>, targets t: UnsafePointer<Scalar>, rows: Int, width: Int,
        gradient g: UnsafeMutablePointer<Scalar>?
    ) -> Double {
        var total = 0.0
        switch self {
        case .mse:
            let norm = Scalar(2.0 / Double(rows))
            for i in 0..<rows {
                let d = x[i] - t[i]
                total += Double(d * d)
                g?[i] = d * norm
            }
        case .mae:
            let norm = 1 / Scalar(rows)
            for i in 0..<rows {
                let d = x[i] - t[i]
                total += Double(abs(d))
                g?[i] = (d > 0 ? 1 : (d < 0 ? -1 : 0)) * norm
            }
        case .huber(let deltaValue):
            let delta = Scalar(deltaValue)
            let norm = Scalar(1.0 / Double(rows))
            for i in 0..<rows {
                let d = x[i] - t[i]
                let a = abs(d)
                total += Double(a <= delta ? d * d / 2 : delta * (a - delta / 2))
                g?[i] = d < -delta ? -norm * delta : (d > delta ? norm * delta : norm * d)
            }
        case .crossEntropy:
            let norm = -1 / Scalar(rows)
            for i in 0..<rows {
                let row = x + i * width
                var peak = row[0]
                for j in 1..<width where row[j] > peak { peak = row[j] }
                var sum: Scalar = 0
                for j in 0..<width { sum += Scalar.exp(row[j] - peak) }
                let logSum = Scalar.log(sum)
                let target = Int(t[i])
                total += Double(logSum - (row[target] - peak))
                if let g {
                    // PyTorch's log_softmax backward: g = onehot·(−1/N) − softmax·(−1/N).
                    let gradRow = g + i * width
                    for j in 0..<width {
                        let p = Scalar.exp((row[j] - peak) - logSum)
                        gradRow[j] = (j == target ? norm : 0) - p * norm
                    }
                }
            }
        case .bce:
            let norm = 1 / Scalar(rows)
            for i in 0..<rows {
                let z = x[i], y = t[i]
                total += Double(Swift.max(z, 0) - z * y + regulaLog1pOfUnit(Scalar.exp(-abs(z))))
                g?[i] = (ActivationFormula.sigmoid(z) - y) * norm
            }
        }
        return total / Double(rows)
    }
}
