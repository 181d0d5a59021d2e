import RegulaTensor

/// What a dataset's target means.
public enum Task: Sendable, Equatable {
    /// A real-valued target.
    case regression
    /// Integer class labels `0..<classes`, stored as exact small floats in `targets`.
    case classification(classes: Int)
}

/// A table of examples: `features` is `[rows, featureCount]` in float32, `targets` holds
/// one value per row (a class index for classification).
public struct Dataset: Sendable {
    public var features: Tensor<Float>
    public var targets: [Float]
    public var featureNames: [String]
    public var targetName: String
    public var task: Task

    public init(features: Tensor<Float>, targets: [Float], featureNames: [String], targetName: String, task: Task) {
        precondition(features.rank == 2 && features.shape[0] == targets.count, "features and targets disagree")
        precondition(featureNames.count == features.shape[1], "one name per feature column")
        self.features = features
        self.targets = targets
        self.featureNames = featureNames
        self.targetName = targetName
        self.task = task
    }

    public var rows: Int { features.shape[0] }
    public var featureCount: Int { features.shape[1] }
    /// Number of classes, or nil for regression.
    public var classes: Int? {
        if case .classification(let classes) = task { return classes }
        return nil
    }
}

extension Dataset {
    /// The rows at `rows`, in that order (a gather; repeats allowed). Every index must be
    /// in `0..<self.rows`: callers validate indices that come from user input.
    public func subset(rows indices: [Int]) -> Dataset {
        let width = featureCount
        var scalars = [Float]()
        scalars.reserveCapacity(indices.count * width)
        var picked = [Float]()
        picked.reserveCapacity(indices.count)
        features.scalars.withUnsafeBufferPointer { source in
            for row in indices {
                precondition(row >= 0 && row < rows, "row \(row) out of range 0..<\(rows)")
                scalars.append(contentsOf: source[(row * width)..<((row + 1) * width)])
                picked.append(targets[row])
            }
        }
        return Dataset(
            features: Tensor(shape: [indices.count, width], scalars: scalars), targets: picked,
            featureNames: featureNames, targetName: targetName, task: task)
    }
}
