#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RegulaInterpreter

extension Console {
    /// How `plot` draws on standard output: `COLUMNS` if set, else the terminal's width,
    /// else 80 (a pipe or a file); colours only on a terminal (see `outputUsesColor`).
    var plotSettings: PlotSettings {
        PlotSettings(columns: outputColumns, colour: outputUsesColor)
    }

    /// The width of standard output: `COLUMNS`, the terminal's width, or 80.
    var outputColumns: Int {
        if let text = Environment()["COLUMNS"], let columns = Int(text), columns > 0 { return min(columns, 1000) }
        var size = winsize()
        if outputIsTerminal, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return PlotSettings.defaultColumns
    }
}
