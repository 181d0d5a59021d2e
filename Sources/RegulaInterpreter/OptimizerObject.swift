import RegulaNN
import RegulaSuggestion

/// An optimizer configuration (`sgd(lr: 0.1, momentum: 0.9)`, `adam(lr: 1e-3)`, ...),
/// optionally with a learning-rate schedule. A value: every `train` call starts from
/// fresh optimizer state, so one optimizer serves many runs.
final class OptimizerObject: HostObject {
    let optimizer: Optimizer
    let schedule: LearningRateSchedule

    init(_ optimizer: Optimizer, schedule: LearningRateSchedule = .constant) {
        self.optimizer = optimizer
        self.schedule = schedule
    }

    var typeName: String { "optimizer" }

    /// As written: `adamw(lr: 0.001, weight_decay: 0.0001)`, with `schedule: ...` when set.
    var description: String {
        guard schedule != .constant else { return optimizer.description }
        return String(optimizer.description.dropLast()) + ", schedule: \(ScheduleObject.spelling(schedule)))"
    }

    var fieldNames: [String] { ["name", "lr", "weight_decay", "schedule"] }

    func field(named name: String) throws -> Value? {
        switch name {
        case "name": return .string(optimizer.name)
        case "lr": return .number(optimizer.learningRate)
        case "weight_decay": return .number(optimizer.weightDecay)
        case "schedule": return schedule == .constant ? Value.none : .host(ScheduleObject(schedule))
        default: return nil
        }
    }

    func isEqual(to other: any HostObject) -> Bool {
        guard let other = other as? OptimizerObject else { return false }
        return other.optimizer == optimizer && other.schedule == schedule
    }

    /// Whether the step is scaled per parameter (adam, adamw, rmsprop, adagrad).
    var isAdaptive: Bool {
        if case .sgd = optimizer { return false }
        return true
    }

    static let names = ["sgd", "adam", "adamw", "rmsprop", "adagrad"]
    static let expected = "an optimizer (sgd(...), adam(...), adamw(...), rmsprop(...) or adagrad(...))"

    /// An optimizer from an optimizer value or a name (`"adam"`: default settings).
    static func optimizer(from value: Value) throws -> OptimizerObject? {
        if let object = value.host(as: OptimizerObject.self) { return object }
        guard case .string(let name) = value else { return nil }
        switch name {
        case "sgd": return OptimizerObject(.sgd())
        case "adam": return OptimizerObject(.adam())
        case "adamw": return OptimizerObject(.adamw())
        case "rmsprop": return OptimizerObject(.rmsprop())
        case "adagrad": return OptimizerObject(.adagrad())
        default:
            throw RuntimeError("unknown optimizer '\(name)'\(Suggestion.phrase(Suggestion.closest(to: name, among: names)))",
                               id: "unknown-name", hint: "the optimizers are " + names.joined(separator: ", "))
        }
    }
}

/// A learning-rate schedule: `step_lr(step_size, gamma)`, `cosine(t_max, eta_min: 0)`,
/// `exponential(gamma)`, `warmup(...)` or `reduce_on_plateau(...)`, stepped after every
/// epoch (PyTorch's `StepLR`, `CosineAnnealingLR`, `ExponentialLR`, `LinearLR`,
/// `ReduceLROnPlateau`).
final class ScheduleObject: HostObject {
    let schedule: LearningRateSchedule

    init(_ schedule: LearningRateSchedule) { self.schedule = schedule }

    var typeName: String { "schedule" }
    var description: String { ScheduleObject.spelling(schedule) }

    func isEqual(to other: any HostObject) -> Bool { (other as? ScheduleObject)?.schedule == schedule }

    /// As a script writes it: `step_lr(10, 0.5)`, `cosine(60)`, `cosine(60, 0.0001)`.
    static func spelling(_ schedule: LearningRateSchedule) -> String {
        switch schedule {
        case .constant: return "none"
        case .step(let size, let gamma): return "step_lr(\(size), \(ValuePrinter.format(gamma)))"
        case .cosine(let tMax, let etaMin):
            return etaMin == 0 ? "cosine(\(tMax))" : "cosine(\(tMax), \(ValuePrinter.format(etaMin)))"
        case .exponential(let gamma): return "exponential(\(ValuePrinter.format(gamma)))"
        case .linear(let start, let end, let total):
            // Only the settings that differ from the defaults, as a script would write them.
            var parts: [String] = []
            if start != 1.0 / 3 { parts.append("start_factor: \(ValuePrinter.format(start))") }
            if end != 1 { parts.append("end_factor: \(ValuePrinter.format(end))") }
            if total != 5 { parts.append("total_iters: \(total)") }
            return "warmup(\(parts.joined(separator: ", ")))"
        case .plateau(let r):
            let d = LearningRateSchedule.PlateauRule()
            var parts: [String] = []
            if r.factor != d.factor { parts.append("factor: \(ValuePrinter.format(r.factor))") }
            if r.patience != d.patience { parts.append("patience: \(r.patience)") }
            if r.threshold != d.threshold { parts.append("threshold: \(ValuePrinter.format(r.threshold))") }
            if !r.relativeThreshold { parts.append("threshold_mode: \"abs\"") }
            if !r.minimize { parts.append("mode: \"max\"") }
            if r.cooldown != d.cooldown { parts.append("cooldown: \(r.cooldown)") }
            if r.minLR != d.minLR { parts.append("min_lr: \(ValuePrinter.format(r.minLR))") }
            return "reduce_on_plateau(\(parts.joined(separator: ", ")))"
        }
    }

    static let expected = "a schedule (step_lr(step_size, gamma), cosine(t_max), exponential(gamma), warmup(...), reduce_on_plateau(...) or none)"

    static func schedule(from value: Value) -> LearningRateSchedule? {
        if value.isNone { return .constant }
        return value.host(as: ScheduleObject.self)?.schedule
    }
}
