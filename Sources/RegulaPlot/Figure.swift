/// A chart: series of points against two axes, with optional vertical markers. The
/// terminal (`TerminalRenderer`) and the HTML report (`SVGRenderer`) draw the same value;
/// `Figures` builds one from data (a run, numbers, a histogram, a regularization path).
public struct Figure: Equatable, Sendable {
    public var title: String
    public var x: AxisSpec
    public var y: AxisSpec
    public var series: [Series]
    /// Vertical lines across the plot (λ_min, λ_1se, the best epoch).
    public var markers: [Marker]
    /// Name each line at its right end instead of in a legend (many lines: a path).
    public var labelsLineEnds: Bool
    /// One sentence for screen readers and the terminal's caption.
    public var caption: String

    public init(title: String, x: AxisSpec, y: AxisSpec, series: [Series], markers: [Marker] = [],
                labelsLineEnds: Bool = false, caption: String = "") {
        self.title = title
        self.x = x
        self.y = y
        self.series = series
        self.markers = markers
        self.labelsLineEnds = labelsLineEnds
        self.caption = caption
    }

    /// Every finite x (or y) a series or marker places on the plot.
    func values(onX: Bool) -> [Double] {
        var values: [Double] = []
        for series in series {
            for point in series.points { values.append(onX ? point.x : point.y) }
            if !onX { for bar in series.errorBars { values += [bar.low, bar.high] } }
            if onX, case .bars(let width) = series.style {
                for point in series.points { values += [point.x - width / 2, point.x + width / 2] }
            }
            if !onX, case .bars = series.style { values.append(0) }
        }
        if onX { values += markers.map(\.x) }
        return values.filter(\.isFinite)
    }
}

/// One axis: its label (with units) and how to scale it.
public struct AxisSpec: Equatable, Sendable {
    public enum Scale: Equatable, Sendable {
        /// Logarithmic when the values are positive and span two decades or more.
        case automatic
        case linear
        case log
    }

    public var label: String
    public var scale: Scale
    /// A fixed range (panels that must be compared share one); nil fits the data.
    public var range: ClosedRange<Double>?
    /// Larger values to the left (λ on a path: features enter from the left as the
    /// penalty weakens, and each line ends at its least penalized value, where it is named).
    public var reversed: Bool

    public init(_ label: String, scale: Scale = .automatic, range: ClosedRange<Double>? = nil, reversed: Bool = false) {
        self.label = label
        self.scale = scale
        self.range = range
        self.reversed = reversed
    }
}

public struct Point: Equatable, Sendable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

/// A vertical interval at `x` (mean ± one standard error).
public struct ErrorBar: Equatable, Sendable {
    public var x: Double
    public var low: Double
    public var high: Double
    public init(x: Double, low: Double, high: Double) {
        self.x = x
        self.low = low
        self.high = high
    }
}

public struct Series: Equatable, Sendable {
    public enum Style: Equatable, Sendable {
        /// Points joined in order; a non-finite point breaks the line.
        case line
        /// Points joined, each also marked.
        case linePoints
        /// Bars from 0 up to each point, `width` wide in x units (a histogram).
        case bars(width: Double)
    }

    public var name: String
    public var points: [Point]
    public var style: Style
    public var errorBars: [ErrorBar]
    /// Index into the palette (terminal colours, the report's `--s0`... variables).
    public var colour: Int

    public init(_ name: String, points: [Point], style: Style = .line, errorBars: [ErrorBar] = [], colour: Int) {
        self.name = name
        self.points = points
        self.style = style
        self.errorBars = errorBars
        self.colour = colour
    }
}

/// A labelled vertical line.
public struct Marker: Equatable, Sendable {
    public var x: Double
    public var label: String
    public var colour: Int
    public init(x: Double, label: String, colour: Int) {
        self.x = x
        self.label = label
        self.colour = colour
    }
}
