import Foundation
import RegulaNN
import RegulaTensor

/// What `path` returns: the `RegularizationPath` (plain data: λ, nonzeros, train loss,
/// coefficients, the CV curve) and, to rebuild the fitted model at any λ, the model it
/// was fitted from (linear) or the weights at each λ (networks). Prints as a table.
final class PathObject: HostObject {
    let path: RegularizationPath
    /// The model's name and its layers as the path started.
    let modelName: String
    let template: Model
    /// Networks: the model after each λ.
    let models: [Model]?
    let loss: Loss

    init(path: RegularizationPath, modelName: String, template: Model, models: [Model]?, loss: Loss) {
        self.path = path
        self.modelName = modelName
        self.template = template
        self.models = models
        self.loss = loss
    }

    var typeName: String { "path" }

    var summary: String {
        var text = "path(\(modelName), \(path.lambdas.count) λ of \(path.penalty)"
        if let cv = path.crossValidation { text += ", \(cv.foldLosses.count)-fold CV, lambda_1se \(ValuePrinter.format(path.lambdas[cv.oneStandardErrorIndex]))" }
        return text + ")"
    }

    var description: String { PathTable(self).text }

    var fieldNames: [String] {
        ["lambdas", "nonzero", "train_loss", "cv_mean", "cv_se", "lambda_min", "lambda_1se", "coef", "intercept", "penalty", "folds", "iterations"]
    }

    func field(named name: String) throws -> Value? {
        let cv = path.crossValidation
        switch name {
        case "lambdas": return numbers(path.lambdas)
        case "nonzero": return numbers(path.nonzero.map(Double.init))
        case "train_loss": return numbers(path.trainLoss)
        case "iterations": return numbers(path.iterations.map(Double.init))
        case "cv_mean": return cv.map { numbers($0.mean) } ?? Value.none
        case "cv_se": return cv.map { numbers($0.standardError) } ?? Value.none
        case "lambda_min": return cv.map { .number(path.lambdas[$0.minIndex]) } ?? Value.none
        case "lambda_1se": return cv.map { .number(path.lambdas[$0.oneStandardErrorIndex]) } ?? Value.none
        case "folds": return .number(Double(cv?.foldLosses.count ?? 0))
        case "penalty": return PenaltyObject.value(path.penalty)
        case "coef":
            guard let coefficients = path.coefficients, let first = coefficients.first else { return Value.none }
            let shape = first.outputs == 1 ? [coefficients.count, first.features] : [coefficients.count, first.outputs, first.features]
            return TensorObject.value(Tensor(shape: shape, scalars: coefficients.flatMap { $0.weights.map { Float($0) + 0 } }))
        case "intercept":
            guard let coefficients = path.coefficients, let first = coefficients.first else { return Value.none }
            let shape = first.outputs == 1 ? [coefficients.count] : [coefficients.count, first.outputs]
            return TensorObject.value(Tensor(shape: shape, scalars: coefficients.flatMap { $0.intercepts.map { Float($0) + 0 } }))
        default: return nil
        }
    }

    private func numbers(_ values: [Double]) -> Value { .list(values.map { .number($0) }) }

    var length: Int? { path.lambdas.count }

    /// The index of `lambda` in the path (equal up to 1e-12 relative), or nil.
    func index(of lambda: Double) -> Int? {
        path.lambdas.firstIndex { abs($0 - lambda) <= 1e-12 * max(abs($0), abs(lambda)) }
    }

    /// The model fitted at the i-th λ: a copy of the model the path started from.
    func model(at i: Int) throws -> Model {
        if let models { return models[i] }
        var model = template
        guard let coefficients = path.coefficients?[i] else { return model }
        try model.setLinearCoefficients(coefficients)
        return model
    }

    static let expected = "a path (what path returns)"
}

/// The table a path prints as: one row per λ (a long path shows about 20 evenly spaced
/// rows, always with the first, the last, λ_min and λ_1se), CV columns when it has folds.
struct PathTable {
    let object: PathObject

    init(_ object: PathObject) { self.object = object }

    static let maxRows = 20

    var text: String {
        let path = object.path, count = path.lambdas.count
        let cv = path.crossValidation
        var header = "path of \(object.modelName): \(count) λ × \(path.penalty) (\(object.loss))"
        if let cv { header += ", \(cv.foldLosses.count)-fold cross-validation" }
        var shown = Set<Int>()
        if count <= Self.maxRows {
            shown = Set(0..<count)
        } else {
            for r in 0..<Self.maxRows { shown.insert(Int((Double(r) * Double(count - 1) / Double(Self.maxRows - 1)).rounded())) }
            if let cv { shown.formUnion([cv.minIndex, cv.oneStandardErrorIndex]) }
        }
        var rows: [[String]] = [["λ", "nonzero", "train loss"] + (cv == nil ? [] : ["CV loss", "± SE", ""])]
        for i in shown.sorted() {
            var row = [Self.number(path.lambdas[i]), "\(path.nonzero[i])", Self.number(path.trainLoss[i])]
            if let cv {
                row.append(Self.number(cv.mean[i]))
                row.append("± " + Self.number(cv.standardError[i]))
                var marks: [String] = []
                if i == cv.minIndex { marks.append("min") }
                if i == cv.oneStandardErrorIndex { marks.append("1-SE") }
                row.append(marks.isEmpty ? "" : "← " + marks.joined(separator: ", "))
            }
            rows.append(row)
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = [header]
        for row in rows {
            let cells = row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                // The SE and the marks read left to right; the numbers align on the right.
                return column >= 4 ? cell + pad : pad + cell
            }
            lines.append("  " + cells.joined(separator: "  ").trimmingTrailingSpaces())
        }
        if shown.count < count { lines.append("  (\(shown.count) of \(count) λ shown; the fields hold them all)") }
        if let cv {
            lines.append("  lambda_min \(ValuePrinter.format(path.lambdas[cv.minIndex])), lambda_1se \(ValuePrinter.format(path.lambdas[cv.oneStandardErrorIndex]))")
        }
        return lines.joined(separator: "\n")
    }

    /// Four significant digits, `1.235e-05` style for small or large magnitudes.
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return ValuePrinter.format(x) }
        if x == 0 { return "0" }
        let magnitude = abs(x)
        return magnitude >= 1e-3 && magnitude < 1e5 ? String(format: "%.4g", x) : String(format: "%.3e", x)
    }
}
