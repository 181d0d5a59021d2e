import RegulaNN
import RegulaTensor

/// A dataset: features `x` (`[rows, features]`), targets `y`, column names and the task.
/// Prints as `dataset(1797 rows × 64 features, 10 classes, target 'digit')`.
final class DatasetObject: HostObject {
    let dataset: Dataset

    init(_ dataset: Dataset) { self.dataset = dataset }

    static func value(_ dataset: Dataset) -> Value { .host(DatasetObject(dataset)) }

    var typeName: String { "dataset" }

    var description: String {
        let d = dataset
        let task = d.classes.map { "\($0) class\($0 == 1 ? "" : "es")" } ?? "regression"
        return "dataset(\(d.rows) row\(d.rows == 1 ? "" : "s") × \(d.featureCount) feature\(d.featureCount == 1 ? "" : "s"), \(task), target '\(d.targetName)')"
    }

    var fieldNames: [String] { ["rows", "features", "classes", "feature_names", "target", "x", "y"] }

    func field(named name: String) throws -> Value? {
        let d = dataset
        switch name {
        case "rows": return .number(Double(d.rows))
        case "features": return .number(Double(d.featureCount))
        case "classes": return d.classes.map { Value.number(Double($0)) } ?? Value.none
        case "feature_names": return .list(d.featureNames.map { .string($0) })
        case "target": return .string(d.targetName)
        case "x": return TensorObject.value(d.features)
        case "y": return TensorObject.value(Tensor(d.targets))
        default: return nil
        }
    }

    var length: Int? { dataset.rows }

    static let expected = "a dataset"
}
