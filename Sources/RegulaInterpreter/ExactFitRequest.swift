import RegulaNN
import RegulaSyntax

/// The settings of one `fit` or `path` call on a linear model: the loss (the call's, the
/// `loss` statement's, or the data's natural one), the penalty (the call's or the
/// `penalty` statement's; the layer's own `penalty:` replaces it, as in training), and the
/// solver's tolerance and iteration limit, each validated at its argument.
struct ExactFitRequest {
    var loss: Loss
    /// The penalty the model-wide setting resolves to, before the layer's own replaces it.
    var penalty: Penalty
    var settings: LinearSolverSettings
    /// The model's outputs.
    var outputs: Int

    /// `tol:` and `max_iter:` of `fit` and `path`.
    static var solverParameters: [BuiltinParameter] { [.keyword("tol", .number(LinearSolverSettings().tolerance)), .optional("max_iter")] }

    init(_ call: BuiltinCall, _ object: ModelObject, data: Dataset, verb: String) throws {
        if let problem = object.model.linearProblem {
            throw call.error("model", "\(object.name): \(problem)", id: "not-linear",
                             hint: "\(verb) solves linear models exactly; train a network with train(\(object.name), data, epochs:, ...)\(verb == "path" ? ", or give path explicit lambdas: [...] with epochs:" : "")")
        }
        try ModelBuiltins.checkSize(object, inputs: data.featureCount, call, at: "data")
        try TrainingErrors.run(call, at: "data") { try object.model.checkInput(width: data.featureCount) }
        loss = try TrainingRequest.loss(call, data: data)
        switch loss {
        case .mse, .bce, .crossEntropy: break
        case .mae, .huber, .function:
            throw call.error(call.isGiven("loss") ? "loss" : nil, "the exact solver handles mse, bce and cross_entropy, not \(loss)",
                             id: "unsupported-loss", hint: "train(\(object.name), data, loss: \(loss), epochs: ...) minimises it by gradient steps")
        }
        let loss = self.loss, outputs = object.model.outputWidth ?? Self.units(object.model)
        self.outputs = outputs
        try TrainingErrors.run(call, at: "data") { try loss.check(outputWidth: outputs, data: data) }
        if loss == .crossEntropy, let classes = data.classes, outputs != classes {
            throw call.error("model", "cross_entropy: the model has \(outputs) outputs but the data has \(classes) classes; the exact solver needs one output per class",
                             id: "invalid-targets")
        }
        if let given = call.value("penalty") {
            guard let p = PenaltyObject.penalty(from: given, context: call.context) else { throw call.typeError("penalty", expected: PenaltyObject.expected, got: given) }
            penalty = p
        } else {
            penalty = call.context.defaults.penalty.flatMap { PenaltyObject.penalty(from: $0) } ?? .none
        }
        try TrainingErrors.check(penalty.invalidSetting, call, fallback: "penalty")
        if let function = (penalty.functions + object.model.layers.flatMap(Self.layerFunctions)).first {
            throw call.error(call.isGiven("penalty") ? "penalty" : nil, "the exact solver handles l1, l2 and elastic_net penalties, not the function \(function)",
                             id: "unsupported-penalty", hint: "train(\(object.name), data, penalty: ..., epochs: ...) minimises it by gradient steps")
        }
        settings = LinearSolverSettings(tolerance: try call.number("tol"))
        if let maxIterations = try call.ifGiven("max_iter", call.integer) { settings.maxIterations = maxIterations }
        try TrainingErrors.check(settings.invalidSetting, call)
    }

    /// The penalty functions a layer's own penalties hold.
    static func layerFunctions(_ layer: Layer) -> [ExternalFunction] {
        guard case .dense(let d) = layer else { return [] }
        return [d.penalty, d.biasPenalty, d.activityPenalty].flatMap { $0?.functions ?? [] }
    }

    /// The units of the model's (one) dense layer.
    static func units(_ model: Model) -> Int {
        if case .dense(let d)? = model.layers.first { return d.units }
        return 1
    }

    /// The penalty on the layer's weights (the layer's own replaces the model-wide one).
    func layerPenalty(_ object: ModelObject) -> Penalty { object.model.linearPenalty(default: penalty) }

    /// A solver for `data`.
    func solver(_ call: BuiltinCall, _ object: ModelObject, data: Dataset, at parameter: String = "data") throws -> LinearSolver {
        try TrainingErrors.run(call, at: parameter) {
            try LinearSolver(data: data, loss: loss, outputs: outputs, fitsIntercept: object.model.linearHasBias)
        }
    }
}
