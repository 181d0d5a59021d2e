import Foundation

/// Lays out a `ReportDocument` as one self-contained HTML page: inline CSS and SVG, heat
/// maps as inline PNG data, no script, and a content security policy that forbids every
/// fetch. Sections: runs (a table), loss curves (one panel per `train`, data loss and
/// penalty apart; runs of one model on shared axes), weight matrices, figures, output,
/// source. Reads in light and dark schemes and in print (`ReportStyle`).
public enum HTMLReport {
    /// Loss-curve panels drawn at most; more runs are thinned evenly (first and last kept).
    public static let maxPanels = 64
    /// Points per curve in a panel: about one per pixel column.
    static let panelPoints = 400

    public static func render(_ document: ReportDocument) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
            <meta name="generator" content="Regula">
            <title>\(XML.escape(document.title)) — Regula report</title>
            <style>\(ReportStyle.css)</style>
            </head>
            <body>

            """
        html += header(document)
        html += "<main>\n"
        if !document.runs.isEmpty {
            html += runsTable(document.runs)
            html += lossCurves(document.runs)
            html += weights(document.runs)
        }
        if !document.exhibits.isEmpty { html += figures(document.exhibits) }
        html += transcript(document.transcript)
        html += "</main>\n</body>\n</html>\n"
        return html
    }

    // MARK: - Header

    private static func header(_ document: ReportDocument) -> String {
        var html = "<header>\n<h1>\(XML.escape(document.title))</h1>\n"
        if !document.facts.isEmpty {
            html += "<dl class=\"facts\">"
            for fact in document.facts { html += "<div><dt>\(XML.escape(fact.name))</dt><dd>\(XML.escape(fact.value))</dd></div>" }
            html += "</dl>\n"
        }
        var contents: [(String, String)] = []
        if !document.runs.isEmpty {
            contents += [("runs", "Runs"), ("loss", "Loss curves")]
            if document.runs.contains(where: { $0.weights != nil }) { contents.append(("weights", "Weight matrices")) }
        }
        if !document.exhibits.isEmpty { contents.append(("figures", "Figures")) }
        if document.transcript.contains(where: \.isInteractive) {
            contents.append(("session", "Session"))
        } else if !document.transcript.isEmpty {
            contents += [("output", "Output"), ("source", "Source")]
        }
        html += "<nav aria-label=\"Contents\">" + contents.map { "<a href=\"#\($0.0)\">\($0.1)</a>" }.joined(separator: " · ") + "</nav>\n"
        for note in document.notes { html += "<p class=\"note\">\(XML.escape(note))</p>\n" }
        return html + "</header>\n"
    }

    // MARK: - Runs

    private static func runsTable(_ runs: [TrainingPanel]) -> String {
        let columns = runs.first?.summary.map(\.name) ?? []
        var html = "<section id=\"runs\">\n<h2>Runs</h2>\n<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">#</th>"
        for column in columns { html += "<th scope=\"col\">\(XML.escape(column))</th>" }
        html += "</tr></thead>\n<tbody>\n"
        for run in runs {
            html += "<tr><th scope=\"row\"><a href=\"#run-\(run.number)\">\(run.number)</a></th>"
            for fact in run.summary {
                let numeric = fact.value.first.map { $0.isNumber || $0 == "—" || $0 == "-" } ?? false
                html += numeric ? "<td class=\"num\">\(XML.escape(fact.value))</td>" : "<td>\(XML.escape(fact.value))</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody></table></div>\n</section>\n"
    }

    /// Up to `maxPanels` runs, evenly spaced, the first and last included.
    static func thinned(_ runs: [TrainingPanel]) -> [TrainingPanel] {
        guard runs.count > maxPanels else { return runs }
        let picks = Set((0..<maxPanels).map { $0 * (runs.count - 1) / (maxPanels - 1) })
        return runs.enumerated().filter { picks.contains($0.offset) }.map(\.element)
    }

    /// The runs grouped by `group`, in order of first appearance.
    static func groups(_ runs: [TrainingPanel]) -> [(name: String, runs: [TrainingPanel])] {
        var order: [String] = []
        var members: [String: [TrainingPanel]] = [:]
        for run in runs {
            if members[run.group] == nil { order.append(run.group) }
            members[run.group, default: []].append(run)
        }
        return order.map { ($0, members[$0] ?? []) }
    }

    private static func lossCurves(_ runs: [TrainingPanel]) -> String {
        let shown = thinned(runs.filter { $0.curves != nil })
        var html = "<section id=\"loss\">\n<h2>Loss curves</h2>\n"
        html += "<p class=\"note\">One panel per <code>train</code> call: the data loss on the training batches and on the validation rows above, the penalty apart below. Runs of one model share their axes.</p>\n"
        if shown.count < runs.count {
            html += "<p class=\"note\">\(shown.count) of \(runs.count) runs are drawn, evenly spaced; the table above lists them all.</p>\n"
        }
        for group in groups(shown) {
            html += "<h3>model \(XML.escape(group.name))</h3>\n<div class=\"grid\">\n"
            let axes = SharedAxes(group.runs.compactMap(\.curves))
            for run in group.runs {
                if let curves = run.curves { html += panel(run, curves, axes: axes) }
            }
            html += "</div>\n"
        }
        return html + "</section>\n"
    }

    /// The ranges and scales the panels of one group share.
    struct SharedAxes {
        var epochs: ClosedRange<Double>
        var loss: AxisSpec
        var penalty: AxisSpec?

        init(_ curves: [RunCurves]) {
            let lastEpoch = max(1, curves.map { $0.dataLoss.last?.x ?? 1 }.max() ?? 1)
            epochs = 0...lastEpoch
            let lossValues = curves.flatMap { $0.dataLoss.map(\.y) + ($0.validationLoss?.map(\.y) ?? []) }.filter(\.isFinite)
            loss = Self.axis("data loss", lossValues)
            let penalised = curves.filter(\.hasPenalty)
            penalty = penalised.isEmpty ? nil : Self.axis("penalty", penalised.flatMap { $0.penalty.map(\.y) }.filter(\.isFinite))
        }

        static func axis(_ label: String, _ values: [Double]) -> AxisSpec {
            let log = AxisScale.prefersLog(values)
            let low = values.min() ?? 0, high = values.max() ?? 1
            return AxisSpec(label, scale: log ? .log : .linear, range: (log ? low : min(0, low))...max(high, low))
        }
    }

    private static func panel(_ run: TrainingPanel, _ full: RunCurves, axes: SharedAxes) -> String {
        let curves = full.downsampled(limit: panelPoints)
        var series = [Series("training", points: curves.dataLoss, colour: Figures.Colour.train)]
        if let validation = curves.validationLoss { series.append(Series("validation", points: validation, colour: Figures.Colour.validation)) }
        let markers = curves.bestEpoch.map { [Marker(x: Double($0), label: "best epoch \($0)", colour: Figures.Colour.best)] } ?? []
        let loss = Figure(title: "", x: AxisSpec("epoch", scale: .linear, range: axes.epochs), y: axes.loss, series: series,
                          markers: markers, caption: "Loss curves of run \(run.number), \(run.title): " + Figures.runCaption(full) + ".")
        var html = "<figure class=\"panel\" id=\"run-\(run.number)\">\n<figcaption><b>#\(run.number) \(XML.escape(run.title))</b><br><span>\(XML.escape(run.details))</span></figcaption>\n"
        html += SVGRenderer(width: 340, height: 210).render(loss, id: "loss-\(run.number)")
        if let penaltyAxis = axes.penalty {
            if curves.hasPenalty {
                let penalty = Figure(title: "", x: AxisSpec("epoch", scale: .linear, range: axes.epochs), y: penaltyAxis,
                                     series: [Series("penalty", points: curves.penalty, colour: Figures.Colour.penalty)],
                                     caption: "Penalty of run \(run.number) against epochs, last value \(TickLabel.value(curves.penalty.last?.y ?? .nan)).")
                html += SVGRenderer(width: 340, height: 105).render(penalty, id: "pen-\(run.number)")
            } else {
                html += "<div class=\"nopenalty\">no penalty</div>"
            }
        }
        return html + "\n</figure>\n"
    }

    // MARK: - Weights

    private static func weights(_ runs: [TrainingPanel]) -> String {
        let kept = runs.filter { $0.weights != nil }
        guard !kept.isEmpty else { return "" }
        var html = "<section id=\"weights\">\n<h2>Weight matrices</h2>\n"
        html += "<p class=\"note\">Each trained model's weight matrices after training (rows: outputs, columns: inputs), coloured by |w|; <b>exact zeros are white</b>. Runs of one model share the colour scale. Large matrices are drawn in blocks: a block's colour is its mean |w|, white only if all of it is exactly 0.</p>\n"
        if kept.count < runs.count {
            html += "<p class=\"note\">The weights of \(kept.count) of \(runs.count) runs were kept, evenly spaced.</p>\n"
        }
        for group in groups(kept) {
            let maps = group.runs.flatMap { $0.weights ?? [] }
            let scale = colourScale(maps)
            html += "<h3>model \(XML.escape(group.name))</h3>\n" + colourBar(scale, id: "bar-\(group.runs[0].number)") + "<div class=\"mapgrid\">\n"
            for run in group.runs {
                guard let weights = run.weights else { continue }
                let zeros = weights.reduce(0) { $0 + $1.zeros }, total = weights.reduce(0) { $0 + $1.count }
                html += "<figure class=\"maps\"><figcaption><b>#\(run.number) \(XML.escape(run.title))</b> — \(percent(zeros, total)) of \(grouped(total)) weights exactly 0</figcaption><div class=\"maprow\">"
                let largest = weights.map { max($0.cellRows, $0.cellColumns) }.max() ?? 1
                let pixel = min(10, max(0.5, 200 / Double(largest)))
                for (index, map) in weights.enumerated() {
                    html += heatMap(map, scale: scale, pixel: pixel, id: "w-\(run.number)-\(index)")
                }
                html += "</div></figure>\n"
            }
            html += "</div>\n"
        }
        return html + "</section>\n"
    }

    /// The 99th percentile of the cells' |w| (the largest few saturate instead of
    /// washing out everything else).
    static func colourScale(_ maps: [WeightMap]) -> Float {
        var values = maps.flatMap { $0.magnitudes.filter { $0 > 0 && $0.isFinite } }
        guard !values.isEmpty else { return 1 }
        values.sort()
        return values[min(values.count - 1, Int(Double(values.count) * 0.99))]
    }

    private static func heatMap(_ map: WeightMap, scale: Float, pixel: Double, id: String) -> String {
        let width = Double(map.cellColumns) * pixel, height = max(8, Double(map.cellRows) * pixel)
        let left = 18.0, top = 16.0
        let nameWidth = Double(map.name.count + String(map.rows).count + String(map.columns).count + 4) * SVGRenderer.characterWidth
        let svgWidth = max(width + left + 4, nameWidth + left + 4, 96), svgHeight = height + top + 16
        let png = Data(map.png(scale: scale)).base64EncodedString()
        let blockNote = map.block > 1 ? "; each cell is the mean |w| of a \(map.block) × \(map.block) block" : ""
        let description = "\(map.name), \(map.rows) × \(map.columns): \(grouped(map.zeros)) of \(grouped(map.count)) entries (\(percent(map.zeros, map.count))) exactly 0; mean |w| \(TickLabel.value(Double(map.meanMagnitude))), largest \(TickLabel.value(Double(map.maxMagnitude)))\(blockNote)."
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" width=\"\(f(svgWidth))\" height=\"\(f(svgHeight))\" viewBox=\"0 0 \(f(svgWidth)) \(f(svgHeight))\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\">"
        svg += "<title id=\"\(id)-t\">\(XML.escape(map.name)) (\(map.rows) × \(map.columns))</title><desc id=\"\(id)-d\">\(XML.escape(description))</desc>"
        svg += "<text class=\"leg\" x=\"\(f(left))\" y=\"11\">\(XML.escape(map.name)) · \(map.rows)×\(map.columns)</text>"
        svg += "<image x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(width))\" height=\"\(f(height))\" preserveAspectRatio=\"none\" data-cells=\"\(map.cellColumns)x\(map.cellRows)\" href=\"data:image/png;base64,\(png)\"/>"
        svg += "<rect class=\"frame\" x=\"\(f(left - 0.5))\" y=\"\(f(top - 0.5))\" width=\"\(f(width + 1))\" height=\"\(f(height + 1))\"/>"
        svg += "<text class=\"tick\" x=\"\(f(left))\" y=\"\(f(top + height + 12))\">inputs \(map.columns) →</text>"
        if height >= 72 { svg += "<text class=\"tick\" transform=\"translate(5 \(f(top))) rotate(90)\">outputs \(map.rows) →</text>" }
        return svg + "</svg>"
    }

    /// The shared colour scale: a viridis bar from 0 to `scale` and a white "exact 0" swatch.
    private static func colourBar(_ scale: Float, id: String) -> String {
        let stops = (0...8).map { "<stop offset=\"\(Double($0) / 8)\" stop-color=\"\(Colormap.hex(Double($0) / 8))\"/>" }.joined()
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"colourbar\" width=\"420\" height=\"34\" viewBox=\"0 0 420 34\" role=\"img\" aria-labelledby=\"\(id)-t\">"
        svg += "<title id=\"\(id)-t\">Colour scale: |w| from 0 (dark purple) to \(TickLabel.value(Double(scale))) or more (yellow); exact zeros white</title>"
        svg += "<defs><linearGradient id=\"\(id)-g\">\(stops)</linearGradient></defs>"
        svg += "<rect x=\"2\" y=\"4\" width=\"16\" height=\"12\" class=\"zero\"/><text class=\"tick\" x=\"22\" y=\"14\">exact 0</text>"
        svg += "<rect x=\"80\" y=\"4\" width=\"240\" height=\"12\" fill=\"url(#\(id)-g)\"/>"
        for t in [0.0, 0.5, 1.0] {
            let label = t == 1 ? "≥ " + TickLabel.value(Double(scale)) : TickLabel.value(Double(scale) * t)
            svg += "<text class=\"tick\" x=\"\(f(80 + 240 * t))\" y=\"29\" text-anchor=\"middle\">\(XML.escape(label))</text>"
        }
        svg += "<text class=\"tick\" x=\"328\" y=\"14\">|w|</text>"
        return svg + "</svg>\n"
    }

    // MARK: - Figures

    private static func figures(_ exhibits: [FigureExhibit]) -> String {
        var html = "<section id=\"figures\">\n<h2>Figures</h2>\n<div class=\"grid wide\">\n"
        for (index, exhibit) in exhibits.enumerated() {
            html += "<figure class=\"panel\" id=\"figure-\(index + 1)\"><figcaption><b>Figure \(index + 1).</b> \(XML.escape(exhibit.heading))</figcaption>\n"
            for (part, figure) in exhibit.figures.enumerated() {
                html += SVGRenderer(width: 520, height: 300).render(thin(figure), id: "fig-\(index + 1)-\(part + 1)") + "\n"
            }
            html += "</figure>\n"
        }
        return html + "</div>\n</section>\n"
    }

    /// A figure's series shortened to what a panel can show.
    static func thin(_ figure: Figure) -> Figure {
        var figure = figure
        for i in figure.series.indices { figure.series[i].points = Downsample.minMax(figure.series[i].points, limit: 2 * panelPoints) }
        return figure
    }

    // MARK: - Output and source

    private static func transcript(_ entries: [TranscriptEntry]) -> String {
        guard !entries.isEmpty else { return "" }
        if entries.contains(where: \.isInteractive) {
            var html = "<section id=\"session\">\n<h2>Session</h2>\n"
            for entry in entries {
                if entry.isInteractive {
                    html += "<pre class=\"entry\"><code>" + XML.escape(prompted(entry.source)) + "</code></pre>\n"
                } else {
                    html += "<details><summary>:load \(XML.escape(entry.name))</summary>" + listing(entry.source) + "</details>\n"
                }
                if !entry.output.isEmpty { html += "<pre class=\"output\">" + XML.escape(entry.output) + "</pre>\n" }
            }
            return html + "</section>\n"
        }
        let output = entries.map(\.output).joined()
        var html = "<section id=\"output\">\n<h2>Output</h2>\n"
        html += output.isEmpty ? "<p class=\"note\">The script printed nothing.</p>\n" : "<pre class=\"output\">" + XML.escape(output) + "</pre>\n"
        html += "</section>\n<section id=\"source\">\n<h2>Source</h2>\n"
        for (index, entry) in entries.enumerated() {
            html += "<details\(index == 0 ? " open" : "")><summary>\(XML.escape(entry.name))</summary>" + listing(entry.source) + "</details>\n"
        }
        return html + "</section>\n"
    }

    /// `regula> ` before the first line of an entry, `   ...> ` before the others.
    static func prompted(_ source: String) -> String {
        source.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { ($0.offset == 0 ? "regula> " : "   ...> ") + $0.element }.joined(separator: "\n")
    }

    /// Source with line numbers (not selectable, so copying gives the script).
    static func listing(_ source: String) -> String {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        let trimmed = lines.last == "" ? lines.dropLast() : lines[...]
        let width = String(trimmed.count).count
        var html = "<pre class=\"src\"><code>"
        for (index, line) in trimmed.enumerated() {
            let number = String(index + 1)
            html += "<span class=\"ln\" aria-hidden=\"true\">\(String(repeating: " ", count: width - number.count))\(number)  </span>\(XML.escape(String(line)))\n"
        }
        return html + "</code></pre>"
    }

    // MARK: - Numbers

    static func percent(_ part: Int, _ total: Int) -> String {
        guard total > 0 else { return "0%" }
        return String(format: "%.1f%%", 100 * Double(part) / Double(total))
    }

    /// `84,480`.
    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 && c != "-" { out += "," }
            out.append(c)
        }
        return out
    }

    static func f(_ value: Double) -> String { SVGRenderer().n(value) }
}
