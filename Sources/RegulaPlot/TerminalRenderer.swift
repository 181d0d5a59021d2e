/// Draws a `Figure` as text: braille lines (block bars for a histogram) in a frame with
/// ticks on the left and bottom, the axis labels, and a legend or line-end names. Exactly
/// `width` columns wide at most; ANSI colours only when `colour` is true (without colour,
/// the series are told apart by dotted and dashed lines).
///
///     loss (log scale)
///       10 ┤
///        1 ┤⠑⠢⢄⡀
///      0.1 ┤    ⠈⠑⠒⠤⠤⣀⣀⣀
///          └┬─────────┬─────────┬
///           0        20        40
///                  epoch
///      ⠤⠤ train data loss   ⠤⠤ validation loss
public struct TerminalRenderer {
    public var width: Int
    /// Rows of the plot area (the whole figure is about 6 rows more).
    public var height: Int
    public var colour: Bool

    /// The narrowest figure drawn; a narrower terminal gets lines this wide.
    public static let minimumWidth = 30

    public init(width: Int, height: Int? = nil, colour: Bool) {
        self.width = max(Self.minimumWidth, width)
        self.height = height ?? min(16, max(8, self.width / 5))
        self.colour = colour
    }

    /// ANSI foreground colours of palette entries 0, 1, ...: blue, yellow, green, red,
    /// magenta, cyan, then their bright forms.
    static let palette = ["34", "33", "32", "31", "35", "36", "94", "93", "92", "91", "95", "96"]

    /// On/off dot patterns for series without colour: solid, dotted, dashed, dash-dot.
    static let patterns: [[Bool]] = [[true], [true, false], [true, true, true, false, false], [true, true, false, true, false, false]]

    public func render(_ figure: Figure) -> String {
        let yScale = AxisScale(figure.y, values: figure.values(onX: false), tickTarget: max(2, height / 3))
        let labelWidth = yScale.ticks.map(\.label.count).max() ?? 1
        let names = figure.labelsLineEnds ? figure.series.map { String($0.name.prefix(14)) } : []
        let rightMargin = names.isEmpty ? 0 : (names.map(\.count).max() ?? 0) + 1
        let columns = max(8, width - labelWidth - 1 - rightMargin)
        let xScale = AxisScale(figure.x, values: figure.values(onX: true), tickTarget: max(2, columns / 10))
        var canvas = BrailleCanvas(columns: columns, rows: height)
        let plotter = Plotter(x: xScale, y: yScale, dotWidth: canvas.dotWidth, dotHeight: canvas.dotHeight)

        for marker in figure.markers {
            guard let x = plotter.dotX(marker.x) else { continue }
            for y in stride(from: 0, to: canvas.dotHeight, by: 2) { canvas.set(x, y, colour: marker.colour) }
        }
        for (index, series) in figure.series.enumerated() {
            draw(series, pattern: colour ? [true] : Self.patterns[index % Self.patterns.count], on: &canvas, plotter)
        }

        var lines: [String] = []
        if !figure.title.isEmpty { lines.append(clip(figure.title)) }
        lines.append(clip(figure.y.label + (yScale.isLog ? " (log scale)" : "")))
        let tickRows = Dictionary(yScale.ticks.compactMap { tick -> (Int, String)? in
            guard let y = plotter.dotY(tick.value), (0..<canvas.dotHeight).contains(y) else { return nil }
            return (y / 4, tick.label)
        }, uniquingKeysWith: { first, _ in first })
        let endLabels = lineEndLabels(figure, names: names, plotter: plotter, rows: canvas.rows)
        for row in 0..<canvas.rows {
            let label = tickRows[row] ?? ""
            var line = String(repeating: " ", count: labelWidth - label.count) + label + (tickRows[row] != nil ? "┤" : "│")
            line += cells(canvas, row: row)
            if let (name, colourIndex) = endLabels[row] { line += " " + paint(name, colourIndex) }
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
        }
        lines += xAxis(xScale, name: figure.x.label, plotter: plotter, columns: columns, indent: labelWidth)
        lines += legend(figure)
        return lines.joined(separator: "\n")
    }

    private func draw(_ series: Series, pattern: [Bool], on canvas: inout BrailleCanvas, _ plotter: Plotter) {
        let colourIndex = series.colour
        switch series.style {
        case .bars(let barWidth):
            drawBars(series.points, width: barWidth, colour: colourIndex, on: &canvas, plotter)
        case .line, .linePoints:
            var previous: (x: Int, y: Int)?
            var phase = 0
            for point in series.points {
                guard let x = plotter.dotX(point.x), let y = plotter.dotY(point.y) else {
                    previous = nil
                    continue
                }
                if let previous {
                    phase = canvas.line(from: previous, to: (x, y), colour: colourIndex, pattern: pattern, phase: phase)
                } else {
                    canvas.set(x, y, colour: colourIndex)
                }
                if series.style == .linePoints {
                    for (dx, dy) in [(1, 0), (-1, 0), (0, 1), (0, -1)] { canvas.set(x + dx, y + dy, colour: colourIndex) }
                }
                previous = (x, y)
            }
        }
        for bar in series.errorBars {
            guard let x = plotter.dotX(bar.x), let low = plotter.dotY(bar.low), let high = plotter.dotY(bar.high) else { continue }
            canvas.line(from: (x, low), to: (x, high), colour: colourIndex)
            for end in [low, high] { canvas.set(x - 1, end, colour: colourIndex); canvas.set(x + 1, end, colour: colourIndex) }
        }
    }

    /// Bars of eighth blocks (`▁▂▃▄▅▆▇█`) rising from the bottom row.
    private func drawBars(_ points: [Point], width barWidth: Double, colour: Int, on canvas: inout BrailleCanvas, _ plotter: Plotter) {
        var eighths = [Int](repeating: 0, count: canvas.columns)
        for point in points {
            guard let a = plotter.x.position(point.x - barWidth / 2), let b = plotter.x.position(point.x + barWidth / 2),
                  let top = plotter.y.position(point.y) else { continue }
            let first = Int((min(a, b) * Double(canvas.columns)).rounded())
            let last = max(first, Int((max(a, b) * Double(canvas.columns)).rounded()) - 1)
            let height = Int((max(0, min(1, top)) * Double(canvas.rows * 8)).rounded())
            for column in max(0, first)...min(canvas.columns - 1, max(0, last)) { eighths[column] = max(eighths[column], height) }
        }
        let partial: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇"]
        for (column, height) in eighths.enumerated() where height > 0 {
            for row in 0..<canvas.rows {
                let fromBottom = canvas.rows - 1 - row
                let filled = height - fromBottom * 8
                if filled >= 8 {
                    canvas.setBlock("█", column: column, row: row, colour: colour)
                } else if filled > 0 {
                    canvas.setBlock(partial[filled], column: column, row: row, colour: colour)
                }
            }
        }
    }

    /// A canvas row with colour escapes around runs of one colour.
    private func cells(_ canvas: BrailleCanvas, row: Int) -> String {
        guard colour else { return canvas.lines[row] }
        var text = "", run = "", runColour: Int? = nil
        for column in 0..<canvas.columns {
            let character = canvas.character(column: column, row: row)
            let cellColour = character == " " ? nil : canvas.colour(column: column, row: row)
            if cellColour != runColour {
                text += paint(run, runColour)
                run = ""
                runColour = cellColour
            }
            run.append(character)
        }
        return text + paint(run, runColour)
    }

    private func paint(_ text: String, _ colourIndex: Int?) -> String {
        guard colour, let colourIndex, !text.isEmpty else { return text }
        return "\u{1B}[\(Self.palette[colourIndex % Self.palette.count])m\(text)\u{1B}[0m"
    }

    /// Names at the rows where the lines end, moved up or down past each other.
    private func lineEndLabels(_ figure: Figure, names: [String], plotter: Plotter, rows: Int) -> [Int: (String, Int)] {
        guard !names.isEmpty else { return [:] }
        var wanted: [(row: Int, index: Int)] = []
        for (index, series) in figure.series.enumerated() {
            let end = series.points.max { (plotter.x.position($0.x) ?? -1) < (plotter.x.position($1.x) ?? -1) }
            guard let end, let y = plotter.dotY(end.y) else { continue }
            wanted.append((min(rows - 1, max(0, y / 4)), index))
        }
        var placed: [Int: (String, Int)] = [:]
        for (row, index) in wanted.sorted(by: { $0.row < $1.row }) {
            let free = (0..<rows).filter { placed[$0] == nil }.min { abs($0 - row) < abs($1 - row) }
            guard let free, abs(free - row) <= 2 else { continue }
            placed[free] = (names[index], figure.series[index].colour)
        }
        return placed
    }

    /// The bottom frame with tick marks, the tick labels, and the axis label.
    private func xAxis(_ scale: AxisScale, name: String, plotter: Plotter, columns: Int, indent: Int) -> [String] {
        var axis = Array(repeating: Character("─"), count: columns)
        var labels = Array(repeating: Character(" "), count: columns + indent + 1)
        var nextFree = 0
        let placed = scale.ticks.compactMap { tick -> (column: Int, label: String)? in
            guard let x = plotter.dotX(tick.value), (0..<plotter.dotWidth).contains(x) else { return nil }
            return (x / 2, tick.label)
        }
        // Left to right (a reversed axis lists its ticks right to left).
        for tick in placed.sorted(by: { $0.column < $1.column }) {
            let column = tick.column
            axis[column] = "┬"
            let start = min(max(0, indent + 1 + column - tick.label.count / 2), labels.count - tick.label.count)
            guard start >= nextFree else { continue }
            for (offset, character) in tick.label.enumerated() { labels[start + offset] = character }
            nextFree = start + tick.label.count + 1
        }
        let label = name + (scale.isLog ? " (log scale)" : "")
        let centred = String(repeating: " ", count: max(0, indent + 1 + (columns - label.count) / 2)) + label
        return [String(repeating: " ", count: indent) + "└" + String(axis),
                String(String(labels).reversed().drop { $0 == " " }.reversed()), clip(centred)]
    }

    /// `⠤⠤ name` entries (markers as `┆ label`), wrapped to the width.
    private func legend(_ figure: Figure) -> [String] {
        var entries: [(text: String, plain: Int)] = []
        let room = max(1, width - 4)
        if !figure.labelsLineEnds {
            for (index, var series) in figure.series.enumerated() {
                if series.name.count > room { series.name = String(series.name.prefix(room - 1)) + "…" }
                let sample: String
                if case .bars = series.style { sample = "██" } else { sample = Self.sample(colour ? [true] : Self.patterns[index % Self.patterns.count]) }
                entries.append((paint(sample, series.colour) + " " + series.name, sample.count + 1 + series.name.count))
            }
        }
        for var marker in figure.markers {
            if marker.label.count > room - 1 { marker.label = String(marker.label.prefix(room - 2)) + "…" }
            entries.append((paint("┆", marker.colour) + " " + marker.label, 2 + marker.label.count))
        }
        var lines: [String] = [], line = "", lineWidth = 0
        for entry in entries {
            if lineWidth > 0 && lineWidth + 3 + entry.plain > width {
                lines.append(line)
                line = ""
                lineWidth = 0
            }
            line += (lineWidth > 0 ? "   " : "") + entry.text
            lineWidth += (lineWidth > 0 ? 3 : 0) + entry.plain
        }
        if lineWidth > 0 { lines.append(line) }
        return lines
    }

    /// Three cells of a horizontal line drawn with `pattern`.
    static func sample(_ pattern: [Bool]) -> String {
        var canvas = BrailleCanvas(columns: 3, rows: 1)
        canvas.line(from: (0, 2), to: (5, 2), pattern: pattern)
        return canvas.lines[0]
    }

    private func clip(_ text: String) -> String { text.count <= width ? text : String(text.prefix(width - 1)) + "…" }
}

/// Maps values to dot coordinates for one plot area.
struct Plotter {
    let x: AxisScale
    let y: AxisScale
    let dotWidth: Int
    let dotHeight: Int

    func dotX(_ value: Double) -> Int? {
        guard let position = x.position(value) else { return nil }
        return Int((position * Double(dotWidth - 1)).rounded())
    }

    func dotY(_ value: Double) -> Int? {
        guard let position = y.position(value) else { return nil }
        return Int(((1 - position) * Double(dotHeight - 1)).rounded())
    }
}
