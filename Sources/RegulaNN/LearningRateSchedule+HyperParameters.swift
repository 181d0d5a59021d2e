/// Each schedule's settings, declared once: names as `torch.optim.lr_scheduler` spells
/// them, in its order, with defaults and the ranges it accepts. Binding a script's
/// arguments, printing a schedule, its documentation and its validation all read this list.
extension LearningRateSchedule {
    /// The schedules a script builds, by the builtin's name.
    public enum Kind: String, CaseIterable, Sendable {
        case stepLR = "step_lr", cosine, exponential, warmup, reduceOnPlateau = "reduce_on_plateau"

        /// The `torch.optim.lr_scheduler` class with the same rule.
        public var torchName: String {
            switch self {
            case .stepLR: return "StepLR"
            case .cosine: return "CosineAnnealingLR"
            case .exponential: return "ExponentialLR"
            case .warmup: return "LinearLR"
            case .reduceOnPlateau: return "ReduceLROnPlateau"
            }
        }

        /// The settings with their defaults; a required one's value only tells its sort.
        public var hyperParameters: [HyperParameter] {
            switch self {
            case .stepLR:
                return [.init("step_size", .count(1), .atLeastOne, required: true), .init("gamma", 0.1, .finiteNonNegative)]
            case .cosine:
                return [.init("t_max", .count(1), .atLeastOne, required: true), .init("eta_min", 0, .finiteNonNegative)]
            case .exponential:
                return [.init("gamma", .number(1), .finiteNonNegative, required: true)]
            case .warmup:
                return [.init("start_factor", 1.0 / 3, .unitIntervalOpenBelow), .init("end_factor", 1, .unitInterval),
                        .init("total_iters", .count(5), .atLeastOne)]
            case .reduceOnPlateau:
                let d = PlateauRule()
                return [.init("factor", d.factor, .unitIntervalOpenAbove), .init("patience", .count(d.patience), .nonNegative),
                        .init("threshold", d.threshold, .finiteNonNegative), .init("threshold_mode", .choice("rel"), .oneOf(["rel", "abs"])),
                        .init("mode", .choice("min"), .oneOf(["min", "max"])), .init("cooldown", .count(d.cooldown), .nonNegative),
                        .init("min_lr", d.minLR, .finiteNonNegative)]
            }
        }
    }

    /// nil for `constant`.
    public var kind: Kind? {
        switch self {
        case .constant: return nil
        case .step: return .stepLR
        case .cosine: return .cosine
        case .exponential: return .exponential
        case .linear: return .warmup
        case .plateau: return .reduceOnPlateau
        }
    }

    /// The settings with their values, in the order of `Kind.hyperParameters`.
    public var hyperParameters: [HyperParameter] {
        guard let kind else { return [] }
        let values: [HyperParameter.Value]
        switch self {
        case .constant: values = []
        case .step(let size, let gamma): values = [.count(size), .number(gamma)]
        case .cosine(let tMax, let etaMin): values = [.count(tMax), .number(etaMin)]
        case .exponential(let gamma): values = [.number(gamma)]
        case .linear(let start, let end, let total): values = [.number(start), .number(end), .count(total)]
        case .plateau(let r):
            values = [.number(r.factor), .count(r.patience), .number(r.threshold), .choice(r.relativeThreshold ? "rel" : "abs"),
                      .choice(r.minimize ? "min" : "max"), .count(r.cooldown), .number(r.minLR)]
        }
        return zip(kind.hyperParameters, values).map { parameter, value in
            var parameter = parameter
            parameter.value = value
            return parameter
        }
    }

    /// The schedule of `kind` with the settings given by name, each checked against its
    /// range first (a word outside its choices cannot be seen once it is a flag); the
    /// others keep their defaults. A required one missing, or a value of the wrong sort,
    /// takes the placeholder of `Kind.hyperParameters`, so a host must give the required ones.
    public init(_ kind: Kind, _ given: [String: HyperParameter.Value]) throws(InvalidSetting) {
        var values: [String: HyperParameter.Value] = [:]
        for var parameter in kind.hyperParameters {
            if let value = given[parameter.name], value.isSameSort(as: parameter.value) { parameter.value = value }
            if let reason = parameter.problem { throw InvalidSetting(parameter.name, of: kind.rawValue, reason) }
            values[parameter.name] = parameter.value
        }
        func number(_ name: String) -> Double { values[name]?.number ?? 0 }
        func count(_ name: String) -> Int {
            if case .count(let n)? = values[name] { return n }
            return 0
        }
        func choice(_ name: String) -> String {
            if case .choice(let word)? = values[name] { return word }
            return ""
        }
        switch kind {
        case .stepLR: self = .step(stepSize: count("step_size"), gamma: number("gamma"))
        case .cosine: self = .cosine(tMax: count("t_max"), etaMin: number("eta_min"))
        case .exponential: self = .exponential(gamma: number("gamma"))
        case .warmup: self = .linear(startFactor: number("start_factor"), endFactor: number("end_factor"), totalIters: count("total_iters"))
        case .reduceOnPlateau:
            self = .plateau(PlateauRule(
                factor: number("factor"), patience: count("patience"), threshold: number("threshold"),
                relativeThreshold: choice("threshold_mode") != "abs", minimize: choice("mode") != "max",
                cooldown: count("cooldown"), minLR: number("min_lr")))
        }
    }

    /// The first out-of-range setting, if any (PyTorch's own checks), owned by the
    /// builtin's name.
    public var invalidSetting: InvalidSetting? {
        guard let kind, let bad = hyperParameters.first(where: { $0.problem != nil }), let reason = bad.problem else { return nil }
        return InvalidSetting(bad.name, of: kind.rawValue, reason)
    }

    /// As a script writes it, with the settings that differ from the defaults:
    /// `step_lr(10, 0.5)`, `cosine(60)`, `warmup(total_iters: 3)`; `none` for `constant`.
    /// The required settings go by position, and so does the setting right after them.
    public var description: String {
        guard let kind else { return "none" }
        var parts: [String] = []
        var positional = true
        var previousRequired = false
        for (parameter, standard) in zip(hyperParameters, kind.hyperParameters) {
            defer { previousRequired = parameter.isRequired }
            guard parameter.isRequired || parameter.value != standard.value else {
                positional = false
                continue
            }
            positional = positional && (parameter.isRequired || previousRequired)
            parts.append(positional ? "\(parameter.value)" : "\(parameter.name): \(parameter.value)")
        }
        return "\(kind.rawValue)(" + parts.joined(separator: ", ") + ")"
    }
}
