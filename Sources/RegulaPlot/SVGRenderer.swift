import Foundation

/// Draws a `Figure` as inline SVG for the HTML report: grid, axes with ticks and labels, a
/// legend (or line-end names), series, error bars and markers. Colours come from the
/// page's CSS (classes `s0`, `s1`, ... read `--s0`, `--s1`, ...), so one drawing serves
/// the light and the dark scheme and print. The `<title>` and `<desc>` are what a screen
/// reader announces (`role="img"`).
public struct SVGRenderer {
    public var width: Double
    public var height: Double

    public init(width: Double = 460, height: Double = 260) {
        self.width = width
        self.height = height
    }

    /// Average advance of a character at the tick font size (11px sans-serif), for layout.
    static let characterWidth = 6.4

    /// `id` must be unique in the page (it names the title, description and clip path).
    public func render(_ figure: Figure, id: String) -> String {
        let yScale = AxisScale(figure.y, values: figure.values(onX: false), tickTarget: max(2, Int((height - 60) / 26)))
        let tickWidth = Double(yScale.ticks.map(\.label.count).max() ?? 1) * Self.characterWidth
        let names = figure.labelsLineEnds ? figure.series.map { String($0.name.prefix(16)) } : []
        let legend = legendItems(figure)
        let top = (figure.title.isEmpty ? 8.0 : 24) + (legend.isEmpty ? 0 : 20)
        let left = tickWidth + 26, bottom = 38.0
        let right = names.isEmpty ? 12 : Double(names.map(\.count).max() ?? 0) * Self.characterWidth + 12
        let plot = (x: left, y: top, width: max(40, width - left - right), height: max(30, height - top - bottom))
        let xScale = AxisScale(figure.x, values: figure.values(onX: true), tickTarget: max(2, Int(plot.width / 70)))
        let map = SVGMap(x: xScale, y: yScale, left: plot.x, top: plot.y, width: plot.width, height: plot.height)

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"figure\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\">"
        svg += "<title id=\"\(id)-t\">\(XML.escape(figure.title.isEmpty ? figure.y.label : figure.title))</title>"
        svg += "<desc id=\"\(id)-d\">\(XML.escape(figure.caption))</desc>"
        svg += "<clipPath id=\"\(id)-c\"><rect x=\"\(n(plot.x))\" y=\"\(n(plot.y - 1))\" width=\"\(n(plot.width))\" height=\"\(n(plot.height + 2))\"/></clipPath>"
        if !figure.title.isEmpty { svg += "<text class=\"ttl\" x=\"2\" y=\"14\">\(XML.escape(figure.title))</text>" }
        svg += legendSVG(legend, x: left, y: top - 14)
        svg += axes(figure, map, plot: plot)
        svg += "<g clip-path=\"url(#\(id)-c)\">"
        for marker in figure.markers {
            guard let x = map.x(marker.x) else { continue }
            svg += "<line class=\"mk s\(marker.colour)\" x1=\"\(n(x))\" y1=\"\(n(plot.y))\" x2=\"\(n(x))\" y2=\"\(n(plot.y + plot.height))\"/>"
        }
        for series in figure.series { svg += draw(series, map, baseline: plot.y + plot.height) }
        svg += "</g>"
        if !names.isEmpty { svg += lineEndLabels(figure, names: names, map: map, x: plot.x + plot.width + 4) }
        return svg + "</svg>"
    }

    private func axes(_ figure: Figure, _ map: SVGMap, plot: (x: Double, y: Double, width: Double, height: Double)) -> String {
        var svg = ""
        let bottom = plot.y + plot.height
        for tick in map.yScale.ticks {
            guard let y = map.y(tick.value), y >= plot.y - 0.5, y <= bottom + 0.5 else { continue }
            svg += "<line class=\"gl\" x1=\"\(n(plot.x))\" y1=\"\(n(y))\" x2=\"\(n(plot.x + plot.width))\" y2=\"\(n(y))\"/>"
            svg += "<text class=\"tick\" x=\"\(n(plot.x - 5))\" y=\"\(n(y + 3.5))\" text-anchor=\"end\">\(XML.escape(tick.label))</text>"
        }
        var lastEnd = -Double.infinity
        let xTicks = map.xScale.ticks.compactMap { tick in map.x(tick.value).map { (x: $0, label: tick.label) } }
        for tick in xTicks.sorted(by: { $0.x < $1.x }) where tick.x >= plot.x - 0.5 && tick.x <= plot.x + plot.width + 0.5 {
            svg += "<line class=\"gl\" x1=\"\(n(tick.x))\" y1=\"\(n(plot.y))\" x2=\"\(n(tick.x))\" y2=\"\(n(bottom))\"/>"
            let half = Double(tick.label.count) * Self.characterWidth / 2
            guard tick.x - half > lastEnd + 4 else { continue }
            lastEnd = tick.x + half
            svg += "<text class=\"tick\" x=\"\(n(tick.x))\" y=\"\(n(bottom + 14))\" text-anchor=\"middle\">\(XML.escape(tick.label))</text>"
        }
        svg += "<path class=\"axis\" d=\"M\(n(plot.x)) \(n(plot.y))V\(n(bottom))H\(n(plot.x + plot.width))\"/>"
        let xLabel = figure.x.label + (map.xScale.isLog ? " (log scale)" : "")
        let yLabel = figure.y.label + (map.yScale.isLog ? " (log scale)" : "")
        svg += "<text class=\"lbl\" x=\"\(n(plot.x + plot.width / 2))\" y=\"\(n(bottom + 31))\" text-anchor=\"middle\">\(XML.escape(xLabel))</text>"
        svg += "<text class=\"lbl\" transform=\"translate(11 \(n(plot.y + plot.height / 2))) rotate(-90)\" text-anchor=\"middle\">\(XML.escape(yLabel))</text>"
        return svg
    }

    private func draw(_ series: Series, _ map: SVGMap, baseline: Double) -> String {
        var svg = ""
        let colour = "s\(series.colour)"
        if case .bars(let barWidth) = series.style {
            var d = ""
            for point in series.points {
                guard let a = map.x(point.x - barWidth / 2), let b = map.x(point.x + barWidth / 2), let top = map.y(point.y) else { continue }
                d += "M\(n(min(a, b) + 0.5)) \(n(baseline))V\(n(top))H\(n(max(a, b) - 0.5))V\(n(baseline))Z"
            }
            return "<path class=\"bar \(colour)\" d=\"\(d)\"/>"
        }
        if !series.errorBars.isEmpty {
            var d = ""
            for bar in series.errorBars {
                guard let x = map.x(bar.x), let low = map.y(bar.low), let high = map.y(bar.high) else { continue }
                d += "M\(n(x)) \(n(low))V\(n(high))M\(n(x - 2.5)) \(n(low))h5M\(n(x - 2.5)) \(n(high))h5"
            }
            svg += "<path class=\"err \(colour)\" d=\"\(d)\"/>"
        }
        // A point with no drawable neighbour (a 1-epoch run, a value between NaNs) is a bare
        // "M" that draws nothing: it gets a dot.
        var d = "", penDown = false, isolated = "", lone: (Double, Double)?
        func endSegment() {
            if let (x, y) = lone { isolated += "M\(n(x - 2)) \(n(y))a2 2 0 1 0 4 0a2 2 0 1 0 -4 0" }
            lone = nil
        }
        for point in series.points {
            guard let x = map.x(point.x), let y = map.y(point.y) else {
                endSegment()
                penDown = false
                continue
            }
            lone = penDown ? nil : (x, y)
            d += (penDown ? "L" : "M") + n(x) + " " + n(y)
            penDown = true
        }
        endSegment()
        svg += "<path class=\"line \(colour)\" d=\"\(d)\"/>"
        let dotted = series.style == .linePoints || !series.errorBars.isEmpty
        if !dotted && !isolated.isEmpty { svg += "<path class=\"dot \(colour)\" d=\"\(isolated)\"/>" }
        if dotted {
            var dots = ""
            for point in series.points {
                guard let x = map.x(point.x), let y = map.y(point.y) else { continue }
                dots += "M\(n(x - 2)) \(n(y))a2 2 0 1 0 4 0a2 2 0 1 0 -4 0"
            }
            svg += "<path class=\"dot \(colour)\" d=\"\(dots)\"/>"
        }
        return svg
    }

    private struct LegendItem {
        var text: String
        var colour: Int
        var isMarker: Bool
        var isBar: Bool
    }

    private func legendItems(_ figure: Figure) -> [LegendItem] {
        var items: [LegendItem] = []
        if !figure.labelsLineEnds {
            for series in figure.series {
                var isBar = false
                if case .bars = series.style { isBar = true }
                items.append(LegendItem(text: series.name, colour: series.colour, isMarker: false, isBar: isBar))
            }
        }
        items += figure.markers.map { LegendItem(text: $0.label, colour: $0.colour, isMarker: true, isBar: false) }
        return items
    }

    private func legendSVG(_ items: [LegendItem], x start: Double, y: Double) -> String {
        var svg = "", x = start
        for item in items {
            let colour = "s\(item.colour)"
            if item.isBar {
                svg += "<rect class=\"bar \(colour)\" x=\"\(n(x))\" y=\"\(n(y - 5))\" width=\"14\" height=\"9\"/>"
            } else {
                svg += "<line class=\"\(item.isMarker ? "mk" : "line") \(colour)\" x1=\"\(n(x))\" y1=\"\(n(y))\" x2=\"\(n(x + 16))\" y2=\"\(n(y))\"/>"
            }
            svg += "<text class=\"leg\" x=\"\(n(x + 20))\" y=\"\(n(y + 4))\">\(XML.escape(item.text))</text>"
            x += 32 + Double(item.text.count) * Self.characterWidth
        }
        return svg
    }

    /// Names at the right ends of the lines, nudged apart vertically.
    private func lineEndLabels(_ figure: Figure, names: [String], map: SVGMap, x: Double) -> String {
        var ends: [(y: Double, index: Int)] = []
        for (index, series) in figure.series.enumerated() {
            let end = series.points.max { (map.x($0.x) ?? -1) < (map.x($1.x) ?? -1) }
            guard let end, let y = map.y(end.y) else { continue }
            ends.append((y, index))
        }
        var svg = "", lastY = -Double.infinity
        for end in ends.sorted(by: { $0.y < $1.y }) {
            let y = max(end.y + 3.5, lastY + 11)
            guard y <= height else { break }
            lastY = y
            svg += "<text class=\"leg t\(figure.series[end.index].colour)\" x=\"\(n(x))\" y=\"\(n(y))\">\(XML.escape(names[end.index]))</text>"
        }
        return svg
    }

    /// One decimal, no trailing `.0`: coordinates stay short.
    func n(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

/// Value → pixel mapping of one plot area.
struct SVGMap {
    let xScale: AxisScale
    let yScale: AxisScale
    let left: Double
    let top: Double
    let width: Double
    let height: Double

    init(x: AxisScale, y: AxisScale, left: Double, top: Double, width: Double, height: Double) {
        xScale = x
        yScale = y
        self.left = left
        self.top = top
        self.width = width
        self.height = height
    }

    func x(_ value: Double) -> Double? { xScale.position(value).map { left + $0 * width } }
    func y(_ value: Double) -> Double? { yScale.position(value).map { top + (1 - $0) * height } }
}

/// Escaping for text and attribute values in HTML and SVG.
public enum XML {
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default:
                // Control characters other than tab and newline are not allowed in XML.
                if character.value < 0x20 && character != "\n" && character != "\t" { escaped += "\u{FFFD}" }
                else { escaped.unicodeScalars.append(character) }
            }
        }
        return escaped
    }
}
