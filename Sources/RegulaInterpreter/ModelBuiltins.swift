import RegulaNN
import RegulaSyntax
import RegulaSuggestion

/// Layers and models: `dense`, `dropout`, the `model` block factory, `reset`, `clone`.
enum ModelBuiltins {
    static var builtins: [Builtin] {
        [
            Builtin("dense", [.required("units"), .keyword("activation", .none), .keyword("bias", .bool(true)),
                              .keyword("init", .string("uniform")), .optional("penalty"), .optional("bias_penalty"),
                              .optional("activity_penalty")],
                    summary: "dense(units, activation:, bias: true, init:, penalty:, bias_penalty:, activity_penalty:): a fully connected layer",
                    body: dense),
            Builtin("dropout", [.required("p")], summary: "dropout(p): zeroes each input with probability p while training") { call in
                let layer = Layer.dropout(try call.number("p"))
                try TrainingErrors.check(layer.invalidSetting, call)
                return .host(LayerObject(layer))
            },
            Builtin("reset", [.required("model")], summary: "reset(m): the model's initial weights again (as at its definition)") { call in
                let object = try changedModel(call)
                object.model.reset()
                return .none
            },
            Builtin("clone", [.required("model")], summary: "clone(m): an independent copy of the model and its weights") { call in
                let object = try model(call)
                return .host(ModelObject(name: object.name, model: object.model.clone()))
            },
        ]
    }

    static func model(_ call: BuiltinCall, _ parameter: String = "model") throws -> ModelObject {
        try call.host(parameter, as: ModelObject.self, expected: ModelObject.expected)
    }

    /// The model argument of a builtin that changes its weights (`train`, `fit`, `load`,
    /// `reset`); inside a `pmap` item it must be a model the item made.
    static func changedModel(_ call: BuiltinCall, _ parameter: String = "model") throws -> ModelObject {
        let object = try model(call, parameter)
        if let refusal = object.changeRefusal {
            throw call.error(parameter, refusal, id: "model-in-training", hint: object.changeRefusalHint)
        }
        if let floor = call.context.isolation?.modelFloor, object.serial < floor {
            throw call.error(parameter, RuntimeMessages.isolatedModel(object.name), id: "pmap-side-effect",
                             hint: "train a copy made inside the function: let m = clone(\(object.name))")
        }
        return object
    }

    /// The most parameters a model may have (400 MB of float32): more is a typo, not a
    /// model this tool trains, and must be an error rather than an allocation failure.
    static let maxParameters = 100_000_000

    /// Why `layers` built for `inputs` features would be too large, if they would.
    static func sizeProblem(_ layers: [Layer], inputs: Int) -> String? {
        var width = inputs, total = 0
        for case .dense(let d) in layers {
            let (weights, overflow) = width.multipliedReportingOverflow(by: d.units)
            total += overflow ? maxParameters + 1 : weights + d.units
            if total > maxParameters {
                return "the model would have more than \(ModelTable.grouped(maxParameters)) parameters (\(ModelTable.grouped(inputs)) inputs, layers \(layers.map(\.description).joined(separator: ", ")))"
            }
            width = d.units
        }
        return nil
    }

    /// `rows` rows at once through the dense layers (a training batch, or an inference chunk
    /// of up to 256 rows) hold rows × (all units) activations: refuse what could not be
    /// allocated rather than trap.
    static func checkActivations(_ object: ModelObject, rows: Int, _ call: BuiltinCall, at parameter: String, batch: Bool) throws {
        let units = object.model.layers.reduce(0) { total, layer in
            if case .dense(let d) = layer { return total + d.units } else { return total }
        }
        let (count, overflow) = rows.multipliedReportingOverflow(by: units)
        guard overflow || count > TensorBuiltins.maxElements else { return }
        throw call.error(
            parameter,
            "\(batch ? "a batch" : "a chunk") of \(rows) rows through \(ModelTable.grouped(units)) units would hold more than \(ModelTable.grouped(TensorBuiltins.maxElements)) activations (the limit)",
            id: "too-large", hint: batch ? "use a smaller batch" : nil)
    }

    /// A model is about to be built for data of `inputs` features: refuse an impossible size.
    static func checkSize(_ object: ModelObject, inputs: Int, _ call: BuiltinCall, at parameter: String) throws {
        guard !object.model.isBuilt, let problem = sizeProblem(object.model.layers, inputs: inputs) else { return }
        throw call.error(parameter, problem, id: "too-large")
    }

    static func dense(_ call: BuiltinCall) throws -> Value {
        let units = try call.integer("units")
        guard units <= maxParameters else { throw call.error("units", "units must be at most \(ModelTable.grouped(maxParameters)), got \(units)") }
        let activationValue = call.value("activation") ?? .none
        // An activation written in the script (`activation: fn (x) { ... }`).
        let activationFunction = ScriptDifferentiable.function(activationValue, role: .activation, context: call.context)
        guard let activation = activationFunction != nil
            ? Activation.identity
            : try TrainingErrors.run(call, at: "activation", { try ActivationObject.activation(from: activationValue) }) else {
            throw call.typeError("activation", expected: ActivationObject.expected, got: activationValue)
        }
        let initName = try call.string("init")
        guard let initializer = Initializer(rawValue: initName) else {
            let names = Initializer.allCases.map(\.rawValue)
            throw call.error("init", "unknown initializer \(ValuePrinter.quoted(initName))\(Suggestion.phrase(Suggestion.closest(to: initName, among: names)))",
                             id: "unknown-name", hint: "the initializers are " + names.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        func penalty(_ parameter: String) throws -> Penalty? {
            guard let value = call.value(parameter) else { return nil }
            guard let penalty = PenaltyObject.penalty(from: value, context: call.context) else {
                throw call.typeError(parameter, expected: PenaltyObject.expected, got: value)
            }
            return penalty
        }
        let layer = Layer.dense(DenseLayer(
            units: units, activation: activation, bias: try call.bool("bias"), initializer: initializer,
            penalty: try penalty("penalty"), biasPenalty: try penalty("bias_penalty"), activityPenalty: try penalty("activity_penalty"),
            activationFunction: activationFunction))
        try TrainingErrors.check(layer.invalidSetting, call)
        return .host(LayerObject(layer))
    }

    /// `model NAME(inputs: N) { layer lines }`: the initial weights come from the session
    /// seed in force here, mixed with the model's name.
    static func factory(_ definition: ModelDefinition, _ context: Evaluator) throws -> Value {
        var inputs: Int?
        for argument in definition.arguments {
            guard argument.label == "inputs" else {
                let label = argument.label ?? "(positional)"
                throw RuntimeError(
                    "model \(definition.name) has no parameter '\(label)'\(Suggestion.phrase(argument.label.flatMap { Suggestion.closest(to: $0, among: ["inputs"]) }))",
                    id: "unknown-argument", span: argument.labelSpan ?? argument.span, source: definition.source,
                    hint: "the only argument of a model is inputs: N")
            }
            guard let n = argument.value.asInteger, n >= 1 else {
                throw RuntimeError("inputs must be an integer ≥ 1, got \(RuntimeMessages.describe(argument.value))",
                                   id: "invalid-argument", span: argument.span, source: definition.source)
            }
            inputs = n
        }
        var layers: [Layer] = []
        for (position, line) in definition.layers.enumerated() {
            if let object = line.value.host(as: LayerObject.self) {
                layers.append(object.layer)
            } else if let object = line.value.host(as: ActivationObject.self) {
                layers.append(.activation(object.activation))
            } else if let function = ScriptDifferentiable.function(line.value, role: .activation, context: context) {
                layers.append(.function(function))
            } else {
                throw RuntimeError(
                    "line \(position) of model \(definition.name) must be \(LayerObject.expected), got \(RuntimeMessages.describe(line.value))",
                    id: "type-error", span: line.span, source: definition.source, hint: RuntimeMessages.callItHint(line.value))
            }
        }
        if let inputs, let problem = sizeProblem(layers, inputs: inputs) {
            throw RuntimeError(problem, id: "too-large", span: definition.nameSpan, source: definition.source)
        }
        let seed = TrainingSession.modelSeed(TrainingSession.seed(context), name: definition.name)
        do {
            return .host(ModelObject(name: definition.name, model: try Model(layers: layers, inputs: inputs, seed: seed)))
        } catch {
            throw RuntimeError(String(describing: error), id: "invalid-argument", span: definition.nameSpan, source: definition.source)
        }
    }
}
