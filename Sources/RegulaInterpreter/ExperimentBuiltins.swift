import RegulaNN
import RegulaSyntax

/// The values of experiment settings: penalties (`l1`, `l2`, `elastic_net`), the loss
/// `huber(delta)` (the other losses are constants), optimizers (`sgd`, `adam`, `adamw`,
/// `rmsprop`, `adagrad`) and schedules (`step_lr`, `cosine`, `exponential`, `warmup`,
/// `reduce_on_plateau`); the hook that validates the
/// `seed`/`loss`/`penalty`/`optimizer` statements.
enum ExperimentBuiltins {
    static var builtins: [Builtin] {
        [
            Builtin("l1", [.required("lam"), .keyword("proximal", .bool(false))],
                    summary: "l1(λ, proximal: false): λ·Σ|w| (proximal: soft-thresholding after each step)") { call in
                try penalty(call, .l1(try call.number("lam"), proximal: try call.bool("proximal")))
            },
            Builtin("l2", [.required("lam")], summary: "l2(λ): λ·Σw²") { call in
                try penalty(call, .l2(try call.number("lam")))
            },
            Builtin("elastic_net", [.required("alpha"), .keyword("l1_ratio", .number(0.5)), .keyword("proximal", .bool(false))],
                    summary: "elastic_net(α, l1_ratio: 0.5, proximal: false): l1(α·ρ, proximal:) + l2(α·(1−ρ)/2)") { call in
                try penalty(call, .elasticNet(alpha: try call.number("alpha"), l1Ratio: try call.number("l1_ratio"), proximal: try call.bool("proximal")))
            },
            Builtin("huber", [.keyword("delta", .number(1))], summary: "huber(delta: 1): the Huber loss") { call in
                let loss = Loss.huber(delta: try call.number("delta"))
                try TrainingErrors.check(loss.invalidSetting, call)
                return LossObject.value(loss)
            },
        ] + Optimizer.Kind.allCases.map(optimizer) + LearningRateSchedule.Kind.allCases.map(schedule)
    }

    /// The loss constants and the activations.
    static var constants: [(name: String, value: Value)] {
        LossObject.named.map { ($0.0, LossObject.value($0.1)) } + ActivationObject.constants
    }

    /// A penalty value, its strengths checked by the engine.
    private static func penalty(_ call: BuiltinCall, _ penalty: Penalty) throws -> Value {
        try TrainingErrors.check(penalty.invalidSetting, call)
        return PenaltyObject.value(penalty)
    }

    /// An optimizer builtin: the engine's hyper-parameters of `kind` with torch's defaults,
    /// then `schedule:`.
    private static func optimizer(_ kind: Optimizer.Kind) -> Builtin {
        let hyperParameters = Optimizer.standard(kind).hyperParameters
        var builtin = Builtin(kind.rawValue, HyperParameterBinding.parameters(hyperParameters) + [.keyword("schedule", .none)]) { call in
            let optimizer = Optimizer(kind, try HyperParameterBinding.values(call, hyperParameters))
            try TrainingErrors.check(optimizer.invalidSetting, call)
            let scheduleValue = call.value("schedule") ?? .none
            guard let schedule = ScheduleObject.schedule(from: scheduleValue) else {
                throw call.typeError("schedule", expected: ScheduleObject.expected, got: scheduleValue)
            }
            return .host(OptimizerObject(optimizer, schedule: schedule))
        }
        builtin.summary = HyperParameterBinding.summary(of: builtin, "an optimizer with torch.optim.\(kind.torchName)'s semantics and defaults")
        return builtin
    }

    /// A schedule builtin: the engine's settings of `kind`, checked by the engine.
    private static func schedule(_ kind: LearningRateSchedule.Kind) -> Builtin {
        let hyperParameters = kind.hyperParameters
        var builtin = Builtin(kind.rawValue, HyperParameterBinding.parameters(hyperParameters)) { call in
            let values = try HyperParameterBinding.values(call, hyperParameters)
            return .host(ScheduleObject(try TrainingErrors.run(call) { try LearningRateSchedule(kind, values) }))
        }
        builtin.summary = HyperParameterBinding.summary(of: builtin, scheduleDescription(kind) + " (torch's \(kind.torchName))")
        return builtin
    }

    /// What a schedule does, for the docs.
    private static func scheduleDescription(_ kind: LearningRateSchedule.Kind) -> String {
        switch kind {
        case .stepLR: return "lr × gamma every step_size epochs"
        case .cosine: return "cosine annealing of the lr over t_max epochs"
        case .exponential: return "lr × gamma after every epoch"
        case .warmup: return "lr from start_factor·lr to end_factor·lr linearly over total_iters epochs, then constant"
        case .reduceOnPlateau:
            return "lr × factor when the validation loss (the training loss without validation data) has not improved for more than patience epochs"
        }
    }

    /// Validates `loss`, `penalty`, `optimizer` statements (a name string becomes the value);
    /// a `seed` statement restarts the session's random counters.
    static func settingHook(_ setting: ExperimentSetting, _ value: Value, _ context: Evaluator) throws -> Value {
        // A host library's own values are its hook's business.
        if case .host(let object) = value, !TrainingLibrary.owns(object) { return value }
        switch setting {
        case .seed:
            TrainingSession.of(context).restart()
            return value
        case .loss:
            guard let loss = try LossObject.loss(from: value, context: context) else {
                throw RuntimeError("loss must be \(LossObject.expected), got \(RuntimeMessages.describe(value))", id: "type-error",
                                   hint: hint(for: value, setting: setting))
            }
            return LossObject.value(loss)
        case .penalty:
            guard let penalty = PenaltyObject.penalty(from: value, context: context) else {
                throw RuntimeError("penalty must be \(PenaltyObject.expected), got \(RuntimeMessages.describe(value))", id: "type-error",
                                   hint: hint(for: value, setting: setting))
            }
            return PenaltyObject.value(penalty)
        case .optimizer:
            guard let optimizer = try OptimizerObject.optimizer(from: value) else {
                throw RuntimeError("optimizer must be \(OptimizerObject.expected), got \(RuntimeMessages.describe(value))", id: "type-error",
                                   hint: hint(for: value, setting: setting))
            }
            return .host(optimizer)
        }
    }

    /// `loss l2(1)` is a common slip: say where a penalty goes.
    private static func hint(for value: Value, setting: ExperimentSetting) -> String? {
        switch (setting, value) {
        case (.loss, .host(let object)) where object is PenaltyObject: return "a penalty is set with 'penalty \(object.description)'"
        case (.penalty, .host(let object)) where object is LossObject: return "a loss is set with 'loss \(object.description)'"
        default: return RuntimeMessages.callItHint(value)
        }
    }
}
