import RegulaTensor

/// Scores of a model on a dataset, in evaluation mode (dropout off, no penalty).
public struct Evaluation: Sendable, Equatable {
    /// The data loss (mean over the rows).
    public var loss: Double
    /// Fraction of rows classified right (classification losses).
    public var accuracy: Double?
    /// Mean squared error, mean absolute error and R² = 1 − SS_res/SS_tot (regression losses).
    public var mse: Double?
    public var mae: Double?
    public var r2: Double?
    /// Confusion matrix, macro precision / recall / F1 and (two classes) ROC AUC
    /// (classification losses, when asked for).
    public var classification: ClassificationMetrics?

    /// What is wrong when a score is NaN or infinite (`loss is infinite: ...`), else nil:
    /// the model's float32 outputs overflowed, on data far outside what it was trained on.
    public var nonFiniteScore: String? {
        let scores: [(String, Double?)] = [("loss", loss), ("mse", mse), ("mae", mae), ("r2", r2)]
        guard let (name, value) = scores.first(where: { $0.1.map { !$0.isFinite } ?? false }), let value else { return nil }
        return "\(name) is \(value.isNaN ? "NaN" : "infinite"): the model's outputs overflow float32 on this data (values far larger than the training data's? standardize it with the training data's scaler)"
    }
}

extension Network {
    /// Runs the network in evaluation mode over `features`, `reserve`d chunk by chunk,
    /// calling `body(outputs, firstRow, rows)` for each chunk.
    func inference(
        features: [Float], rows: Int, chunk: Int, _ body: (UnsafeMutablePointer<Scalar>, Int, Int) throws(ModelError) -> Void
    ) throws(ModelError) {
        // Chunks of exactly `chunk` rows even when the workspace is larger (a training run
        // may have reserved more): callers size their per-chunk buffers by `chunk`.
        let step = Swift.max(1, Swift.min(chunk, rows))
        reserve(rows: step)
        var start = 0
        while start < rows {
            let count = Swift.min(step, rows - start)
            let x = input.base
            for i in 0..<(count * inputWidth) { x[i] = Scalar(features[start * inputWidth + i]) }
            let out = try forward(rows: count)
            try body(out, start, count)
            start += count
        }
    }

    /// The data loss and metrics of the current parameters on `data`; `detailed` adds the
    /// classification metrics (the training loop's per-epoch validation skips them).
    func evaluate(_ data: Dataset, loss: Loss, detailed: Bool = false) throws(ModelError) -> Evaluation {
        let rows = data.rows, width = outputWidth
        // A loss written as a function is scored like the built-in its outputs fit: on a
        // classification dataset like bce with one output (a logit, positive for class 1)
        // and like cross_entropy with several (arg-max), like mse otherwise.
        let scoring: Loss = if case .function = loss {
            data.classes == nil ? .mse : width == 1 ? .bce : .crossEntropy
        } else { loss }
        var lossSum = 0.0, correct = 0, squared = 0.0, absolute = 0.0
        let targets = data.targets
        let t = ScalarBuffer<Scalar>(count: Swift.min(rows, 256))
        let classify = detailed && scoring.isClassification
        var predicted: [Int] = [], scores: [Double] = []
        if classify { predicted.reserveCapacity(rows) }
        let classTargets = data.classes != nil
        try inference(features: data.features.scalars, rows: rows, chunk: 256) { (out, start, count) throws(ModelError) in
            for i in 0..<count { t.base[i] = Scalar(targets[start + i]) }
            lossSum += try lossValue(loss, outputs: out, targets: t.base, rows: count, classTargets: classTargets) * Double(count)
            correct += scoring.correct(outputs: out, targets: t.base, rows: count, width: width)
            if classify {
                for i in 0..<count {
                    let row = out + i * width
                    if scoring == .bce {
                        predicted.append(row[0] > 0 ? 1 : 0)
                        scores.append(Double(row[0]))
                    } else {
                        var best = 0
                        for j in 1..<width where row[j] > row[best] { best = j }
                        predicted.append(best)
                        // The softmax probability of class 1 increases with this difference.
                        if width == 2 { scores.append(Double(row[1]) - Double(row[0])) }
                    }
                }
            }
            if !scoring.isClassification {
                for i in 0..<count {
                    let d = Double(out[i * width]) - Double(targets[start + i])
                    squared += d * d
                    absolute += abs(d)
                }
            }
        }
        let n = Double(Swift.max(rows, 1))
        var result = Evaluation(loss: lossSum / n)
        if scoring.isClassification {
            result.accuracy = Double(correct) / n
            if classify {
                let classes = scoring == .bce ? 2 : width
                let truth = targets.map { scoring == .bce ? ($0 > 0.5 ? 1 : 0) : Int($0) }
                result.classification = ClassificationMetrics(
                    truth: truth, predicted: predicted, classes: classes, scores: classes == 2 ? scores : nil)
            }
        } else {
            let mean = targets.reduce(0.0) { $0 + Double($1) } / n
            let total = targets.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) }
            result.mse = squared / n
            result.mae = absolute / n
            result.r2 = total > 0 ? 1 - squared / total : (squared == 0 ? 1 : 0)
        }
        return result
    }
}

extension Model {
    /// The model's outputs for `features` (`[rows, inputs]` → `[rows, outputs]`), in
    /// evaluation mode. An unbuilt model is scored with the weights `build` would draw.
    public func predict(_ features: Tensor<Float>) throws(ModelError) -> Tensor<Float> {
        guard features.rank == 2 else {
            throw .shapeMismatch("predict needs a matrix of shape [rows, features], got \(features.shapeDescription)")
        }
        let network = Network<Float>(model: try built(inputs: features.shape[1]))
        let rows = features.shape[0], width = network.outputWidth
        var result = [Float](repeating: 0, count: rows * width)
        try network.inference(features: features.scalars, rows: rows, chunk: 256) { out, start, count in
            for i in 0..<(count * width) { result[start * width + i] = out[i] }
        }
        return Tensor(shape: [rows, width], scalars: result)
    }

    /// The data loss (and accuracy, or mse / mae / r2) of the model on `data`.
    public func evaluate(_ data: Dataset, loss: Loss) throws(ModelError) -> Evaluation {
        let model = try built(inputs: data.featureCount)
        try loss.check(outputWidth: model.outputWidth ?? 0, data: data)
        let scores = try Network<Float>(model: model).evaluate(data, loss: loss, detailed: true)
        if let problem = scores.nonFiniteScore { throw .invalidTargets("the \(problem)") }
        return scores
    }

    /// This model, built for `inputs` features if it was not yet (shape-checked).
    func built(inputs: Int) throws(ModelError) -> Model {
        var model = self
        try model.build(inputs: inputs)
        return model
    }
}
