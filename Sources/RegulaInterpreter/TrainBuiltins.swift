import Foundation
import RegulaNN
import RegulaSyntax
import RegulaTensor

/// `train`, `evaluate`, `predict`, `cross_validate`: each one call into the engine, with
/// progress reports, cancellation and run-record entries around it.
enum TrainBuiltins {
    static var builtins: [Builtin] {
        [
            Builtin("train", [.required("model"), .required("data")] + TrainingRequest.parameters,
                    summary: "train(m, data, epochs:, batch:, validate:, shuffle:, loss:, penalty:, optimizer:, early_stop:, schedule:): a run",
                    body: train),
            Builtin("evaluate", [.required("model"), .required("data"), .optional("loss")],
                    summary: "evaluate(m, data, loss:?): {loss, accuracy, precision, recall, f1, auc, confusion} or {loss, mse, mae, r2}", body: evaluate),
            Builtin("predict", [.required("model"), .required("x")],
                    summary: "predict(m, x): the model's outputs for a dataset or a tensor of rows", body: predict),
            Builtin("cross_validate", [.required("model"), .required("data"), .keyword("folds", .number(5))] + TrainingRequest.parameters.filter { $0.name != "validate" },
                    summary: "cross_validate(m, data, folds: 5, ...): per-fold scores and their mean and std",
                    body: CrossValidation.run),
        ]
    }

    static func train(_ call: BuiltinCall) throws -> Value {
        let object = try ModelBuiltins.changedModel(call)
        let data = try DataBuiltins.dataset(call, "data")
        var validation: Dataset?
        if let given = call.value("validate"), !given.isNone {
            validation = try DataBuiltins.dataset(call, "validate")
        }
        try ModelBuiltins.checkSize(object, inputs: data.featureCount, call, at: "data")
        let request = try TrainingRequest(call, data: data)
        if let validation { _ = try TrainingRequest.loss(call, data: validation) }
        request.warn(call, model: object.model)
        let session = TrainingSession.of(call.context)
        var config = request.configuration
        config.run = session.trainRuns
        session.trainRuns += 1

        let result = try fit(call, object, data: data, validation: validation, config: config)
        call.context.journal.record("train", .record(journalDetails(call, object, config: config, optimizer: request.optimizer, result: result)))
        call.context.exhibits?.recordTraining(object, config: config, optimizer: OptimizerObject(config.optimizer, schedule: config.schedule).description, result: result)
        try finish(call, result, learningRate: config.optimizer.learningRate)
        return .host(RunObject(result))
    }

    /// Runs the engine's loop with progress reports; engine errors point at the data.
    static func fit(_ call: BuiltinCall, _ object: ModelObject, data: Dataset, validation: Dataset?,
                    config: TrainingConfiguration, reportsProgress: Bool = true) throws -> TrainingResult {
        let context = call.context
        // A host that bounds a script's steps (the fuzzer) bounds its training too.
        if let limit = context.options.maxSteps {
            let batches = (data.rows + config.batchSize - 1) / max(config.batchSize, 1)
            let (planned, overflow) = config.epochs.multipliedReportingOverflow(by: batches)
            if overflow || planned > limit {
                throw call.error("epochs", "this training would take \(overflow ? "too many" : String(planned)) optimizer steps, more than the host's limit of \(limit)", id: "step-limit")
            }
        }
        try ModelBuiltins.checkActivations(object, rows: min(config.batchSize, data.rows), call, at: "batch", batch: true)
        if let validation { try ModelBuiltins.checkActivations(object, rows: min(256, validation.rows), call, at: "validate", batch: false) }
        let started = Date()
        let progress = reportsProgress ? context.onTrainingProgress : nil
        var last: EpochRecord?
        let location = context.currentSource.location(of: call.span.start)
        let site = "\(call.name) at \(context.currentSource.name):\(location.line):\(location.column)"
        let result = try TrainingErrors.run(call, at: "data") {
            try object.training(at: site) { model in
                try model.train(on: data, validation: validation, configuration: config, cancellation: context.options.cancellation) { record in
                    last = record
                    progress?(TrainingProgress(
                        epoch: record.epoch, totalEpochs: config.epochs, dataLoss: record.dataLoss, penalty: record.penalty,
                        validationLoss: record.validationLoss, validationAccuracy: record.validationAccuracy,
                        elapsedSeconds: Date().timeIntervalSince(started), isFinal: false))
                }
            }
        }
        // No epoch ran (`epochs: 0`, or stopped in the first): there is no line to show, not
        // a line of NaNs.
        if let last {
            progress?(TrainingProgress(
                epoch: last.epoch, totalEpochs: config.epochs, dataLoss: last.dataLoss, penalty: last.penalty,
                validationLoss: last.validationLoss, validationAccuracy: last.validationAccuracy,
                elapsedSeconds: Date().timeIntervalSince(started), isFinal: true))
        }
        return result
    }

    /// A diverged run fails the script (the model keeps its last finite weights); an
    /// interrupted one stops a script, while in the REPL the statement completes with the
    /// run so far.
    static func finish(_ call: BuiltinCall, _ result: TrainingResult, learningRate: Double) throws {
        switch result.stopReason {
        case .diverged(let divergence):
            throw call.error(nil, divergence.message, id: "diverged", hint: divergenceHint(divergence, learningRate: learningRate))
        case .cancelled where !call.context.isInteractive:
            throw RuntimeError(RuntimeMessages.interrupted, id: RuntimeError.interruptedID, span: call.span, source: call.context.currentSource)
        default:
            return
        }
    }

    /// What to change after `divergence` of a run whose optimizer's rate is `learningRate`.
    /// A validation score that overflowed is the data's scale, not the learning rate; a
    /// step that blew up names the epoch's rate when a schedule had moved it there.
    static func divergenceHint(_ divergence: Divergence, learningRate: Double) -> String {
        switch divergence.cause {
        case .validationNotFinite:
            return "standardize the validation data with the training data's scaler (standardize(parts) does both)"
        case .lossNotFinite, .weightsNotFinite:
            let scheduled = divergence.learningRate == learningRate ? "" : "now \(ValuePrinter.format(divergence.learningRate)) by the schedule; "
            return "lower the learning rate (\(scheduled)e.g. lr: \(ValuePrinter.format(learningRate / 10))) or standardize the features"
        }
    }

    static func journalDetails(_ call: BuiltinCall, _ object: ModelObject, config: TrainingConfiguration, optimizer: OptimizerObject,
                               result: TrainingResult) -> Record {
        Record([
            ("model", .string(object.description)),
            ("loss", .string(config.loss.description)),
            ("penalty", .string(config.penalty.description)),
            ("optimizer", .string(OptimizerObject(config.optimizer, schedule: config.schedule).description)),
            ("epochs", .number(Double(config.epochs))),
            ("batch", .number(Double(config.batchSize))),
            ("shuffle", .bool(config.shuffle)),
            ("early_stop", config.earlyStoppingPatience.map { .number(Double($0)) } ?? .none),
            ("seed", .number(Double(config.seed))),
            ("run", .number(Double(config.run))),
            ("history", .list(result.history.map { .record(RunObject.record($0)) })),
            ("train_loss", .number(result.trainLoss)),
            ("val_loss", result.validationLoss.map { .number($0) } ?? .none),
            ("best_epoch", .number(Double(result.bestEpoch))),
            ("epochs_run", .number(Double(result.epochsRun))),
            ("stopped", .string(RunObject.stopped(result.stopReason))),
        ])
    }

    static func evaluate(_ call: BuiltinCall) throws -> Value {
        let object = try ModelBuiltins.model(call)
        let data = try DataBuiltins.dataset(call, "data")
        try ModelBuiltins.checkSize(object, inputs: data.featureCount, call, at: "data")
        let loss = try TrainingRequest.loss(call, data: data)
        try ModelBuiltins.checkActivations(object, rows: min(256, data.rows), call, at: "data", batch: false)
        let scores = try TrainingErrors.run(call, at: "data") { try object.model.evaluate(data, loss: loss) }
        let record = metrics(scores)
        var details = record
        details["model"] = .string(object.name)
        details["data"] = .string(DatasetObject(data).description)
        details["loss_function"] = .string(loss.description)
        call.context.journal.record("evaluate", .record(details))
        return .record(record)
    }

    /// `{loss, accuracy, precision, recall, f1, auc (two classes), confusion}` for
    /// classification, `{loss, mse, mae, r2}` for regression.
    static func metrics(_ scores: Evaluation) -> Record {
        var fields: [(String, Value)] = [("loss", .number(scores.loss))]
        if let accuracy = scores.accuracy { fields.append(("accuracy", .number(accuracy))) }
        if let mse = scores.mse { fields.append(("mse", .number(mse))) }
        if let mae = scores.mae { fields.append(("mae", .number(mae))) }
        if let r2 = scores.r2 { fields.append(("r2", .number(r2))) }
        if let c = scores.classification {
            fields += [("precision", .number(c.precision)), ("recall", .number(c.recall)), ("f1", .number(c.f1))]
            if let auc = c.auc { fields.append(("auc", .number(auc))) }
            fields.append(("confusion", .list(c.confusion.map { row in .list(row.map { .number(Double($0)) }) })))
        }
        return Record(fields)
    }

    static func predict(_ call: BuiltinCall) throws -> Value {
        let object = try ModelBuiltins.model(call)
        let value = call.value("x") ?? .none
        var x: Tensor<Float>
        if let data = value.host(as: DatasetObject.self) {
            x = data.dataset.features
        } else if let tensor = value.host(as: TensorObject.self) {
            x = tensor.tensor
            if x.rank == 1 { x = x.reshaped([1, x.count]) }
        } else {
            throw call.typeError("x", expected: "a dataset or a tensor of rows", got: value)
        }
        let features = x
        if features.rank == 2 {
            try ModelBuiltins.checkSize(object, inputs: features.shape[1], call, at: "x")
            // rows × outputs can be far more than either: refuse it rather than trap allocating it.
            try ModelBuiltins.checkActivations(object, rows: min(256, features.shape[0]), call, at: "x", batch: false)
            let width = object.model.layers.reversed().lazy.compactMap { layer -> Int? in
                if case .dense(let d) = layer { return d.units } else { return nil }
            }.first ?? features.shape[1]
            let (count, overflow) = features.shape[0].multipliedReportingOverflow(by: width)
            guard !overflow, count <= TensorBuiltins.maxElements else {
                throw call.error("x", "the predictions of \(features.shape[0]) rows × \(width) outputs would be more than \(TensorBuiltins.maxElements) values (the limit)", id: "too-large")
            }
        }
        return TensorObject.value(try TrainingErrors.run(call, at: "x") { try object.model.predict(features) })
    }
}
