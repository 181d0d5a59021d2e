/// Everything a training run needs besides the model and the data.
public struct TrainingConfiguration: Sendable, Equatable {
    public var epochs: Int
    /// Rows per mini-batch; the last batch of an epoch may be smaller (it is kept).
    public var batchSize: Int
    /// Visit the rows in a fresh random order every epoch.
    public var shuffle: Bool
    public var loss: Loss
    /// The model-wide penalty on weight matrices (a layer's own `penalty` replaces it).
    public var penalty: Penalty
    public var optimizer: Optimizer
    public var schedule: LearningRateSchedule
    /// Stop after this many epochs without a better monitored loss (the validation loss,
    /// or the training objective without validation data), then restore the best weights
    /// when `restoreBestWeights`.
    public var earlyStoppingPatience: Int?
    public var restoreBestWeights: Bool
    /// Let the optimizer's weight decay act on biases too.
    public var weightDecayOnBiases: Bool
    /// Seed of the shuffling and dropout streams.
    public var seed: UInt64
    /// Tells apart the runs of one script: streams `(seed, .shuffling, run)` and
    /// `(seed, .dropout, run)`.
    public var run: UInt64
    /// Worker threads. Results never depend on it (work is split in fixed-size blocks).
    public var threads: Int

    public init(
        epochs: Int = 10, batchSize: Int = 32, shuffle: Bool = true, loss: Loss = .mse, penalty: Penalty = .none,
        optimizer: Optimizer = .adam(), schedule: LearningRateSchedule = .constant, earlyStoppingPatience: Int? = nil,
        restoreBestWeights: Bool = true, weightDecayOnBiases: Bool = false, seed: UInt64 = 0, run: UInt64 = 0,
        threads: Int = 1
    ) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.loss = loss
        self.penalty = penalty
        self.optimizer = optimizer
        self.schedule = schedule
        self.earlyStoppingPatience = earlyStoppingPatience
        self.restoreBestWeights = restoreBestWeights
        self.weightDecayOnBiases = weightDecayOnBiases
        self.seed = seed
        self.run = run
        self.threads = threads
    }

    /// The settings that can be out of range, by the names hosts report them under.
    public enum Setting: String, Sendable, Equatable {
        case epochs, batchSize = "batch_size", earlyStoppingPatience = "early_stopping_patience", threads
        case loss, penalty, optimizer, schedule
    }

    /// Throws on the first out-of-range setting.
    public func validate() throws(ModelError) {
        if let problem = invalidSetting { throw .invalidSetting(problem) }
    }

    /// The first out-of-range setting, if any: the one place each training setting is
    /// checked (a loss, penalty, optimizer or schedule checks its own parameters).
    public var invalidSetting: InvalidSetting? {
        func problem(_ setting: Setting, _ reason: String) -> InvalidSetting {
            InvalidSetting(setting.rawValue, reason, field: setting)
        }
        if epochs < 0 { return problem(.epochs, "epochs must be ≥ 0, got \(epochs)") }
        if batchSize < 1 { return problem(.batchSize, "the batch size must be at least 1, got \(batchSize)") }
        if let patience = earlyStoppingPatience, patience < 1 {
            return problem(.earlyStoppingPatience, "early stopping patience must be at least 1 epoch, got \(patience)")
        }
        if threads < 1 { return problem(.threads, "threads must be at least 1, got \(threads)") }
        let parts: [(Setting, InvalidSetting?)] = [
            (.loss, loss.invalidSetting), (.penalty, penalty.invalidSetting),
            (.optimizer, optimizer.invalidSetting), (.schedule, schedule.invalidSetting),
        ]
        for case (let setting, var found?) in parts {
            found.field = setting
            return found
        }
        return nil
    }
}

/// One epoch of a run's history.
public struct EpochRecord: Sendable, Equatable {
    /// From 1.
    public var epoch: Int
    /// Mean over the epoch's batches of the data loss.
    public var dataLoss: Double
    /// Mean over the epoch's batches of the penalties (weights, biases, activities).
    public var penalty: Double
    /// `dataLoss + penalty`.
    public var total: Double { dataLoss + penalty }
    /// Data loss on the validation data after the epoch, in evaluation mode.
    public var validationLoss: Double?
    /// Accuracy on the validation data (classification losses only).
    public var validationAccuracy: Double?
    /// The learning rate used during the epoch.
    public var learningRate: Double
    /// Wall time of the epoch, validation included.
    public var seconds: Double
}

/// Why a run ended.
public enum StopReason: Sendable, Equatable, CustomStringConvertible {
    case completed
    case earlyStopped
    /// The `CancellationToken` was set; the weights are those of the last finished step.
    case cancelled
    /// The objective, the weights or a validation score turned NaN/∞; the weights are the
    /// last finite ones.
    case diverged(Divergence)

    public var description: String {
        switch self {
        case .completed: return "completed"
        case .earlyStopped: return "early stopped"
        case .cancelled: return "cancelled"
        case .diverged(let divergence): return divergence.message
        }
    }
}

/// The outcome of `Model.train`.
public struct TrainingResult: Sendable, Equatable {
    public var history: [EpochRecord]
    /// Data loss of the final weights on the whole training data (evaluation mode, no penalty).
    public var trainLoss: Double
    /// The same on the validation data.
    public var validationLoss: Double?
    /// The epoch (from 1) with the best monitored loss; 0 when no epoch finished.
    public var bestEpoch: Int
    /// Epochs that finished.
    public var epochsRun: Int
    public var stopReason: StopReason
    /// Optimizer steps taken.
    public var steps: Int
}
