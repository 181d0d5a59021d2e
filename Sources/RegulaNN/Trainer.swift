import Foundation
import RegulaTensor

extension Model {
    /// Trains the model on `data` by mini-batch gradient descent on
    /// `data_loss(batch) + Σ penalties(θ)`, with `configuration`'s optimizer and schedule.
    ///
    /// Each epoch visits the rows in a fresh permutation drawn from
    /// `RandomGenerator(seed, .shuffling, index: run)` (dropout masks from the `.dropout`
    /// stream); the last partial batch is kept. After each epoch the validation data (if
    /// any) is scored in evaluation mode and `progress` is called with the epoch's record.
    /// `cancellation` is checked between steps. A NaN/∞ objective or update stops the run
    /// (`StopReason.diverged`) keeping the last finite weights. Throws only for bad
    /// settings or data that does not fit the model, before any step.
    public mutating func train(
        on data: Dataset, validation: Dataset? = nil, configuration config: TrainingConfiguration,
        cancellation: CancellationToken? = nil, progress: ((EpochRecord) -> Void)? = nil
    ) throws(ModelError) -> TrainingResult {
        try config.validate()
        if data.rows == 0 { throw .invalidConfiguration("cannot train on an empty dataset") }
        try build(inputs: data.featureCount)
        try Self.checkFinite(data, role: "training")
        if let validation { try Self.checkFinite(validation, role: "validation") }
        try config.loss.check(outputWidth: outputWidth ?? 0, data: data)
        if let validation {
            try checkInput(width: validation.featureCount)
            try config.loss.check(outputWidth: outputWidth ?? 0, data: validation)
        }
        let network = Network<Float>(model: self, penalty: config.penalty, loss: config.loss, classTargets: data.classes != nil)
        network.gemm = BlockedGemm(threads: config.threads)
        var trainer = Trainer(network: network, data: data, config: config)
        let outcome = try trainer.run(validation: validation, cancellation: cancellation, progress: progress)
        network.write(to: &self)
        let trainLoss = try network.evaluate(data, loss: config.loss).loss
        return TrainingResult(
            history: outcome.history,
            trainLoss: trainLoss,
            validationLoss: try validation.map { (v) throws(ModelError) in try network.evaluate(v, loss: config.loss).loss },
            bestEpoch: outcome.bestEpoch, epochsRun: outcome.history.count, stopReason: outcome.stop,
            steps: outcome.steps)
    }
}

extension Model {
    /// Throws when a feature or target is NaN or infinite (naming the row and column),
    /// so that bad data is not mistaken for a diverging run.
    static func checkFinite(_ data: Dataset, role: String) throws(ModelError) {
        let width = data.featureCount
        if let index = data.features.scalars.firstIndex(where: { !$0.isFinite }) {
            let column = data.featureNames.indices.contains(index % width) ? data.featureNames[index % width] : "\(index % width)"
            throw .invalidTargets("the \(role) data has a non-finite value in row \(index / width + 1), column '\(column)'")
        }
        if let row = data.targets.firstIndex(where: { !$0.isFinite }) {
            throw .invalidTargets("the \(role) data has a non-finite target '\(data.targetName)' in row \(row + 1)")
        }
    }
}

/// One training run's loop state.
struct Trainer {
    let network: Network<Float>
    let data: Dataset
    let config: TrainingConfiguration

    init(network: Network<Float>, data: Dataset, config: TrainingConfiguration) {
        self.network = network
        self.data = data
        self.config = config
    }

    struct Outcome {
        var history: [EpochRecord] = []
        var bestEpoch = 0
        var stop = StopReason.completed
        var steps = 0
    }

    mutating func run(
        validation: Dataset?, cancellation: CancellationToken?, progress: ((EpochRecord) -> Void)?
    ) throws(ModelError) -> Outcome {
        let rows = data.rows, width = data.featureCount, batch = Swift.min(config.batchSize, rows)
        network.reserve(rows: batch)
        network.resetOptimizerState(for: config.optimizer)
        var shuffling = RandomGenerator(seed: config.seed, stream: .shuffling, index: config.run)
        var dropout = RandomGenerator(seed: config.seed, stream: .dropout, index: config.run)
        var order = Array(0..<rows)
        var outcome = Outcome()
        var best = Double.infinity
        var bestWeights: [[Float]]?
        var sinceBest = 0
        var scheduler = LearningRateScheduler(config.schedule, base: config.optimizer.learningRate)
        let features = data.features.scalars
        let targets = data.targets

        training: for epoch in stride(from: 1, through: config.epochs, by: 1) {
            let started = Date()
            let lr = scheduler.rate
            if config.shuffle {
                for i in 0..<rows { order[i] = i }
                shuffling.shuffle(&order)  // inlinable: specialised for [Int], allocates nothing
            }
            var dataSum = 0.0, penaltySum = 0.0, batches = 0
            var start = 0
            while start < rows {
                if cancellation?.isCancelled == true {
                    outcome.stop = .cancelled
                    break training
                }
                let count = Swift.min(batch, rows - start)
                let x = network.input.base, t = network.targets.base
                features.withUnsafeBufferPointer { source in
                    guard let base = source.baseAddress else { return }
                    for r in 0..<count {
                        let row = order[start + r]
                        (x + r * width).update(from: base + row * width, count: width)
                        t[r] = targets[row]
                    }
                }
                let parts = try network.objectiveGradient(rows: count, training: true, dropout: &dropout)
                let finite = network.step(
                    config.optimizer, learningRate: lr, step: outcome.steps + 1, decayBiases: config.weightDecayOnBiases)
                let objective = parts.total
                if !objective.isFinite || !finite {
                    let cause = objective.isFinite ? Divergence.Cause.weightsNotFinite : .lossNotFinite(isNaN: objective.isNaN)
                    outcome.stop = .diverged(Divergence(epoch: epoch, step: batches + 1, cause: cause, learningRate: lr))
                    break training
                }
                for p in network.parameters { p.commit() }
                outcome.steps += 1
                batches += 1
                dataSum += parts.data
                penaltySum += parts.activity + parts.penalty
                start += count
            }
            var record = EpochRecord(
                epoch: epoch, dataLoss: dataSum / Double(batches), penalty: penaltySum / Double(batches),
                learningRate: lr, seconds: 0)
            if let validation {
                let scores = try network.evaluate(validation, loss: config.loss)
                record.validationLoss = scores.loss
                record.validationAccuracy = scores.accuracy
                // Finite weights that score the validation data as ∞ or NaN: its values are
                // far outside the training data's (an `inf` val_loss would otherwise pass).
                if let problem = scores.nonFiniteScore {
                    outcome.history.append(record)
                    outcome.stop = .diverged(Divergence(
                        epoch: epoch, step: batches, cause: .validationNotFinite(problem: problem), learningRate: lr))
                    break training
                }
            }
            record.seconds = Date().timeIntervalSince(started)
            outcome.history.append(record)
            progress?(record)

            // Early stopping and reduce_on_plateau watch the same loss.
            let monitored = record.validationLoss ?? record.total
            scheduler.step(monitored: monitored)
            if monitored < best {
                best = monitored
                outcome.bestEpoch = epoch
                sinceBest = 0
                if config.earlyStoppingPatience != nil && config.restoreBestWeights {
                    bestWeights = network.parameters.map { $0.value.array(as: Float.self) }
                }
            } else {
                sinceBest += 1
                if let patience = config.earlyStoppingPatience, sinceBest >= patience {
                    outcome.stop = .earlyStopped
                    if let bestWeights {
                        for (p, values) in zip(network.parameters, bestWeights) {
                            for i in 0..<p.count { p.value.base[i] = values[i] }
                        }
                    }
                    break training
                }
            }
        }
        return outcome
    }
}
