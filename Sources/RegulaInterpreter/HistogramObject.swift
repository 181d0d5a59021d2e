import Foundation
import RegulaTensor

/// What `histogram(t, bins:)` returns: equal-width bins from the smallest to the largest
/// value, drawn with eighth-block bars, each row with its range and count:
///
///     histogram: 4096 values in 20 bins
///       [-0.125, -0.1125)  ██████████████▍                    312
///       ...
///
/// Fields `counts` (list) and `edges` (bins + 1 numbers). Non-finite values are left out
/// and counted in the header.
final class HistogramObject: HostObject {
    let counts: [Int]
    let edges: [Double]
    let nonFinite: Int

    /// Longest bar, in character cells.
    static let barWidth = 40

    init(values: [Float], bins: Int) {
        let finite = values.filter(\.isFinite).map { Double($0) }
        nonFinite = values.count - finite.count
        let low = finite.min() ?? 0, high = finite.max() ?? 0
        let width = high > low ? (high - low) / Double(bins) : 0
        edges = (0...bins).map { $0 == bins ? high : low + Double($0) * width }
        var counts = [Int](repeating: 0, count: width > 0 ? bins : 1)
        for x in finite {
            let bin = width > 0 ? min(bins - 1, Int((x - low) / width)) : 0
            counts[bin] += 1
        }
        self.counts = counts
    }

    var typeName: String { "histogram" }
    var summary: String {
        "histogram(\(RuntimeMessages.counted(counts.reduce(0, +), "value")), \(RuntimeMessages.counted(counts.count, "bin")))"
    }

    var description: String {
        let total = counts.reduce(0, +)
        var header = "histogram: \(total) value\(total == 1 ? "" : "s") in \(counts.count) bin\(counts.count == 1 ? "" : "s")"
        if nonFinite > 0 { header += " (\(nonFinite) NaN or infinite left out)" }
        let edgeTexts = (counts.count == 1 && edges.count > 2) ? [edges[0], edges[0]].map(Self.number) : edges.map(Self.number)
        let leftWidth = edgeTexts.dropLast().map(\.count).max() ?? 1
        let rightWidth = edgeTexts.dropFirst().map(\.count).max() ?? 1
        let peak = max(counts.max() ?? 0, 1)
        let countWidth = String(peak).count
        var lines = [header]
        for (i, count) in counts.enumerated() {
            let left = edgeTexts[i], right = edgeTexts[min(i + 1, edgeTexts.count - 1)]
            let close = i == counts.count - 1 ? "]" : ")"
            let range = "[" + String(repeating: " ", count: leftWidth - left.count) + left + ", "
                + String(repeating: " ", count: rightWidth - right.count) + right + close
            let bar = Self.bar(Double(count) / Double(peak) * Double(Self.barWidth))
            let padded = bar + String(repeating: " ", count: Self.barWidth - bar.count)
            let countText = String(repeating: " ", count: countWidth - String(count).count) + String(count)
            lines.append("  \(range)  \(padded)  \(countText)")
        }
        return lines.joined(separator: "\n")
    }

    /// `cells` character cells of bar, in eighths: `███▍`.
    static func bar(_ cells: Double) -> String {
        let eighths = Int((cells * 8).rounded())
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
    }

    /// Four significant digits, integral values without a point.
    static func number(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return String(format: "%.4g", x)
    }

    var fieldNames: [String] { ["counts", "edges"] }

    func field(named name: String) throws -> Value? {
        switch name {
        case "counts": return .list(counts.map { .number(Double($0)) })
        case "edges": return .list((counts.count == 1 ? [edges[0], edges[edges.count - 1]] : edges).map { .number($0) })
        default: return nil
        }
    }
}
