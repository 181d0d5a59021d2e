import RegulaTensor

/// A data loss: the mean over the batch's rows of a per-row loss between the model's
/// output row and the row's target. The built-in ones (`mse`, `mae`, `huber(δ)`,
/// softmax `crossEntropy`, sigmoid `bce`) run `LossFormula`'s fused kernels, shared with
/// `Variable`'s losses (the formulas are listed there); `function` is a loss written
/// outside the engine. Regression losses and `bce` need one output per row;
/// `crossEntropy` one per class.
public enum Loss: Sendable, Equatable, CustomStringConvertible {
    case mse
    case mae
    case huber(delta: Double)
    case crossEntropy
    case bce
    /// A loss written outside the engine: `apply([outputs [rows, width], targets])` returns one
    /// element; targets are class indices `[rows]` for a classification dataset, else `[rows, 1]`.
    case function(ExternalFunction)

    public var description: String {
        switch self {
        case .mse: return "mse"
        case .mae: return "mae"
        case .huber(let delta): return "huber(\(formatNumber(delta)))"
        case .crossEntropy: return "cross_entropy"
        case .bce: return "bce"
        case .function(let f): return f.description
        }
    }

    /// Whether this loss trains a classifier (and evaluation reports accuracy).
    public var isClassification: Bool { self == .crossEntropy || self == .bce }

    /// Checks that a model with `width` outputs can be scored against `data`'s targets.
    public func check(outputWidth width: Int, data: Dataset) throws(ModelError) {
        switch self {
        case .crossEntropy:
            guard let classes = data.classes else {
                throw .invalidTargets("cross_entropy needs a classification dataset (integer class targets); '\(data.targetName)' is a regression target")
            }
            if width < classes {
                throw .invalidTargets("cross_entropy: the model has \(width) outputs but the data has \(classes) classes; the last layer needs \(classes) units")
            }
            for t in data.targets where !(t >= 0 && t < Float(width) && t == t.rounded()) {
                throw .invalidTargets("cross_entropy: target \(t) is not a class index in 0..<\(width)")
            }
        case .bce:
            if width != 1 { throw .invalidTargets("bce needs a model with 1 output (a logit), but it has \(width)") }
            for t in data.targets where !(t >= 0 && t <= 1) {
                throw .invalidTargets("bce: target \(t) is not in [0, 1]")
            }
        case .function:
            // The function decides what it accepts; its targets follow `Dataset.classes`.
            break
        case .mse, .mae, .huber:
            if width != 1 {
                throw .invalidTargets("\(self) compares one output per row with the target '\(data.targetName)', but the model has \(width) outputs")
            }
        }
    }

    /// The fused kernel of a built-in loss (nil for a function).
    var formula: LossFormula? {
        switch self {
        case .mse: return .mse
        case .mae: return .mae
        case .huber(let delta): return .huber(delta: delta)
        case .crossEntropy: return .crossEntropy
        case .bce: return .bce
        case .function: return nil
        }
    }

    /// The number of rows whose prediction is right: the arg-max class for
    /// `crossEntropy`, `x > 0 ⇔ t = 1` for `bce`. Zero for regression losses.
    func correct<Scalar: TensorScalar>(outputs x: UnsafePointer<Scalar>, targets t: UnsafePointer<Scalar>, rows: Int, width: Int) -> Int {
        var count = 0
        switch self {
        case .crossEntropy:
            for i in 0..<rows {
                let row = x + i * width
                var best = 0
                for j in 1..<width where row[j] > row[best] { best = j }
                if best == Int(t[i]) { count += 1 }
            }
        case .bce:
            for i in 0..<rows where (x[i] > 0) == (t[i] > 0.5) { count += 1 }
        case .mse, .mae, .huber, .function:
            break
        }
        return count
    }
}
