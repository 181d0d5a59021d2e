import Foundation
import RegulaNN
import RegulaPlot
import RegulaSyntax
import RegulaTensor

/// What a session trained and drew, kept for its HTML report (`ReportRecorder`): one
/// entry per `train` call (its curves, a summary row, the model's weights reduced to
/// maps), and the figures of `plot` and `histogram` calls. It exists only while a report
/// is being recorded (`Evaluator.exhibits`), and it only reads: recording never changes a
/// number the script computes.
///
/// A new kind of exhibit (a regularization path) is one call: build its figures with
/// `PlotAdapter` (or `RegulaPlot.Figures`) and pass them to `recordFigures`.
public final class ExhibitLog {
    /// A `train` call, as the report shows it.
    public private(set) var trainings: [TrainingPanel] = []
    public private(set) var figures: [FigureExhibit] = []
    /// Figures not kept beyond `maxFigures`.
    public private(set) var omittedFigures = 0
    /// Host objects already shown (a histogram made, then plotted, appears once).
    private var shown: Set<ObjectIdentifier> = []
    private var shownObjects: [AnyObject] = []
    /// Weights are kept for runs 0, s, 2s, ... of the session; s doubles whenever more than
    /// `maxWeightRuns` runs would be kept. The same for curves.
    private(set) var weightStride = 1
    private(set) var curveStride = 1

    /// Runs whose weight maps are kept (memory and report size stay bounded).
    public static let maxWeightRuns = 24
    /// Cells of one run's weight maps: larger matrices are drawn in blocks.
    public static let weightCellsPerRun = 48_000
    /// Points kept per curve of a run, and runs whose curves are kept.
    public static let curvePoints = 1000
    public static let maxCurveRuns = 128
    public static let maxFigures = 200

    public init() {}

    /// Records a finished `train` call of `object`.
    func recordTraining(_ object: ModelObject, config: TrainingConfiguration, optimizer: String, result: TrainingResult) {
        let number = trainings.count + 1
        let history = result.history
        let curves = RunCurves(
            dataLoss: history.map { Point(Double($0.epoch), $0.dataLoss) },
            validationLoss: history.contains { $0.validationLoss != nil } ? history.map { Point(Double($0.epoch), $0.validationLoss ?? .nan) } : nil,
            penalty: history.map { Point(Double($0.epoch), $0.penalty) },
            bestEpoch: result.validationLoss != nil && result.bestEpoch > 0 ? result.bestEpoch : nil,
            lossName: config.loss.description
        ).downsampled(limit: Self.curvePoints)

        let matrices = object.model.layers.compactMap { layer -> Tensor<Float>? in
            if case .dense(let dense) = layer { return dense.weight } else { return nil }
        }
        let entries = matrices.reduce(0) { $0 + $1.count }
        let zeros = matrices.reduce(0) { total, w in total + w.scalars.reduce(0) { $0 + ($1 == 0 ? 1 : 0) } }
        let penalty = config.penalty.description
        let summary = [
            Fact("model", object.name), Fact("penalty", penalty), Fact("optimizer", optimizer),
            Fact("epochs", "\(result.epochsRun) of \(config.epochs)"),
            Fact("train loss", RunObject.short(result.trainLoss)),
            Fact("val loss", result.validationLoss.map(RunObject.short) ?? "—"),
            Fact("best epoch", result.validationLoss != nil ? String(result.bestEpoch) : "—"),
            Fact("exact zeros", entries > 0 ? String(format: "%.1f%%", 100 * Double(zeros) / Double(entries)) : "—"),
            Fact("stopped", RunObject.stopped(result.stopReason)),
        ]
        trainings.append(TrainingPanel(
            number: number, group: object.name, title: "\(object.name) · penalty \(penalty)",
            details: "loss \(config.loss.description) · \(optimizer) · \(config.epochs) epochs · batch \(config.batchSize)",
            curves: (number - 1) % curveStride == 0 ? curves : nil, summary: summary,
            weights: (number - 1) % weightStride == 0 ? Self.maps(matrices) : nil))
        thin(\.weights, stride: &weightStride, limit: Self.maxWeightRuns)
        thin(\.curves, stride: &curveStride, limit: Self.maxCurveRuns)
    }

    /// The weight matrices as maps, in blocks when the run's cells would pass the budget.
    static func maps(_ matrices: [Tensor<Float>]) -> [WeightMap] {
        let shapes = matrices.map { (rows: $0.shape[0], columns: $0.count / max(1, $0.shape[0])) }
        let block = WeightMap.blockSize(for: shapes, budget: weightCellsPerRun)
        return zip(matrices, shapes).enumerated().map { index, pair in
            WeightMap(name: "layer \(index + 1) weight", rows: pair.1.rows, columns: pair.1.columns, values: pair.0.scalars, block: block)
        }
    }

    /// Keeps a part (weights, curves) of at most `limit` runs, evenly spaced: runs 0, s,
    /// 2s, ... keep it, and s doubles when that would be too many.
    private func thin<Part>(_ part: WritableKeyPath<TrainingPanel, Part?>, stride: inout Int, limit: Int) {
        while (trainings.count + stride - 1) / stride > limit {
            stride *= 2
            for i in trainings.indices where i % stride != 0 { trainings[i][keyPath: part] = nil }
        }
    }

    /// Records figures under `heading`; `object` (a histogram, ...) is shown once however
    /// often it is plotted.
    public func recordFigures(_ heading: String, _ figures: [Figure], object: AnyObject? = nil) {
        if let object {
            guard shown.insert(ObjectIdentifier(object)).inserted else { return }
            shownObjects.append(object)
        }
        guard self.figures.count < Self.maxFigures else {
            omittedFigures += 1
            return
        }
        self.figures.append(FigureExhibit(heading: heading, figures: figures))
    }

    /// `plot(r) — exp.reg:12`: the call as written, and where.
    static func heading(_ call: BuiltinCall) -> String {
        let source = call.context.currentSource
        var text = source.text(of: call.span).split(separator: "\n").first.map(String.init) ?? call.name
        if text.count > 80 { text = String(text.prefix(77)) + "..." }
        let line = source.location(of: call.span.start).line
        return source.name.hasPrefix("<") ? text : "\(text) — \(source.name):\(line)"
    }

    /// Notes for the report about what was left out.
    var notes: [String] {
        var notes: [String] = []
        if omittedFigures > 0 { notes.append("\(omittedFigures) more figures were drawn than the report keeps (\(Self.maxFigures)).") }
        return notes
    }
}

extension Evaluator {
    /// Records a figure exhibit when a report is being recorded (see `ExhibitLog`).
    func recordFigures(_ call: BuiltinCall, _ figures: @autoclosure () throws -> [Figure], object: AnyObject? = nil) rethrows {
        guard let exhibits else { return }
        exhibits.recordFigures(ExhibitLog.heading(call), try figures(), object: object)
    }
}
