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
        ] + Optimizer.Kind.allCases.map(optimizer) + [
            Builtin("step_lr", [.required("step_size"), .keyword("gamma", .number(0.1))],
                    summary: "step_lr(step_size, gamma: 0.1): lr × gamma every step_size epochs") { call in
                try schedule(call, .step(stepSize: try call.integer("step_size"), gamma: try call.number("gamma")))
            },
            Builtin("cosine", [.required("t_max"), .keyword("eta_min", .number(0))],
                    summary: "cosine(t_max, eta_min: 0): cosine annealing of the lr over t_max epochs") { call in
                try schedule(call, .cosine(tMax: try call.integer("t_max"), etaMin: try call.number("eta_min")))
            },
            Builtin("exponential", [.required("gamma")],
                    summary: "exponential(gamma): lr × gamma after every epoch (torch's ExponentialLR)") { call in
                try schedule(call, .exponential(gamma: try call.number("gamma")))
            },
            Builtin("warmup", [.keyword("start_factor", .number(1.0 / 3)), .keyword("end_factor", .number(1)), .keyword("total_iters", .number(5))],
                    summary: "warmup(start_factor: 1/3, end_factor: 1, total_iters: 5): lr from start_factor·lr to end_factor·lr linearly over total_iters epochs, then constant (torch's LinearLR)") { call in
                try schedule(call, .linear(startFactor: try call.number("start_factor"), endFactor: try call.number("end_factor"),
                                           totalIters: try call.integer("total_iters")))
            },
            Builtin("reduce_on_plateau", [.keyword("factor", .number(0.1)), .keyword("patience", .number(10)), .keyword("threshold", .number(1e-4)),
                                          .keyword("threshold_mode", .string("rel")), .keyword("mode", .string("min")),
                                          .keyword("cooldown", .number(0)), .keyword("min_lr", .number(0))],
                    summary: "reduce_on_plateau(factor: 0.1, patience: 10, threshold: 1e-4, threshold_mode: \"rel\", mode: \"min\", cooldown: 0, min_lr: 0): lr × factor when the validation loss (the training loss without validation data) has not improved for more than patience epochs (torch's ReduceLROnPlateau)") { call in
                let thresholdMode = try call.string("threshold_mode"), mode = try call.string("mode")
                guard thresholdMode == "rel" || thresholdMode == "abs" else {
                    throw call.error("threshold_mode", "threshold_mode must be \"rel\" or \"abs\", got \"\(thresholdMode)\"")
                }
                guard mode == "min" || mode == "max" else { throw call.error("mode", "mode must be \"min\" or \"max\", got \"\(mode)\"") }
                return try schedule(call, .plateau(LearningRateSchedule.PlateauRule(
                    factor: try call.number("factor"), patience: try call.integer("patience"), threshold: try call.number("threshold"),
                    relativeThreshold: thresholdMode == "rel", minimize: mode == "min", cooldown: try call.integer("cooldown"),
                    minLR: try call.number("min_lr"))))
            },
        ]
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
        let parameters = hyperParameters.map { parameter -> BuiltinParameter in
            switch parameter.value {
            case .number(let x): return .keyword(parameter.name, .number(x))
            case .flag(let b): return .keyword(parameter.name, .bool(b))
            }
        }
        var builtin = Builtin(kind.rawValue, parameters + [.keyword("schedule", .none)]) { call in
            var given: [String: HyperParameter.Value] = [:]
            for parameter in hyperParameters {
                switch parameter.value {
                case .number: given[parameter.name] = .number(try call.number(parameter.name))
                case .flag: given[parameter.name] = .flag(try call.bool(parameter.name))
                }
            }
            let optimizer = Optimizer(kind, given)
            try TrainingErrors.check(optimizer.invalidSetting, call)
            let scheduleValue = call.value("schedule") ?? .none
            guard let schedule = ScheduleObject.schedule(from: scheduleValue) else {
                throw call.typeError("schedule", expected: ScheduleObject.expected, got: scheduleValue)
            }
            return .host(OptimizerObject(optimizer, schedule: schedule))
        }
        // The summary starts with the signature the parameters give, so the docs show the defaults once.
        builtin.summary = BuiltinDocumentation(builtin).signature + ": an optimizer with torch.optim.\(kind.torchName)'s semantics and defaults"
        return builtin
    }

    /// A schedule value, its settings checked by the engine.
    private static func schedule(_ call: BuiltinCall, _ schedule: LearningRateSchedule) throws -> Value {
        try TrainingErrors.check(schedule.invalidSetting, call)
        return .host(ScheduleObject(schedule))
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
            guard let loss = try LossObject.loss(from: value) else {
                throw RuntimeError("loss must be \(LossObject.expected), got \(RuntimeMessages.describe(value))", id: "type-error",
                                   hint: hint(for: value, setting: setting))
            }
            return LossObject.value(loss)
        case .penalty:
            guard let penalty = PenaltyObject.penalty(from: value) else {
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
