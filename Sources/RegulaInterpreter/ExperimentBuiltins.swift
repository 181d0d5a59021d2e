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
                PenaltyObject.value(.l1(try strength(call, "lam"), proximal: try call.bool("proximal")))
            },
            Builtin("l2", [.required("lam")], summary: "l2(λ): λ·Σw²") { call in
                PenaltyObject.value(.l2(try strength(call, "lam")))
            },
            Builtin("elastic_net", [.required("alpha"), .keyword("l1_ratio", .number(0.5)), .keyword("proximal", .bool(false))],
                    summary: "elastic_net(α, l1_ratio: 0.5, proximal: false): l1(α·ρ, proximal:) + l2(α·(1−ρ)/2)") { call in
                let ratio = try call.number("l1_ratio")
                guard ratio >= 0, ratio <= 1 else { throw call.error("l1_ratio", "l1_ratio must be in [0, 1], got \(ValuePrinter.format(ratio))") }
                return PenaltyObject.value(.elasticNet(alpha: try strength(call, "alpha"), l1Ratio: ratio, proximal: try call.bool("proximal")))
            },
            Builtin("huber", [.keyword("delta", .number(1))], summary: "huber(delta: 1): the Huber loss") { call in
                let delta = try call.number("delta")
                guard delta > 0, delta.isFinite else { throw call.error("delta", "delta must be a finite number > 0, got \(ValuePrinter.format(delta))") }
                return LossObject.value(.huber(delta: delta))
            },
            optimizer("sgd", [.keyword("lr", .number(1e-3)), .keyword("momentum", .number(0)), .keyword("dampening", .number(0)),
                              .keyword("nesterov", .bool(false)), .keyword("weight_decay", .number(0))]) { c in
                .sgd(lr: try c.number("lr"), momentum: try c.number("momentum"), dampening: try c.number("dampening"),
                     nesterov: try c.bool("nesterov"), weightDecay: try c.number("weight_decay"))
            },
            optimizer("adam", adamParameters(weightDecay: 0)) { c in
                .adam(lr: try c.number("lr"), beta1: try c.number("beta1"), beta2: try c.number("beta2"), eps: try c.number("eps"),
                      weightDecay: try c.number("weight_decay"), amsgrad: try c.bool("amsgrad"))
            },
            optimizer("adamw", adamParameters(weightDecay: 1e-2)) { c in
                .adamw(lr: try c.number("lr"), beta1: try c.number("beta1"), beta2: try c.number("beta2"), eps: try c.number("eps"),
                       weightDecay: try c.number("weight_decay"), amsgrad: try c.bool("amsgrad"))
            },
            optimizer("rmsprop", [.keyword("lr", .number(1e-2)), .keyword("alpha", .number(0.99)), .keyword("eps", .number(1e-8)),
                                  .keyword("weight_decay", .number(0)), .keyword("momentum", .number(0)), .keyword("centered", .bool(false))]) { c in
                .rmsprop(lr: try c.number("lr"), alpha: try c.number("alpha"), eps: try c.number("eps"),
                         weightDecay: try c.number("weight_decay"), momentum: try c.number("momentum"), centered: try c.bool("centered"))
            },
            optimizer("adagrad", [.keyword("lr", .number(1e-2)), .keyword("lr_decay", .number(0)), .keyword("weight_decay", .number(0)),
                                  .keyword("initial_accumulator_value", .number(0)), .keyword("eps", .number(1e-10))]) { c in
                .adagrad(lr: try c.number("lr"), lrDecay: try c.number("lr_decay"), weightDecay: try c.number("weight_decay"),
                         initialAccumulatorValue: try c.number("initial_accumulator_value"), eps: try c.number("eps"))
            },
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

    private static func strength(_ call: BuiltinCall, _ parameter: String) throws -> Double {
        let x = try call.number(parameter)
        guard x >= 0, x.isFinite else {
            throw call.error(parameter, "a penalty strength must be a finite number ≥ 0, got \(ValuePrinter.format(x))")
        }
        return x
    }

    private static func adamParameters(weightDecay: Double) -> [BuiltinParameter] {
        [.keyword("lr", .number(1e-3)), .keyword("beta1", .number(0.9)), .keyword("beta2", .number(0.999)),
         .keyword("eps", .number(1e-8)), .keyword("weight_decay", .number(weightDecay)), .keyword("amsgrad", .bool(false))]
    }

    /// An optimizer builtin: its hyper-parameters, then `schedule:`.
    private static func optimizer(_ name: String, _ parameters: [BuiltinParameter], _ make: @escaping (BuiltinCall) throws -> Optimizer) -> Builtin {
        let names = parameters.map(\.name).joined(separator: ", ")
        return Builtin(name, parameters + [.keyword("schedule", .none)], summary: "\(name)(\(names), schedule:): an optimizer") { call in
            let optimizer = try make(call)
            if let problem = optimizer.validationError {
                let culprit = parameters.map(\.name).first { problem.contains($0) && call.isGiven($0) }
                throw call.error(culprit, String(problem.dropFirst(name.count + 2)))
            }
            let scheduleValue = call.value("schedule") ?? .none
            guard let schedule = ScheduleObject.schedule(from: scheduleValue) else {
                throw call.typeError("schedule", expected: ScheduleObject.expected, got: scheduleValue)
            }
            return .host(OptimizerObject(optimizer, schedule: schedule))
        }
    }

    /// A schedule value; an out-of-range setting is an error at its argument (the message
    /// without the engine's "… schedule:" prefix, which the builtin's name replaces).
    private static func schedule(_ call: BuiltinCall, _ schedule: LearningRateSchedule) throws -> Value {
        if let problem = schedule.validationError {
            let message = problem.firstRange(of: ": ").map { String(problem[$0.upperBound...]) } ?? problem
            let culprit = message.split(separator: " ").first.map(String.init).flatMap { call.isGiven($0) ? $0 : nil }
            throw call.error(culprit, message)
        }
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
