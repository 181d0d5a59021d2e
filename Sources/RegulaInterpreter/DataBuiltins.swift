import Foundation
import RegulaNN
import RegulaTensor
import RegulaSuggestion

/// Data: `csv`, `synthetic_regression`, `synthetic_classification`, `split`,
/// `standardize`, `kfold`. Every random draw comes from the session seed and the
/// builtin's own call counter (`TrainingSession`).
enum DataBuiltins {
    static var builtins: [Builtin] {
        [
            Builtin("csv", [.required("path"), .required("target"), .optional("features"), .optional("task")],
                    summary: "csv(path, target:, features:?, task:?): a dataset from a CSV file with a header row", body: csv),
            Builtin("synthetic_regression",
                    [.keyword("n", .number(200)), .keyword("features", .number(20)), .keyword("informative", .number(5)),
                     .keyword("noise", .number(0.1))],
                    summary: "synthetic_regression(n:, features:, informative:, noise:): {data, coefficients, intercept}",
                    body: syntheticRegression),
            Builtin("synthetic_classification",
                    [.keyword("n", .number(200)), .keyword("features", .number(20)), .keyword("informative", .number(5)),
                     .keyword("classes", .number(2)), .keyword("separation", .number(2))],
                    summary: "synthetic_classification(n:, features:, informative:, classes:, separation:): a dataset",
                    body: syntheticClassification),
            Builtin("split", [.required("data"), .keyword("train", .number(0)), .keyword("val", .number(0)),
                              .keyword("test", .number(0)), .keyword("shuffle", .bool(true))],
                    summary: "split(d, train:, val:, test:, shuffle: true): a record {train, val, test} of the parts asked for",
                    body: split),
            Builtin("standardize", [.required("parts")],
                    summary: "standardize(parts): every part scaled by the train part's mean and std", body: standardize),
            Builtin("kfold", [.required("data"), .keyword("k", .number(5)), .keyword("shuffle", .bool(true))],
                    summary: "kfold(d, k): a list of k records {train, val}", body: kfold),
        ]
    }

    static func dataset(_ call: BuiltinCall, _ parameter: String) throws -> Dataset {
        try call.host(parameter, as: DatasetObject.self, expected: DatasetObject.expected).dataset
    }

    static func csv(_ call: BuiltinCall) throws -> Value {
        let path = try call.path("path")
        let target = try call.string("target")
        let features = try call.ifGiven("features") { parameter -> [String] in
            try call.list(parameter).map { item in
                guard case .string(let name) = item else {
                    throw call.error(parameter, "the feature names must be strings, got \(RuntimeMessages.describe(item))", id: "type-error")
                }
                return name
            }
        }
        var task = CSVLoader.TaskChoice.infer
        if let value = call.value("task"), !value.isNone {
            switch try call.string("task") {
            case "classification": task = .classification
            case "regression": task = .regression
            case let other:
                throw call.error("task", "task must be \"classification\" or \"regression\", got \(ValuePrinter.quoted(other))\(Suggestion.phrase(Suggestion.closest(to: other, among: ["classification", "regression"])))")
            }
        }
        let resolved = call.context.resolvePath(path)
        let bytes = try TrainingErrors.run(call, at: "path") {
            try FileReader.read(resolved, shownAs: path, limit: FileReader.maxDataFileBytes, kind: "a data file")
        }
        call.context.journal.recordFile(path: path, resolvedPath: resolved, kind: "data", contents: bytes)
        let data = try TrainingErrors.run(call) {
            try CSVLoader.parse(bytes: bytes, name: path, target: target, features: features, task: task)
        }
        return DatasetObject.value(data)
    }

    static func syntheticRegression(_ call: BuiltinCall) throws -> Value {
        let n = try call.integer("n"), features = try call.integer("features")
        let informative = try call.integer("informative"), noise = try call.number("noise")
        let session = TrainingSession.of(call.context)
        let generated = try TrainingErrors.run(call) {
            try SyntheticData.regression(n: n, features: features, informative: informative, noise: noise,
                                         seed: TrainingSession.seed(call.context), index: session.syntheticRegressions)
        }
        session.syntheticRegressions += 1
        return .record(Record([
            ("data", DatasetObject.value(generated.dataset)),
            ("coefficients", TensorObject.value(Tensor(generated.coefficients))),
            ("intercept", .number(Double(generated.intercept))),
        ]))
    }

    static func syntheticClassification(_ call: BuiltinCall) throws -> Value {
        let n = try call.integer("n"), features = try call.integer("features")
        let informative = try call.integer("informative"), classes = try call.integer("classes")
        let separation = try call.number("separation")
        let session = TrainingSession.of(call.context)
        let data = try TrainingErrors.run(call) {
            try SyntheticData.classification(
                n: n, features: features, informative: informative, classes: classes, separation: separation,
                seed: TrainingSession.seed(call.context),
                index: TrainingSession.Offset.classification + session.syntheticClassifications)
        }
        session.syntheticClassifications += 1
        return DatasetObject.value(data)
    }

    static func split(_ call: BuiltinCall) throws -> Value {
        let data = try dataset(call, "data")
        let train = try call.number("train"), val = try call.number("val"), test = try call.number("test")
        let shuffle = try call.bool("shuffle")
        let session = TrainingSession.of(call.context)
        let parts = try TrainingErrors.run(call) {
            try DataSplit.split(data, train: train, validation: val, test: test, shuffle: shuffle,
                                seed: TrainingSession.seed(call.context), index: session.splits)
        }
        if shuffle { session.splits += 1 }
        return .record(record(parts))
    }

    static func record(_ parts: DataSplit) -> Record {
        var fields: [(String, Value)] = []
        if let train = parts.train { fields.append(("train", DatasetObject.value(train))) }
        if let val = parts.validation { fields.append(("val", DatasetObject.value(val))) }
        if let test = parts.test { fields.append(("test", DatasetObject.value(test))) }
        return Record(fields)
    }

    /// A record of parts: fit on `train`, apply to every dataset field. A dataset alone is
    /// standardised by its own statistics.
    static func standardize(_ call: BuiltinCall) throws -> Value {
        let value = call.value("parts") ?? .none
        if let object = value.host(as: DatasetObject.self) {
            return DatasetObject.value(try TrainingErrors.run(call) {
                try Standardizer(fitting: object.dataset).apply(to: object.dataset)
            })
        }
        guard case .record(let parts) = value else {
            throw call.typeError("parts", expected: "a record of datasets {train, val, test} (what split returns) or a dataset", got: value)
        }
        guard let train = parts["train"]?.host(as: DatasetObject.self)?.dataset else {
            throw call.error("parts", "the record needs a 'train' dataset to fit the statistics on; its fields are \(parts.names.joined(separator: ", "))")
        }
        let standardizer = Standardizer(fitting: train)
        var result = Record()
        for (name, field) in parts.fields {
            guard let part = field.host(as: DatasetObject.self) else {
                result[name] = field
                continue
            }
            result[name] = DatasetObject.value(try TrainingErrors.run(call) { try standardizer.apply(to: part.dataset) })
        }
        return .record(result)
    }

    static func kfold(_ call: BuiltinCall) throws -> Value {
        let data = try dataset(call, "data")
        let k = try call.integer("k"), shuffle = try call.bool("shuffle")
        let session = TrainingSession.of(call.context)
        let folds = try TrainingErrors.run(call, at: "k") {
            try KFold.split(data, k: k, shuffle: shuffle, seed: TrainingSession.seed(call.context),
                            index: TrainingSession.Offset.kfold + session.kfolds)
        }
        if shuffle { session.kfolds += 1 }
        return .list(folds.map { .record(Record([("train", DatasetObject.value($0.train)), ("val", DatasetObject.value($0.validation))])) })
    }
}
