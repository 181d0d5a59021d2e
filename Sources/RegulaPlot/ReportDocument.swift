/// Everything an HTML report shows, as plain data: the interpreter fills it from what a
/// session ran, trained and drew, and `HTMLReport` lays it out.
public struct ReportDocument: Sendable {
    /// The script's name (or `REPL session`).
    public var title: String
    /// `regula 0.1.0`, `seed 42`, `status succeeded`, ...
    public var facts: [Fact]
    public var runs: [TrainingPanel]
    /// Figures drawn by `plot`, histograms, paths: in the order they were made.
    public var exhibits: [FigureExhibit]
    /// The scripts and REPL entries that ran, with what they printed.
    public var transcript: [TranscriptEntry]
    /// Things the reader should know about what is left out (thinned weight maps, ...).
    public var notes: [String]

    public init(title: String, facts: [Fact] = [], runs: [TrainingPanel] = [], exhibits: [FigureExhibit] = [],
                transcript: [TranscriptEntry] = [], notes: [String] = []) {
        self.title = title
        self.facts = facts
        self.runs = runs
        self.exhibits = exhibits
        self.transcript = transcript
        self.notes = notes
    }
}

/// A name and a value shown as text.
public struct Fact: Equatable, Sendable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// One `train` call: its curves, a summary row, and the model's weights after it.
public struct TrainingPanel: Sendable {
    /// 1 for the session's first `train`.
    public var number: Int
    /// Runs of one group (one model) share their axes and colour scale, so they compare.
    public var group: String
    /// `mlp · penalty l2(0.001)`.
    public var title: String
    /// Settings: `adam(lr: 0.001) · 60 epochs · batch 32`.
    public var details: String
    /// The loss curves; nil when the session did not keep them (a long session keeps
    /// those of evenly spaced runs).
    public var curves: RunCurves?
    /// The columns of the runs table (the same names for every run, in order).
    public var summary: [Fact]
    /// The weight matrices after training; nil when the session did not keep them.
    public var weights: [WeightMap]?

    public init(number: Int, group: String, title: String, details: String, curves: RunCurves?, summary: [Fact], weights: [WeightMap]?) {
        self.number = number
        self.group = group
        self.title = title
        self.details = details
        self.curves = curves
        self.summary = summary
        self.weights = weights
    }
}

/// Figures made together (a histogram, a plot, a path and its CV curve).
public struct FigureExhibit: Sendable {
    public var heading: String
    public var figures: [Figure]
    public init(heading: String, figures: [Figure]) {
        self.heading = heading
        self.figures = figures
    }
}

/// A script or REPL entry and its printed output.
public struct TranscriptEntry: Sendable {
    /// The file name, or `<repl>` for an entry typed in the REPL.
    public var name: String
    public var source: String
    public var output: String
    public var isInteractive: Bool

    public init(name: String, source: String, output: String, isInteractive: Bool) {
        self.name = name
        self.source = source
        self.output = output
        self.isInteractive = isInteractive
    }
}
