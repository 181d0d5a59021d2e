import RegulaNN

/// A builtin's parameters and their binding, read from an engine's hyper-parameter list
/// (`Optimizer.hyperParameters`, `LearningRateSchedule.Kind.hyperParameters`), so the
/// names, defaults and sorts of the values are declared once, in the engine.
enum HyperParameterBinding {
    /// The builtin parameters: required ones by position, the others with their defaults.
    static func parameters(_ list: [HyperParameter]) -> [BuiltinParameter] {
        list.map { $0.isRequired ? .required($0.name) : .keyword($0.name, value($0.value)) }
    }

    /// The call's arguments (or the defaults) by name, each read as the sort the list gives.
    static func values(_ call: BuiltinCall, _ list: [HyperParameter]) throws -> [String: HyperParameter.Value] {
        var values: [String: HyperParameter.Value] = [:]
        for parameter in list {
            switch parameter.value {
            case .number: values[parameter.name] = .number(try call.number(parameter.name))
            case .count: values[parameter.name] = .count(try call.integer(parameter.name))
            case .flag: values[parameter.name] = .flag(try call.bool(parameter.name))
            case .choice: values[parameter.name] = .choice(try call.string(parameter.name))
            }
        }
        return values
    }

    /// A hyper-parameter's value as a script value.
    static func value(_ value: HyperParameter.Value) -> Value {
        switch value {
        case .number(let x): return .number(x)
        case .count(let n): return .number(Double(n))
        case .flag(let b): return .bool(b)
        case .choice(let word): return .string(word)
        }
    }

    /// A summary that starts with the signature the parameters give, so the docs state
    /// the defaults once: `sgd(lr: 0.001, ...): what`.
    static func summary(of builtin: Builtin, _ what: String) -> String {
        BuiltinDocumentation(builtin).signature + ": " + what
    }
}
