/// Builds figures from data: what `plot` draws for each kind of value, and the report's
/// panels. Series longer than `Downsample.maxPoints` are shortened here.
public enum Figures {
    /// Palette entries by role, so the terminal and the report agree.
    public enum Colour {
        public static let train = 0
        public static let validation = 1
        public static let penalty = 2
        public static let best = 3
    }

    /// A run: training data loss, validation loss and penalty against epochs (log scale
    /// when they span decades), the best epoch marked.
    public static func run(_ curves: RunCurves, title: String) -> Figure {
        let curves = curves.downsampled()
        var series = [Series("training data loss", points: curves.dataLoss, colour: Colour.train)]
        if let validation = curves.validationLoss {
            series.append(Series("validation loss", points: validation, colour: Colour.validation))
        }
        if curves.hasPenalty { series.append(Series("penalty", points: curves.penalty, colour: Colour.penalty)) }
        let markers = curves.bestEpoch.map { [Marker(x: Double($0), label: "best epoch \($0)", colour: Colour.best)] } ?? []
        return Figure(title: title, x: AxisSpec("epoch", scale: .linear), y: AxisSpec(curves.lossName.isEmpty ? "loss" : "loss (\(curves.lossName))"),
                      series: series, markers: markers, caption: runCaption(curves))
    }

    /// "training data loss 2.31 → 0.0012 over 60 epochs; validation loss lowest 0.21 at epoch 14".
    public static func runCaption(_ curves: RunCurves) -> String {
        var parts: [String] = []
        if let first = curves.dataLoss.first, let last = curves.dataLoss.last {
            parts.append("training data loss \(TickLabel.value(first.y)) → \(TickLabel.value(last.y)) over \(curves.epochCount) epochs")
        }
        if let validation = curves.validationLoss, let best = validation.filter({ $0.y.isFinite }).min(by: { $0.y < $1.y }),
           let last = validation.last {
            parts.append("validation loss lowest \(TickLabel.value(best.y)) at epoch \(Int(best.x)), last \(TickLabel.value(last.y))")
        }
        if curves.hasPenalty, let last = curves.penalty.last { parts.append("penalty last \(TickLabel.value(last.y))") }
        return parts.joined(separator: "; ")
    }

    /// A list of numbers against their index (from 0).
    public static func numbers(_ values: [Double], title: String) -> Figure {
        let points = Downsample.minMax(values.enumerated().map { Point(Double($0.offset), $0.element) })
        let finite = values.filter(\.isFinite)
        var caption = "\(values.count) numbers"
        if let low = finite.min(), let high = finite.max() { caption += " from \(TickLabel.value(low)) to \(TickLabel.value(high))" }
        return Figure(title: title, x: AxisSpec("index", scale: .linear), y: AxisSpec("value"),
                      series: [Series("values", points: points, style: values.count <= 40 ? .linePoints : .line, colour: 0)],
                      caption: caption)
    }

    /// A histogram's bars (counts on a linear scale from 0).
    public static func histogram(_ data: HistogramData, title: String) -> Figure {
        var points: [Point] = []
        var width = 1.0
        for (i, count) in data.counts.enumerated() where i + 1 < data.edges.count {
            let low = data.edges[i], high = data.edges[i + 1]
            if high > low { width = high - low }
            points.append(Point((low + high) / 2, Double(count)))
        }
        let total = data.counts.reduce(0, +)
        let peak = data.counts.max() ?? 0
        let range = (data.edges.first.map(TickLabel.value) ?? "?") + " to " + (data.edges.last.map(TickLabel.value) ?? "?")
        // Counts start at 0; with every bin empty the axis is 0 to 1, not ±1 around 0 (a
        // bar would fill the negative half).
        let counts = AxisSpec("count", scale: .linear, range: peak == 0 ? 0...1 : nil)
        return Figure(title: title, x: AxisSpec("value", scale: .linear), y: counts,
                      series: [Series("count", points: points, style: .bars(width: width), colour: 0)],
                      caption: "\(total) values in \(data.counts.count) bins from \(range); the fullest bin holds \(peak)")
    }

    /// A path's coefficient lines against λ (one figure per output), then its CV curve if
    /// it has one.
    public static func path(_ path: RegularizationPath, title: String) -> [Figure] {
        var figures: [Figure] = []
        for output in 0..<path.outputCount {
            let heading = path.outputCount > 1 ? "\(title): coefficients of output \(output)" : "\(title): coefficients"
            figures.append(coefficients(path, output: output, title: heading))
        }
        if let cv = crossValidation(path, title: "\(title): cross-validated error") { figures.append(cv) }
        return figures
    }

    /// One line per feature: coefficient against λ, largest λ on the left (where every
    /// coefficient is 0), each line named at its right end.
    public static func coefficients(_ path: RegularizationPath, output: Int, title: String) -> Figure {
        var series: [Series] = []
        for feature in 0..<path.featureCount {
            let points = zip(path.lambdas, path.coefficients).compactMap { lambda, row -> Point? in
                guard output < row.count, feature < row[output].count else { return nil }
                return Point(lambda, row[output][feature])
            }
            series.append(Series(path.featureName(feature), points: points, colour: feature))
        }
        let nonZero = path.coefficients.map { row in output < row.count ? row[output].filter { $0 != 0 }.count : 0 }
        var caption = "\(path.featureCount) coefficients along \(path.lambdas.count) values of λ"
        if let low = path.lambdas.min(), let high = path.lambdas.max() {
            caption += " from \(TickLabel.value(high)) to \(TickLabel.value(low))"
        }
        if let first = nonZero.first, let last = nonZero.last { caption += "; non-zero: \(first) → \(last)" }
        return Figure(title: title, x: lambdaAxis, y: AxisSpec("coefficient", scale: .linear), series: series,
                      markers: lambdaMarkers(path), labelsLineEnds: true, caption: caption)
    }

    /// Mean CV error ± one standard error at each λ, λ_min and λ_1se marked; nil when the
    /// path has no CV error.
    public static func crossValidation(_ path: RegularizationPath, title: String) -> Figure? {
        guard let mean = path.cvMean, !mean.isEmpty else { return nil }
        let se = path.cvSE ?? []
        let points = zip(path.lambdas, mean).map { Point($0, $1) }
        let bars = se.isEmpty ? [] : zip(points, se).map { ErrorBar(x: $0.x, low: $0.y - $1, high: $0.y + $1) }
        var caption = "mean cross-validated error at \(points.count) values of λ"
        if let best = points.filter({ $0.y.isFinite }).min(by: { $0.y < $1.y }) {
            caption += "; lowest \(TickLabel.value(best.y)) at λ \(TickLabel.value(best.x))"
        }
        return Figure(title: title, x: lambdaAxis, y: AxisSpec("mean CV error", scale: .linear),
                      series: [Series(se.isEmpty ? "mean CV error" : "mean CV error ± 1 SE", points: points, style: .line,
                                      errorBars: bars, colour: 3)],
                      markers: lambdaMarkers(path), caption: caption)
    }

    static let lambdaAxis = AxisSpec("λ", scale: .log, reversed: true)

    static func lambdaMarkers(_ path: RegularizationPath) -> [Marker] {
        var markers: [Marker] = []
        if let lambda = path.lambdaMin { markers.append(Marker(x: lambda, label: "λ_min = \(TickLabel.value(lambda))", colour: 0)) }
        if let lambda = path.lambda1SE { markers.append(Marker(x: lambda, label: "λ_1se = \(TickLabel.value(lambda))", colour: 2)) }
        return markers
    }
}
