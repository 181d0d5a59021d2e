import Foundation

/// A weight matrix reduced for a picture: each cell is the mean |w| of a `block` × `block`
/// square of entries (1 × 1 for small matrices), so exact zeros stay exact: a cell is 0
/// only when every entry in it is 0. Sessions keep these instead of the weights.
public struct WeightMap: Equatable, Sendable {
    /// `layer 1 weight`.
    public var name: String
    /// The matrix's shape (outputs × inputs, PyTorch's layout).
    public var rows: Int
    public var columns: Int
    public var block: Int
    public var cellRows: Int
    public var cellColumns: Int
    /// Mean |w| per cell, row by row.
    public var magnitudes: [Float]
    /// Exact zeros among all the entries.
    public var zeros: Int
    /// The largest |w| and the mean |w| over all entries.
    public var maxMagnitude: Float
    public var meanMagnitude: Float

    /// `values` holds `rows × columns` entries row by row.
    public init(name: String, rows: Int, columns: Int, values: [Float], block: Int) {
        let block = max(1, block)
        self.name = name
        self.rows = rows
        self.columns = columns
        self.block = block
        cellRows = (rows + block - 1) / block
        cellColumns = (columns + block - 1) / block
        var sums = [Float](repeating: 0, count: cellRows * cellColumns)
        var counts = [Int](repeating: 0, count: cellRows * cellColumns)
        var zeros = 0
        var largest: Float = 0
        for row in 0..<rows {
            let cellRow = row / block
            for column in 0..<columns {
                let w = values[row * columns + column]
                if w == 0 { zeros += 1 }
                largest = Swift.max(largest, Swift.abs(w))
                let cell = cellRow * cellColumns + column / block
                sums[cell] += Swift.abs(w)
                counts[cell] += 1
            }
        }
        magnitudes = zip(sums, counts).map { $1 > 0 ? $0 / Float($1) : 0 }
        self.zeros = zeros
        maxMagnitude = largest
        meanMagnitude = rows * columns > 0 ? sums.reduce(0, +) / Float(rows * columns) : 0
    }

    public var count: Int { rows * columns }

    /// The smallest block size that keeps the cells of all `shapes` within `budget`.
    public static func blockSize(for shapes: [(rows: Int, columns: Int)], budget: Int) -> Int {
        var block = 1
        while block < 1 << 16 {
            let cells = shapes.reduce(0) { $0 + (($1.rows + block - 1) / block) * (($1.columns + block - 1) / block) }
            if cells <= budget { return block }
            block += 1
        }
        return block
    }

    /// A PNG of the cells: palette index 0 (`Colormap.zero`) for exact zeros, else the
    /// magnitude on `Colormap` from 0 to `scale` (larger values saturate).
    public func png(scale: Float) -> [UInt8] {
        let pixels = magnitudes.map { Colormap.index(of: $0, scale: scale) }
        return PNGEncoder.indexed(width: cellColumns, height: cellRows, pixels: pixels, palette: Colormap.palette)
    }
}

/// The heat maps' colours: a perceptually even dark-to-light ramp (viridis) for |w|, and
/// white for exact zeros, which no ramp colour is close to. NaN is mid grey.
public enum Colormap {
    public static let zero: (UInt8, UInt8, UInt8) = (255, 255, 255)
    public static let notANumber: (UInt8, UInt8, UInt8) = (128, 128, 128)
    /// Viridis at eight stops (matplotlib's values), interpolated.
    static let stops: [(Double, Double, Double)] = [
        (68, 1, 84), (70, 50, 127), (54, 92, 141), (39, 127, 142),
        (31, 161, 135), (74, 194, 109), (159, 218, 58), (253, 231, 37),
    ]
    /// Levels of the ramp (palette entries 2...255).
    static let levels = 254

    /// Index 0: zero, 1: NaN, 2...255: the ramp.
    public static let palette: [(UInt8, UInt8, UInt8)] = [zero, notANumber] + (0..<levels).map { ramp(Double($0) / Double(levels - 1)) }

    /// The ramp at t in [0, 1].
    public static func ramp(_ t: Double) -> (UInt8, UInt8, UInt8) {
        let scaled = max(0, min(1, t)) * Double(stops.count - 1)
        let i = min(stops.count - 2, Int(scaled))
        let f = scaled - Double(i)
        let a = stops[i], b = stops[i + 1]
        func mix(_ x: Double, _ y: Double) -> UInt8 { UInt8((x + (y - x) * f).rounded()) }
        return (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    static func index(of magnitude: Float, scale: Float) -> UInt8 {
        if magnitude.isNaN { return 1 }
        if magnitude == 0 { return 0 }
        let t = scale > 0 ? Double(magnitude / scale) : 1
        return UInt8(2 + Int((max(0, min(1, t)) * Double(levels - 1)).rounded()))
    }

    /// `#rrggbb` of the ramp at t.
    public static func hex(_ t: Double) -> String {
        let (r, g, b) = ramp(t)
        return String(format: "#%02x%02x%02x", r, g, b)
    }
}
