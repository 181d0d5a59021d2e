import Foundation
import RegulaNN
import RegulaSyntax
import RegulaTensor

/// `path` (a regularization path, with k-fold cross-validation when asked) and
/// `model_at` (the model fitted at one λ of a path). Linear models go through the exact
/// solver (`LinearPath`), networks through `train`.
enum PathBuiltins {
    static var builtins: [Builtin] {
        [
            Builtin("path", [.required("model"), .required("data"), .keyword("lambdas", .number(100)), .optional("min_ratio"),
                             .keyword("folds", .number(0))]
                        + TrainingRequest.parameters.filter { $0.name != "validate" && $0.name != "early_stop" }
                        + ExactFitRequest.solverParameters,
                    summary: "path(m, data, penalty: P, lambdas: 100, min_ratio:?, folds: 0, shuffle: true, ...): the model at λ·P for each λ, warm-started; with folds: CV mean ± SE, lambda_min, lambda_1se",
                    body: { call in
                        let result = try path(call)
                        // A report draws the path's coefficients and CV curve.
                        try call.context.recordFigures(call, try PlotAdapter.figures(for: result, title: nil) ?? [], object: result.host(as: PathObject.self))
                        return result
                    }),
            Builtin("model_at", [.required("path"), .required("lambda")],
                    summary: "model_at(p, λ): a copy of the model fitted at λ (one of p.lambdas, e.g. p.lambda_1se)",
                    body: modelAt),
        ]
    }

    /// The most λ values a path takes.
    static let maxLambdas = 10_000

    static func path(_ call: BuiltinCall) throws -> Value {
        let object = try ModelBuiltins.model(call)
        let data = try DataBuiltins.dataset(call, "data")
        let linear = object.model.linearProblem == nil
        let sequence = try lambdaSequence(call)
        let k = try call.integer("folds")
        if k != 0 {
            guard k >= 2 else { throw call.error("folds", "folds must be 0 (no cross-validation) or at least 2, got \(k)") }
            guard k <= data.rows else {
                throw call.error("folds", "\(k) folds is more than the \(data.rows) rows of the data", hint: "use at most \(data.rows) folds (10 is usual)")
            }
        }
        if !linear, case .grid = sequence {
            throw call.error(call.isGiven("lambdas") ? "lambdas" : nil, "\(object.name) is not a linear model, so path needs the λ values: there is no λ_max for a network",
                             id: "lambdas-needed", hint: "give them, e.g. lambdas: logspace(-1, -5, 9), with epochs:, batch: and optimizer: for train")
        }
        let session = TrainingSession.of(call.context)
        let index = session.paths
        session.paths += 1
        let seed = TrainingSession.seed(call.context)
        let folds = k == 0 ? [] : try TrainingErrors.run(call, at: "folds") {
            try KFold(rows: data.rows, k: k, shuffle: try call.bool("shuffle"), seed: seed, index: TrainingSession.Offset.path + index).folds
        }
        let result = linear
            ? try linearPath(call, object, data: data, sequence: sequence, folds: folds)
            : try networkPath(call, object, data: data, sequence: sequence, folds: folds, index: index)
        call.context.journal.record("path", .record(journal(result)))
        return .host(result)
    }

    /// `lambdas:` as a count (the glmnet grid) or a decreasing list of values ≥ 0.
    static func lambdaSequence(_ call: BuiltinCall) throws -> LambdaSequence {
        let value = call.value("lambdas") ?? .number(100)
        var minRatio: Double?
        if call.value("min_ratio") != nil {
            let ratio = try call.number("min_ratio")
            guard ratio > 0, ratio < 1 else { throw call.error("min_ratio", "min_ratio must be between 0 and 1 (exclusive), got \(ValuePrinter.format(ratio))") }
            minRatio = ratio
        }
        switch value {
        case .number:
            let count = try call.integer("lambdas")
            guard count >= 1, count <= maxLambdas else { throw call.error("lambdas", "the number of λ values must be between 1 and \(maxLambdas), got \(count)") }
            return .grid(count: count, minRatio: minRatio)
        case .list(let items):
            if minRatio != nil { throw call.error("min_ratio", "min_ratio sets the grid of a λ count; the λ values were given as a list") }
            guard !items.isEmpty, items.count <= maxLambdas else {
                throw call.error("lambdas", "the λ list must have between 1 and \(maxLambdas) values, got \(items.count)")
            }
            var values: [Double] = []
            for (i, item) in items.enumerated() {
                guard let x = item.asNumber else { throw call.error("lambdas", "λ values must be numbers; item \(i) is \(RuntimeMessages.describe(item))", id: "type-error") }
                guard x >= 0, x.isFinite else { throw call.error("lambdas", "λ values must be finite and ≥ 0; item \(i) is \(ValuePrinter.format(x))") }
                if let last = values.last, !(x < last) {
                    throw call.error("lambdas", "λ values must decrease (a path goes from strong to weak penalties, each fit warm-starting the next); item \(i) (\(ValuePrinter.format(x))) follows \(ValuePrinter.format(last))",
                                     hint: "sort them from largest to smallest, e.g. logspace(0, -4, 20)")
                }
                values.append(x)
            }
            return .values(values)
        default:
            throw call.typeError("lambdas", expected: "a count or a list of λ values", got: value)
        }
    }

    // MARK: Linear models

    static func linearPath(_ call: BuiltinCall, _ object: ModelObject, data: Dataset, sequence: LambdaSequence, folds: [KFold.Fold]) throws -> PathObject {
        let request = try ExactFitRequest(call, object, data: data, verb: "path")
        let penalty = request.layerPenalty(object)
        let fitsIntercept = object.model.linearHasBias
        if case .grid = sequence, LinearPenalty(penalty).l1 == 0 {
            throw call.error(call.isGiven("penalty") ? "penalty" : nil,
                             "the penalty \(penalty) has no L1 part, so no λ makes every weight zero: path needs the λ values",
                             id: "lambdas-needed", hint: "give them, e.g. lambdas: logspace(0, -4, 20), or use a penalty with an L1 part (l1, elastic_net)")
        }
        let lambdas = try TrainingErrors.run(call, at: "data") {
            try LinearPath.lambdas(sequence, data: data, loss: request.loss, outputs: request.outputs, fitsIntercept: fitsIntercept, penalty: penalty)
        }
        let threads = min(max(1, call.context.options.threads), InterpreterOptions.maxThreads)
        let path: RegularizationPath
        do {
            path = try LinearPath.run(data: data, loss: request.loss, outputs: request.outputs, fitsIntercept: fitsIntercept, penalty: penalty,
                                      lambdas: lambdas, folds: folds, settings: request.settings,
                                      work: IndependentWork(threads: threads, group: call.context.activeGroup))
        } catch let failure as LinearPath.Failure {
            let fold = failure.fold.map { " (fold \($0 + 1) of \(folds.count))" } ?? ""
            throw call.error(nil, "the path diverged at λ = \(ValuePrinter.format(failure.lambda))\(fold): a coefficient became NaN or infinite", id: "diverged",
                             hint: "the classes may be separable: stop the path at a larger λ (min_ratio:), or add an l2 part to the penalty")
        } catch {
            throw TrainingErrors.convert(error, call: call, parameter: "data")
        }
        return PathObject(path: path, modelName: object.name, template: object.model, models: nil, loss: request.loss)
    }

    // MARK: Networks

    /// Each λ trains the model with `train`'s settings (a fresh optimizer state per λ, the
    /// weights carried over from the previous λ); each fold runs the same chain from the
    /// model's starting weights and scores its validation rows. Folds run one after another
    /// (their training already uses the threads).
    static func networkPath(_ call: BuiltinCall, _ object: ModelObject, data: Dataset, sequence: LambdaSequence, folds: [KFold.Fold], index: UInt64) throws -> PathObject {
        guard case .values(let lambdas) = sequence else { throw call.error("lambdas", "path needs the λ values for a network") }
        try ModelBuiltins.checkSize(object, inputs: data.featureCount, call, at: "data")
        let request = try TrainingRequest(call, data: data)
        request.warn(call, model: object.model)
        let base = request.configuration.penalty
        // λ·P cannot scale a function's own strength (as `k * p` cannot): every λ would
        // train with the same function penalty.
        if !base.functions.isEmpty {
            throw call.error(call.isGiven("penalty") ? "penalty" : nil,
                             "λ·P cannot scale the function in the penalty (\(base.functions.map(\.description).joined(separator: ", "))): every λ of the path would train with the same function term",
                             hint: "loop over λ with train and write it inside the function: fn (w) { return lam * ... }")
        }
        // Unit 0 is the chain on all the rows, unit f the chain of fold f: independent
        // units, divided among the processes under MPI. Unit 0 returns its weights.
        let units = try ScriptUnits(call: call).map(folds.count + 1) { unit in
            let copy = ModelObject(name: object.name, model: object.model)
            let train = unit == 0 ? data : data.subset(rows: folds[unit - 1].train)
            var weights: [Value] = [], trainLoss: [Value] = [], nonzero: [Value] = [], epochs: [Value] = [], losses: [Value] = []
            for (i, lambda) in lambdas.enumerated() {
                var config = request.configuration
                config.penalty = lambda * base
                config.run = TrainingSession.Offset.path + index << 24 + UInt64(unit) << 14 + UInt64(i)
                let result = try TrainBuiltins.fit(call, copy, data: train, validation: nil, config: config)
                if case .diverged(let divergence) = result.stopReason {
                    let fold = unit == 0 ? "" : " (fold \(unit) of \(folds.count))"
                    let what = switch divergence.cause {
                    case .lossNotFinite: "loss"
                    case .weightsNotFinite: "weights"
                    case .validationNotFinite: "validation score"
                    }
                    throw call.error(nil, "the path diverged at λ = \(ValuePrinter.format(lambda))\(fold): training's \(what) became NaN or infinite at epoch \(divergence.epoch), step \(divergence.step); the model is unchanged", id: "diverged",
                                     hint: TrainBuiltins.divergenceHint(divergence, learningRate: config.optimizer.learningRate))
                }
                if result.stopReason == .cancelled {
                    // Ctrl-C stops the whole path, in the REPL too: the model is unchanged.
                    throw RuntimeError(RuntimeMessages.interrupted, id: RuntimeError.interruptedID, span: call.span, source: call.context.currentSource)
                }
                if unit == 0 {
                    weights.append(.list(ValueList(copy.model.stateDict.map { .record(Record([("name", .string($0.name)), ("tensor", TensorObject.value($0.tensor))])) })))
                    trainLoss.append(.number(result.trainLoss))
                    nonzero.append(.number(Double(copy.model.layers.reduce(0) { total, layer in
                        guard case .dense(let d) = layer, let w = d.weight else { return total }
                        return total + w.scalars.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
                    })))
                    epochs.append(.number(Double(result.epochsRun)))
                } else {
                    let validation = data.subset(rows: folds[unit - 1].validation)
                    losses.append(.number(try TrainingErrors.run(call, at: "data") { try copy.model.evaluate(validation, loss: config.loss) }.loss))
                }
            }
            return .record(Record([("weights", .list(ValueList(weights))), ("train_loss", .list(ValueList(trainLoss))), ("nonzero", .list(ValueList(nonzero))),
                                   ("epochs", .list(ValueList(epochs))), ("losses", .list(ValueList(losses)))]))
        }
        func numbers(_ unit: Value, _ name: String) -> [Double] {
            guard case .list(let items)? = unit.field(name) else { return [] }
            return items.compactMap(\.asNumber)
        }
        var models: [Model] = []
        if case .list(let perLambda)? = units[0].field("weights") {
            for entries in perLambda {
                guard case .list(let items) = entries else { continue }
                let state: [(name: String, tensor: Tensor<Float>)] = items.compactMap { item in
                    guard case .string(let name)? = item.field("name"), let tensor = item.field("tensor")?.host(as: TensorObject.self) else { return nil }
                    return (name, tensor.tensor)
                }
                var model = object.model
                try TrainingErrors.run(call, at: "model") { try model.loadStateDict(state) }
                models.append(model)
            }
        }
        let trainLoss = numbers(units[0], "train_loss")
        let nonzero = numbers(units[0], "nonzero").map { Int($0) }
        let epochs = numbers(units[0], "epochs").map { Int($0) }
        let foldLosses = units.dropFirst().map { numbers($0, "losses") }
        let path = RegularizationPath(
            penalty: base, lambdas: lambdas, nonzero: nonzero, trainLoss: trainLoss, coefficients: nil, iterations: epochs,
            featureNames: data.featureNames, crossValidation: folds.isEmpty ? nil : CrossValidationCurve(foldLosses: foldLosses))
        return PathObject(path: path, modelName: object.name, template: object.model, models: models, loss: request.configuration.loss)
    }

    // MARK: model_at

    static func modelAt(_ call: BuiltinCall) throws -> Value {
        let object = try call.host("path", as: PathObject.self, expected: PathObject.expected)
        let lambda = try call.number("lambda")
        guard let i = object.index(of: lambda) else {
            let nearest = object.path.lambdas.min { abs($0 - lambda) < abs($1 - lambda) } ?? lambda
            throw call.error("lambda", "λ = \(ValuePrinter.format(lambda)) is not one of the path's \(object.path.lambdas.count) λ values",
                             hint: "the nearest is \(ValuePrinter.format(nearest)); use a value of p.lambdas, p.lambda_min or p.lambda_1se")
        }
        let model = try TrainingErrors.run(call, at: "path") { try object.model(at: i) }
        return .host(ModelObject(name: object.modelName, model: model))
    }

    static func journal(_ object: PathObject) -> Record {
        let path = object.path
        var record = Record([
            ("model", .string(object.modelName)),
            ("penalty", .string(path.penalty.description)),
            ("loss", .string(object.loss.description)),
            ("lambdas", .list(path.lambdas.map { .number($0) })),
            ("nonzero", .list(path.nonzero.map { .number(Double($0)) })),
            ("train_loss", .list(path.trainLoss.map { .number($0) })),
        ])
        if let cv = path.crossValidation {
            record["cv_mean"] = .list(cv.mean.map { .number($0) })
            record["cv_se"] = .list(cv.standardError.map { .number($0) })
            record["lambda_min"] = .number(path.lambdas[cv.minIndex])
            record["lambda_1se"] = .number(path.lambdas[cv.oneStandardErrorIndex])
        }
        return record
    }
}
