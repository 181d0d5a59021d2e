import RegulaNN
import RegulaSyntax

/// The settings of one `train` or `cross_validate` call: its keyword arguments merged
/// with the session's `loss` / `penalty` / `optimizer` / `seed` statements, validated by
/// the engine (`TrainingConfiguration.invalidSetting`, reported at the argument), with the
/// warnings about settings that interact.
struct TrainingRequest {
    var configuration: TrainingConfiguration
    var optimizer: OptimizerObject

    /// The parameters `train` and `cross_validate` share after `model, data`.
    static var parameters: [BuiltinParameter] {
        [
        .keyword("epochs", .number(10)), .keyword("batch", .number(32)), .optional("validate"),
        .keyword("shuffle", .bool(true)), .optional("loss"), .optional("penalty"), .optional("optimizer"),
        .optional("early_stop"), .optional("schedule"),
        ]
    }

    /// The default optimizer when neither the call nor an `optimizer` statement sets one.
    static var defaultOptimizer: OptimizerObject { OptimizerObject(.adam()) }

    /// The argument that sets a training setting, nil for one a call cannot set.
    static func argument(for setting: TrainingConfiguration.Setting) -> String? {
        switch setting {
        case .epochs: return "epochs"
        case .batchSize: return "batch"
        case .earlyStoppingPatience: return "early_stop"
        case .threads: return nil
        case .loss: return "loss"
        case .penalty: return "penalty"
        case .optimizer: return "optimizer"
        case .schedule: return "schedule"
        }
    }

    init(_ call: BuiltinCall, data: Dataset) throws {
        let context = call.context
        let epochs = try call.integer("epochs")
        let batch = try call.integer("batch")

        let loss = try Self.loss(call, data: data)
        let penalty: Penalty
        if let given = call.value("penalty") {
            guard let p = PenaltyObject.penalty(from: given, context: context) else { throw call.typeError("penalty", expected: PenaltyObject.expected, got: given) }
            penalty = p
        } else {
            penalty = context.defaults.penalty.flatMap { PenaltyObject.penalty(from: $0) } ?? .none
        }

        if let given = call.value("optimizer") {
            guard let o = try TrainingErrors.run(call, at: "optimizer", { try OptimizerObject.optimizer(from: given) }) else {
                throw call.typeError("optimizer", expected: OptimizerObject.expected, got: given)
            }
            optimizer = o
        } else {
            optimizer = context.defaults.optimizer.flatMap { $0.host(as: OptimizerObject.self) } ?? Self.defaultOptimizer
        }
        var schedule = optimizer.schedule
        if let given = call.value("schedule") {
            guard let s = ScheduleObject.schedule(from: given) else { throw call.typeError("schedule", expected: ScheduleObject.expected, got: given) }
            schedule = s
        }
        var patience: Int?
        if let given = call.value("early_stop"), !given.isNone {
            patience = try call.integer("early_stop")
        }
        configuration = TrainingConfiguration(
            epochs: epochs, batchSize: batch, shuffle: try call.bool("shuffle"), loss: loss, penalty: penalty,
            optimizer: optimizer.optimizer, schedule: schedule, earlyStoppingPatience: patience,
            seed: TrainingSession.seed(context), threads: min(max(1, context.options.threads), InterpreterOptions.maxThreads))
        try TrainingErrors.check(configuration.invalidSetting, call)
    }

    /// The call's `loss:`, else the `loss` statement's, else the dataset's natural loss
    /// (`cross_entropy` for classes, `mse` for a real target); checked against the task.
    static func loss(_ call: BuiltinCall, data: Dataset) throws -> Loss {
        let loss: Loss
        var where_ = "data"
        if let given = call.value("loss") {
            guard let l = try TrainingErrors.run(call, at: "loss", { try LossObject.loss(from: given, context: call.context) }) else {
                throw call.typeError("loss", expected: LossObject.expected, got: given)
            }
            loss = l
            where_ = "loss"
        } else if let set = call.context.defaults.loss.flatMap({ try? LossObject.loss(from: $0) }) {
            loss = set
        } else {
            loss = data.classes == nil ? .mse : .crossEntropy
        }
        // A loss written in the script takes class indices or rows of targets as the data has them.
        if case .function = loss { return loss }
        switch (loss.isClassification, data.classes) {
        case (true, nil):
            throw call.error(where_, "\(loss) is a classification loss but the target '\(data.targetName)' is a regression target (real numbers)",
                             id: "invalid-targets",
                             hint: "use mse, mae or huber(delta) for a regression target, or read the data with csv(..., task: \"classification\")")
        case (false, let classes?):
            throw call.error(where_, "\(loss) is a regression loss but the target '\(data.targetName)' has \(classes) classes",
                             id: "invalid-targets",
                             hint: "use cross_entropy (or bce for 2 classes), or read the data with csv(..., task: \"regression\")")
        default:
            return loss
        }
    }

    /// Warnings about settings that interact, once per call site.
    func warn(_ call: BuiltinCall, model: Model) {
        let session = TrainingSession.of(call.context)
        let config = configuration
        var l2Sources: [String] = []
        if config.penalty.coefficients.l2 > 0 { l2Sources.append("penalty \(config.penalty)") }
        var proximal = config.penalty.coefficients.proximalL1 > 0
        for (position, layer) in model.layers.enumerated() {
            guard case .dense(let d) = layer else { continue }
            for (label, p) in [("penalty", d.penalty), ("bias_penalty", d.biasPenalty)] {
                guard let p else { continue }
                if p.coefficients.l2 > 0 { l2Sources.append("layer \(position)'s \(label): \(p)") }
                if p.coefficients.proximalL1 > 0 { proximal = true }
            }
        }
        let wd = config.optimizer.weightDecay
        if wd > 0, let first = l2Sources.first {
            let equivalence: String
            switch config.optimizer {
            case .sgd: equivalence = "on sgd, l2(λ) is the same as weight_decay: 2λ"
            case .adamw: equivalence = "adamw's decay is decoupled (w ← w·(1 − lr·wd) each step), the l2 penalty goes through the adaptive step"
            default: equivalence = "\(config.optimizer.name)'s weight decay is coupled: weight_decay: 2λ is the same as l2(λ)"
            }
            session.warnOnce(call.context,
                             "both an l2 penalty (\(first)) and the optimizer's weight decay (\(ValuePrinter.format(wd))) shrink the weights: they add up",
                             id: "l2-and-weight-decay", at: call.span, hint: equivalence)
        }
        if proximal, optimizer.isAdaptive {
            let lr = config.optimizer.learningRate
            let lambda = config.penalty.coefficients.proximalL1
            let threshold = lambda > 0 ? " (here lr·λ = \(ValuePrinter.format(lr * lambda)))" : ""
            session.warnOnce(call.context,
                             "proximal l1 with \(config.optimizer.name): the threshold is lr·λ per step in parameter units\(threshold), not scaled by \(config.optimizer.name)'s adaptive step",
                             id: "proximal-adaptive", at: call.span,
                             hint: "with sgd the threshold matches the gradient step; with an adaptive optimizer tune λ for the sparsity you want")
        }
    }
}
