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
        return String(optimizer.description.dropLast()) + ", schedule: \(schedule))"
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

    static let names = Optimizer.Kind.allCases.map(\.rawValue)
    static let expected = "an optimizer (" + names.dropLast().map { "\($0)(...)" }.joined(separator: ", ") + " or \(names.last ?? "")(...))"

    /// An optimizer from an optimizer value or a name (`"adam"`: default settings).
    static func optimizer(from value: Value) throws -> OptimizerObject? {
        if let object = value.host(as: OptimizerObject.self) { return object }
        guard case .string(let name) = value else { return nil }
        guard let kind = Optimizer.Kind(rawValue: name) else {
            throw RuntimeError("unknown optimizer '\(name)'\(Suggestion.phrase(Suggestion.closest(to: name, among: names)))",
                               id: "unknown-name", hint: "the optimizers are " + names.joined(separator: ", "))
        }
        return OptimizerObject(Optimizer.standard(kind))
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
    /// As a script writes it (the engine's description): `step_lr(10, 0.5)`, `cosine(60)`.
    var description: String { schedule.description }

    func isEqual(to other: any HostObject) -> Bool { (other as? ScheduleObject)?.schedule == schedule }

    static let expected = "a schedule (step_lr(step_size, gamma), cosine(t_max), exponential(gamma), warmup(...), reduce_on_plateau(...) or none)"

    static func schedule(from value: Value) -> LearningRateSchedule? {
        if value.isNone { return .constant }
        return value.host(as: ScheduleObject.self)?.schedule
    }
}
