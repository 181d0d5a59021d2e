/// Each optimizer's hyper-parameters, declared once: names as `torch.optim` spells them, in
/// torch's order, with the ranges torch accepts. The defaults are those of the enum's cases
/// (`Optimizer.standard`). Binding a script's arguments, printing an optimizer, its
/// documentation and its validation all read this list.
extension Optimizer {
    /// The optimizers, in the order scripts list them.
    public enum Kind: String, CaseIterable, Sendable {
        case sgd, adam, adamw, rmsprop, adagrad

        /// The `torch.optim` class with the same semantics and defaults.
        public var torchName: String {
            switch self {
            case .sgd: return "SGD"
            case .adam: return "Adam"
            case .adamw: return "AdamW"
            case .rmsprop: return "RMSprop"
            case .adagrad: return "Adagrad"
            }
        }
    }

    public var kind: Kind {
        switch self {
        case .sgd: return .sgd
        case .adam: return .adam
        case .adamw: return .adamw
        case .rmsprop: return .rmsprop
        case .adagrad: return .adagrad
        }
    }

    /// The optimizer with torch's defaults.
    public static func standard(_ kind: Kind) -> Optimizer {
        switch kind {
        case .sgd: return .sgd()
        case .adam: return .adam()
        case .adamw: return .adamw()
        case .rmsprop: return .rmsprop()
        case .adagrad: return .adagrad()
        }
    }

    /// eps keeps the update's denominator √v + eps away from 0: with eps = 0 a parameter
    /// whose gradient is 0 divides 0 by 0, which surfaced as a "diverged" run blamed on
    /// the learning rate.
    private static let epsRange = HyperParameter.Range.finitePositive(because: "it keeps the step's denominator from being 0")

    /// The hyper-parameters with their values, in torch's order.
    public var hyperParameters: [HyperParameter] {
        switch self {
        case .sgd(let lr, let momentum, let dampening, let nesterov, let wd):
            return [.init("lr", lr, .finiteNonNegative), .init("momentum", momentum, .nonNegative), .init("dampening", dampening, .any),
                    .init("nesterov", nesterov), .init("weight_decay", wd, .finiteNonNegative)]
        case .adagrad(let lr, let lrDecay, let wd, let initial, let eps):
            return [.init("lr", lr, .finiteNonNegative), .init("lr_decay", lrDecay, .nonNegative), .init("weight_decay", wd, .finiteNonNegative),
                    .init("initial_accumulator_value", initial, .nonNegative), .init("eps", eps, Self.epsRange)]
        case .rmsprop(let lr, let alpha, let eps, let wd, let momentum, let centered):
            return [.init("lr", lr, .finiteNonNegative), .init("alpha", alpha, .unitInterval), .init("eps", eps, Self.epsRange),
                    .init("weight_decay", wd, .finiteNonNegative), .init("momentum", momentum, .nonNegative), .init("centered", centered)]
        case .adam(let lr, let b1, let b2, let eps, let wd, let amsgrad), .adamw(let lr, let b1, let b2, let eps, let wd, let amsgrad):
            return [.init("lr", lr, .finiteNonNegative), .init("beta1", b1, .unitIntervalOpenAbove), .init("beta2", b2, .unitIntervalOpenAbove),
                    .init("eps", eps, Self.epsRange), .init("weight_decay", wd, .finiteNonNegative), .init("amsgrad", amsgrad)]
        }
    }

    /// The optimizer of `kind` with the hyper-parameters given by name; the others keep
    /// torch's defaults, and a value of the wrong sort (a flag for a number) is ignored.
    public init(_ kind: Kind, _ given: [String: HyperParameter.Value]) {
        var values: [String: HyperParameter.Value] = [:]
        for parameter in Optimizer.standard(kind).hyperParameters {
            let value = given[parameter.name] ?? parameter.value
            values[parameter.name] = value.isSameSort(as: parameter.value) ? value : parameter.value
        }
        func number(_ name: String) -> Double {
            if case .number(let x)? = values[name] { return x }
            return 0
        }
        func flag(_ name: String) -> Bool { values[name] == .flag(true) }
        switch kind {
        case .sgd:
            self = .sgd(lr: number("lr"), momentum: number("momentum"), dampening: number("dampening"), nesterov: flag("nesterov"),
                        weightDecay: number("weight_decay"))
        case .adagrad:
            self = .adagrad(lr: number("lr"), lrDecay: number("lr_decay"), weightDecay: number("weight_decay"),
                            initialAccumulatorValue: number("initial_accumulator_value"), eps: number("eps"))
        case .rmsprop:
            self = .rmsprop(lr: number("lr"), alpha: number("alpha"), eps: number("eps"), weightDecay: number("weight_decay"),
                            momentum: number("momentum"), centered: flag("centered"))
        case .adam:
            self = .adam(lr: number("lr"), beta1: number("beta1"), beta2: number("beta2"), eps: number("eps"),
                         weightDecay: number("weight_decay"), amsgrad: flag("amsgrad"))
        case .adamw:
            self = .adamw(lr: number("lr"), beta1: number("beta1"), beta2: number("beta2"), eps: number("eps"),
                          weightDecay: number("weight_decay"), amsgrad: flag("amsgrad"))
        }
    }

    /// The first out-of-range hyper-parameter, if any, then torch's rule that Nesterov
    /// momentum needs a momentum and no dampening.
    public var invalidSetting: InvalidSetting? {
        if let bad = hyperParameters.first(where: { $0.problem != nil }), let reason = bad.problem {
            return InvalidSetting(bad.name, of: name, reason)
        }
        if case .sgd(_, let momentum, let dampening, true, _) = self, !(momentum > 0 && dampening == 0) {
            return InvalidSetting("nesterov", of: name, "nesterov needs a momentum > 0 and zero dampening")
        }
        return nil
    }
}
