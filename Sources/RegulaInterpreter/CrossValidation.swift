import Foundation
import RegulaNN

/// `cross_validate(m, data, folds: 5, ...)`: k-fold cross-validation. Each fold trains a
/// copy of the model from its initial weights (the model itself is left as it was) with
/// the same settings as `train`, and scores the held-out fold.
enum CrossValidation {
    static func run(_ call: BuiltinCall) throws -> Value {
        let object = try ModelBuiltins.model(call)
        let data = try DataBuiltins.dataset(call, "data")
        let k = try call.integer("folds")
        try ModelBuiltins.checkSize(object, inputs: data.featureCount, call, at: "data")
        let request = try TrainingRequest(call, data: data)
        request.warn(call, model: object.model)
        let session = TrainingSession.of(call.context)
        let index = session.crossValidations
        session.crossValidations += 1
        let seed = TrainingSession.seed(call.context)
        let folds = try TrainingErrors.run(call, at: "folds") {
            try KFold.split(data, k: k, shuffle: request.configuration.shuffle, seed: seed,
                            index: TrainingSession.Offset.crossValidation + index)
        }
        // Folds are independent units: with MPI each process trains its share.
        var units = ScriptUnits(call: call)
        units.stopsAfter = { $0.field("cancelled")?.asBool == true }
        let outcomes = try units.map(folds.count) { fold in
            let parts = folds[fold]
            var model = object.model
            model.reset()
            let copy = ModelObject(name: object.name, model: model)
            var config = request.configuration
            // Runs of cross_validate use their own index range of the shuffling stream.
            config.run = TrainingSession.Offset.crossValidation + index << 16 + UInt64(fold)
            let result = try TrainBuiltins.fit(call, copy, data: parts.train, validation: parts.validation, config: config)
            try TrainBuiltins.finish(call, result, learningRate: config.optimizer.learningRate)
            let scores = try TrainingErrors.run(call, at: "data") { try copy.model.evaluate(parts.validation, loss: config.loss) }
            var row = Record([("fold", .number(Double(fold))), ("train_loss", .number(result.trainLoss)), ("val_loss", .number(scores.loss))])
            if let accuracy = scores.accuracy { row["val_accuracy"] = .number(accuracy) }
            if let r2 = scores.r2 { row["val_r2"] = .number(r2) }
            row["epochs_run"] = .number(Double(result.epochsRun))
            let details = TrainBuiltins.journalDetails(call, copy, config: config, optimizer: request.optimizer, result: result)
            // Interrupted in the REPL: the folds so far are the result.
            return .record(Record([("row", .record(row)), ("run", .record(details)), ("cancelled", .bool(result.stopReason == .cancelled))]))
        }
        let rows: [Record] = outcomes.compactMap { if case .record(let row)? = $0.field("row") { row } else { nil } }
        let journalFolds: [Value] = outcomes.compactMap { $0.field("run") }
        let metrics = rows.first.map { $0.names.filter { $0 != "fold" && $0 != "epochs_run" } } ?? []
        var mean = Record(), std = Record()
        for metric in metrics {
            let values = rows.compactMap { $0[metric]?.asNumber }
            let m = values.reduce(0, +) / Double(values.count)
            mean[metric] = .number(m)
            // Population standard deviation (ddof = 0), as numpy's `scores.std()`.
            std[metric] = .number((values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(values.count)).squareRoot())
        }
        let result = Record([("folds", .list(rows.map { .record($0) })), ("mean", .record(mean)), ("std", .record(std))])
        var details = result
        details["runs"] = .list(journalFolds)
        call.context.journal.record("cross_validate", .record(details))
        return .record(result)
    }
}
