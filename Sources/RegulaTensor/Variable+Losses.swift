/// Losses and penalties. Softmax cross-entropy is a fused primitive (its gradient
/// `softmax − onehot` is both cheaper and more stable than the chain through exp and log);
/// the others are composites of primitives, so their gradients come for free.
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
        // Forward keeps the softmax: the backward rule is then one subtraction.
        var probabilities = z
        var total: Scalar = 0
        probabilities.scalars.withUnsafeMutableBufferPointer { p in
            guard let base = p.baseAddress else { return }
            for i in 0..<rows {
                let row = base + i * classes
                let shift = extremum(UnsafePointer(row), classes, stride: 1, largest: true).0
                var sum: Scalar = 0
                for j in 0..<classes {
                    row[j] = Scalar.exp(row[j] - shift)
                    sum += row[j]
                }
                total += Scalar.log(sum) + shift - z.scalars[i * classes + targets[i]]
                for j in 0..<classes { row[j] /= sum }
            }
        }
        let n = Scalar(rows)
        return Variable(T(total / n), operation: "cross_entropy", parents: [logits]) { g in
            var dz = probabilities
            for i in 0..<rows { dz.scalars[i * classes + targets[i]] -= 1 }
            return [dz * (g.scalars[0] / n)]
        }
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
        var total: Scalar = 0
        for (x, y) in zip(z.scalars, targets.scalars) {
            total += Swift.max(x, 0) - x * y + regulaLog1pOfUnit(Scalar.exp(-Swift.abs(x)))
        }
        let n = Scalar(z.count)
        return Variable(T(total / n), operation: "bce", parents: [logits]) { g in
            [combine(.subtract, z.sigmoid(), targets) * (g.scalars[0] / n)]
        }
    }

    /// Huber loss with threshold δ, averaged over the elements: ½d² where |d| ≤ δ,
    /// δ(|d| − ½δ) elsewhere (d = p − y). Built as ½q² + δ(|d| − q) with q = min(|d|, δ).
    public static func huberLoss(_ prediction: Variable, _ target: Variable, delta: Scalar) throws -> Variable {
        try requireSameShape("huber", prediction, target)
        let magnitude = try (prediction - target).abs()
        let q = try minimum(magnitude, Variable(T(delta)))
        return try (q * q * 0.5 + (magnitude - q) * delta).mean()
    }

    /// log softmax along `axis`: `z − max − log Σ exp(z − max)` (the max is a constant
    /// shift, so it is detached).
    public func logSoftmax(axis: Int = -1) throws -> Variable {
        let shift = Variable(try value.max(axis: axis, keepingDimensions: true))
        let shifted = try self - shift
        return try shifted - shifted.exp().sum(axis: axis, keepingDimensions: true).log()
    }

    /// Mean squared error `(1/n) Σ (p − y)²`; shapes must match exactly (a `[N, 1]` against
    /// `[N]` would otherwise broadcast into `[N, N]`).
    public static func meanSquaredError(_ prediction: Variable, _ target: Variable) throws -> Variable {
        try requireSameShape("mse", prediction, target)
        let difference = try prediction - target
        return try (difference * difference).mean()
    }

    /// Mean absolute error `(1/n) Σ |p − y|`; shapes must match exactly.
    public static func meanAbsoluteError(_ prediction: Variable, _ target: Variable) throws -> Variable {
        try requireSameShape("mae", prediction, target)
        return try (prediction - target).abs().mean()
    }

    static func requireSameShape(_ op: String, _ a: Variable, _ b: Variable) throws {
        guard a.shape == b.shape else {
            throw TensorError.shapes(op, a.shape, b.shape, "prediction and target must have the same shape")
        }
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
