/// How `plot` draws in the host's terminal: set by the host (the CLI measures its
/// terminal); an embedded interpreter draws 80 columns without colour.
public struct PlotSettings: Sendable, Equatable {
    /// The width of a figure in character cells.
    public var columns: Int
    /// ANSI colours (only when the output is a terminal that wants them).
    public var colour: Bool

    public static let defaultColumns = 80

    public init(columns: Int = PlotSettings.defaultColumns, colour: Bool = false) {
        self.columns = columns
        self.colour = colour
    }
}
