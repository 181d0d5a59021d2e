import RegulaNN
import RegulaPlot

/// Turns Regula values into `RegulaPlot` figures: the one place that knows both. A run
/// draws its loss curves, a list of numbers or a tensor its values against their index,
/// a histogram its bars, and a regularization path (any record or object with fields
/// `lambdas` and `coefficients`) its coefficient lines and CV curve.
enum PlotAdapter {
    static let expected = "a run, a list of runs, a list of numbers, a tensor, a histogram or a path (fields lambdas, coefficients)"

    /// The figures for `value`, or nil if it is nothing `plot` draws. Throws
    /// `PlotAdapter.Problem` for a path whose fields do not fit together.
    static func figures(for value: Value, title: String?) throws -> [Figure]? {
        switch value {
        case .host(let object as RunObject):
            return [Figures.run(curves(object.result, lossName: ""), title: title ?? RunObject.title(object.result))]
        case .host(let object as HistogramObject):
            let heading = title ?? "histogram of \(object.counts.reduce(0, +)) values"
            return [Figures.histogram(HistogramData(counts: object.counts, edges: object.edges), title: heading)]
        case .host(let object as PathObject):
            return Figures.path(figure(of: object.path), title: title ?? "path of \(object.modelName)")
        case .host(let object as TensorObject):
            return [Figures.numbers(object.tensor.scalars.map(Double.init), title: title ?? "tensor \(object.tensor.shape)")]
        case .list(let items):
            let elements = items.elements
            if !elements.isEmpty, elements.allSatisfy({ $0.host(as: RunObject.self) != nil }) {
                return elements.enumerated().compactMap { index, element in
                    element.host(as: RunObject.self).map { Figures.run(curves($0.result, lossName: ""), title: (title ?? "run") + " [\(index)]") }
                }
            }
            let numbers = elements.compactMap(\.asNumber)
            guard numbers.count == elements.count else { return nil }
            return [Figures.numbers(numbers, title: title ?? "")]
        default:
            guard let path = try path(value) else { return nil }
            return Figures.path(path, title: title ?? "path")
        }
    }

    /// What `path(...)` computed, as a figure's data: the coefficients in double precision
    /// (none for a network's path, which then draws its CV curve only).
    static func figure(of path: RegulaNN.RegularizationPath) -> RegulaPlot.RegularizationPath {
        let coefficients = path.coefficients?.map { fit in
            (0..<fit.outputs).map { output in Array(fit.weights[output * fit.features..<(output + 1) * fit.features]) }
        } ?? path.lambdas.map { _ in [] }
        let cv = path.crossValidation
        return RegulaPlot.RegularizationPath(
            lambdas: path.lambdas, coefficients: coefficients, cvMean: cv?.mean, cvSE: cv?.standardError,
            lambdaMin: cv.map { path.lambdas[$0.minIndex] }, lambda1SE: cv.map { path.lambdas[$0.oneStandardErrorIndex] },
            featureNames: path.featureNames)
    }

    /// A run's history as curves.
    static func curves(_ result: TrainingResult, lossName: String) -> RunCurves {
        let history = result.history
        let hasValidation = history.contains { $0.validationLoss != nil }
        return RunCurves(
            dataLoss: history.map { Point(Double($0.epoch), $0.dataLoss) },
            validationLoss: hasValidation ? history.map { Point(Double($0.epoch), $0.validationLoss ?? .nan) } : nil,
            penalty: history.map { Point(Double($0.epoch), $0.penalty) },
            bestEpoch: hasValidation && result.bestEpoch > 0 ? result.bestEpoch : nil,
            lossName: lossName)
    }

    /// Why a path value cannot be drawn.
    struct Problem: Error {
        let message: String
    }

    /// A value with fields `lambdas` and `coefficients` (a record, or a host object such as
    /// what `path(...)` returns) as a path; nil for any other value.
    static func path(_ value: Value) throws -> RegulaPlot.RegularizationPath? {
        guard let lambdaValue = try field(value, "lambdas"), let coefficientValue = try field(value, "coefficients") else { return nil }
        guard let lambdas = numbers(lambdaValue) else { throw Problem(message: "the path's lambdas must be a list of numbers") }
        let coefficients: [[[Double]]]
        if let table = matrix(coefficientValue) {
            coefficients = table.map { [$0] }
        } else if let cube = cube(coefficientValue) {
            coefficients = cube
        } else {
            throw Problem(message: "the path's coefficients must be a [λ][feature] or [λ][output][feature] table of numbers")
        }
        guard !lambdas.isEmpty else { throw Problem(message: "there is nothing to plot: the path has no lambdas") }
        guard coefficients.count == lambdas.count else {
            throw Problem(message: "the path has \(lambdas.count) lambdas but \(coefficients.count) row\(coefficients.count == 1 ? "" : "s") of coefficients")
        }
        var path = RegulaPlot.RegularizationPath(lambdas: lambdas, coefficients: coefficients)
        path.cvMean = try field(value, "cv_mean").flatMap(numbers)
        path.cvSE = try field(value, "cv_se").flatMap(numbers)
        if let mean = path.cvMean, mean.count != lambdas.count {
            throw Problem(message: "the path has \(lambdas.count) lambdas but \(mean.count) values of cv_mean")
        }
        if let se = path.cvSE, se.count != lambdas.count {
            throw Problem(message: "the path has \(lambdas.count) lambdas but \(se.count) values of cv_se")
        }
        path.lambdaMin = try field(value, "lambda_min")?.asNumber
        path.lambda1SE = try field(value, "lambda_1se")?.asNumber
        let names = try field(value, "features") ?? field(value, "feature_names")
        path.featureNames = names?.asList?.compactMap(\.asString) ?? []
        return path
    }

    private static func field(_ value: Value, _ name: String) throws -> Value? {
        switch value {
        case .record(let record): return record[name].flatMap { $0.isNone ? nil : $0 }
        case .host(let object): return try object.field(named: name).flatMap { $0.isNone ? nil : $0 }
        default: return nil
        }
    }

    /// A list of numbers or a rank-1 tensor.
    private static func numbers(_ value: Value) -> [Double]? {
        if let tensor = value.host(as: TensorObject.self)?.tensor, tensor.rank == 1 { return tensor.scalars.map(Double.init) }
        guard let items = value.asList else { return nil }
        let numbers = items.compactMap(\.asNumber)
        return numbers.count == items.count ? numbers : nil
    }

    /// A list of equal-length lists of numbers, or a rank-2 tensor.
    private static func matrix(_ value: Value) -> [[Double]]? {
        if let tensor = value.host(as: TensorObject.self)?.tensor, tensor.rank == 2 {
            let columns = tensor.shape[1], scalars = tensor.scalars.map(Double.init)
            return (0..<tensor.shape[0]).map { Array(scalars[$0 * columns..<($0 + 1) * columns]) }
        }
        guard let rows = value.asList else { return nil }
        let table = rows.compactMap(numbers)
        guard table.count == rows.count, Set(table.map(\.count)).count <= 1 else { return nil }
        return table
    }

    /// A list of matrices of one shape, or a rank-3 tensor.
    private static func cube(_ value: Value) -> [[[Double]]]? {
        if let tensor = value.host(as: TensorObject.self)?.tensor, tensor.rank == 3 {
            let (a, b, c) = (tensor.shape[0], tensor.shape[1], tensor.shape[2])
            let scalars = tensor.scalars.map(Double.init)
            return (0..<a).map { i in (0..<b).map { j in Array(scalars[(i * b + j) * c..<(i * b + j + 1) * c]) } }
        }
        guard let items = value.asList else { return nil }
        let cube = items.compactMap(matrix)
        guard cube.count == items.count, Set(cube.map { [$0.count, $0.first?.count ?? 0] }).count <= 1 else { return nil }
        return cube
    }
}

extension RunObject {
    /// `run: 60 epochs, completed`.
    static func title(_ result: TrainingResult) -> String {
        "run: \(result.epochsRun) epoch\(result.epochsRun == 1 ? "" : "s"), \(stopped(result.stopReason))"
    }
}
