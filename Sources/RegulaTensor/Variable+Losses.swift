/// Losses and penalties. The built-in losses are fused primitives running the training
/// engine's own formulas (`LossFormula`: value and gradient in one pass, e.g. softmax
/// cross-entropy's `softmax − onehot`), so a loss computed on tensors and one computed
/// by `train` agree; the penalties are composites of primitives.
extension Variable {
    /// Softmax cross-entropy with integer class targets, averaged over the batch:
    ///
    ///     L = (1/N) Σᵢ [ log Σⱼ exp(zᵢⱼ) − zᵢ,tᵢ ]   (log-sum-exp shifted by maxⱼ zᵢⱼ)
    ///     ∂L/∂zᵢⱼ = (softmax(zᵢ)ⱼ − [j = tᵢ]) / N
    ///
    /// `logits` is `[N, C]`; each target must be in `0..<C`.
    public static func softmaxCrossEntropy(logits: Variable, targets: [Int]) throws -> Variable {
        let z = logits.value
        guard z.rank == 2 else {
            throw TensorError.invalid("cross_entropy", "expects logits of shape [batch, classes], got \(z.shapeDescription)")
        }
        let (rows, classes) = (z.shape[0], z.shape[1])
        guard targets.count == rows else {
            throw TensorError.invalid(
                "cross_entropy", "logits of shape \(z.shapeDescription) need \(rows) targets, got \(targets.count)")
        }
        if let bad = targets.first(where: { $0 < 0 || $0 >= classes }) {
            throw TensorError.invalid(
                "cross_entropy", "target class \(bad) is out of range for logits of shape \(z.shapeDescription) (\(classes) classes)")
        }
        guard rows > 0 else {
            throw TensorError.invalid("cross_entropy", "needs at least one row, got logits of shape \(z.shapeDescription)")
        }
        return fused(.crossEntropy, "cross_entropy", logits, T(shape: [rows], scalars: targets.map { Scalar($0) }),
                     rows: rows, width: classes, target: nil)
    }

    /// `softmaxCrossEntropy` with the targets as a tensor of class indices, shape `[N]` (the
    /// targets of a classification dataset).
    public static func crossEntropy(_ logits: Variable, _ targets: Tensor<Scalar>) throws -> Variable {
        guard targets.rank == 1 else {
            throw TensorError.invalid("cross_entropy", "expects class-index targets of shape [batch], got \(targets.shapeDescription)")
        }
        if let bad = targets.scalars.first(where: { $0 != $0.rounded() || !$0.isFinite }) {
            throw TensorError.invalid("cross_entropy", "target \(bad) is not a class index")
        }
        return try softmaxCrossEntropy(logits: logits, targets: targets.scalars.map { Int($0) })
    }

    /// Sigmoid binary cross-entropy on logits `z` with targets `y` in [0, 1] (same shape),
    /// averaged over the elements:
    ///
    ///     L = (1/n) Σ [ max(z, 0) − z·y + log(1 + e^(−|z|)) ]   (stable for any z)
    ///     ∂L/∂z = (σ(z) − y) / n
    public static func sigmoidBinaryCrossEntropy(logits: Variable, targets: Tensor<Scalar>) throws -> Variable {
        let z = logits.value
        guard z.shape == targets.shape else {
            throw TensorError.shapes("bce", z.shape, targets.shape, "logits and targets must have the same shape")
        }
        guard z.count > 0 else { throw TensorError.invalid("bce", "needs at least one logit, got shape \(z.shapeDescription)") }
        return fused(.bce, "bce", logits, targets, rows: z.count, width: 1, target: nil)
    }

    /// Huber loss with threshold δ, averaged over the elements: ½d² where |d| ≤ δ,
    /// δ(|d| − ½δ) elsewhere (d = p − y); ∂p = clamp(d, −δ, δ)/n, ∂y = −∂p.
    public static func huberLoss(_ prediction: Variable, _ target: Variable, delta: Scalar) throws -> Variable {
        try elementwiseLoss(.huber(delta: Double(delta)), "huber", prediction, target)
    }

    /// Mean squared error `(1/n) Σ (p − y)²`; shapes must match exactly (a `[N, 1]` against
    /// `[N]` would otherwise broadcast into `[N, N]`). ∂p = 2(p − y)/n, ∂y = −∂p.
    public static func meanSquaredError(_ prediction: Variable, _ target: Variable) throws -> Variable {
        try elementwiseLoss(.mse, "mse", prediction, target)
    }

    /// Mean absolute error `(1/n) Σ |p − y|`; shapes must match exactly. ∂p = sign(p − y)/n.
    public static func meanAbsoluteError(_ prediction: Variable, _ target: Variable) throws -> Variable {
        try elementwiseLoss(.mae, "mae", prediction, target)
    }

    static func elementwiseLoss(_ formula: LossFormula, _ op: String, _ prediction: Variable, _ target: Variable) throws -> Variable {
        guard prediction.shape == target.shape else {
            throw TensorError.shapes(op, prediction.shape, target.shape, "prediction and target must have the same shape")
        }
        guard prediction.value.count > 0 else { throw TensorError.invalid(op, "needs at least one element, got shape []") }
        return fused(formula, op, prediction, target.value, rows: prediction.value.count, width: 1, target: target)
    }

    /// The loss node: `formula`'s value, with the gradient it writes in the same pass kept
    /// for the backward rule (scaled by the upstream gradient); a `target` variable gets
    /// the negated gradient (regression losses are functions of `p − y`).
    static func fused(
        _ formula: LossFormula, _ op: String, _ outputs: Variable, _ targets: T, rows: Int, width: Int, target: Variable?
    ) -> Variable {
        var gradient = T(repeating: 0, shape: outputs.shape)
        let value = outputs.value.scalars.withUnsafeBufferPointer { x in
            targets.scalars.withUnsafeBufferPointer { t in
                gradient.scalars.withUnsafeMutableBufferPointer { g in
                    guard let x0 = x.baseAddress, let t0 = t.baseAddress, let g0 = g.baseAddress else { return Double.nan }
                    return formula.evaluate(outputs: x0, targets: t0, rows: rows, width: width, gradient: g0)
                }
            }
        }
        let parents = target.map { [outputs, $0] } ?? [outputs]
        return Variable(T(Scalar(value)), operation: op, parents: parents) { g in
            let scaled = gradient * g.scalars[0]
            return target == nil ? [scaled] : [scaled, -scaled]
        }
    }

    /// log softmax along `axis`: `z − max − log Σ exp(z − max)` (the max is a constant
    /// shift, so it is detached).
    public func logSoftmax(axis: Int = -1) throws -> Variable {
        let shift = Variable(try value.max(axis: axis, keepingDimensions: true))
        let shifted = try self - shift
        return try shifted - shifted.exp().sum(axis: axis, keepingDimensions: true).log()
    }

    /// L1 penalty `λ·Σ|w|`; gradient `λ·sign(w)` with sign(0) = 0.
    public static func l1Penalty(_ weights: Variable, lambda: Scalar) throws -> Variable {
        try weights.abs().sum() * lambda
    }

    /// L2 penalty `λ·Σw²`; gradient `2λw`.
    public static func l2Penalty(_ weights: Variable, lambda: Scalar) throws -> Variable {
        try (weights * weights).sum() * lambda
    }

    /// Elastic net `l1(α·ρ) + l2(α·(1−ρ)/2)`.
    public static func elasticNetPenalty(_ weights: Variable, alpha: Scalar, l1Ratio: Scalar) throws -> Variable {
        try l1Penalty(weights, lambda: alpha * l1Ratio) + l2Penalty(weights, lambda: alpha * (1 - l1Ratio) / 2)
    }
}
