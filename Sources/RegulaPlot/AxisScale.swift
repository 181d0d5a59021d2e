import Foundation

/// An axis resolved for drawing: linear or logarithmic, its range and its ticks. Maps a
/// value to a position from 0 (lower end) to 1 (upper end).
public struct AxisScale: Equatable, Sendable {
    public var isLog: Bool
    /// Larger values first (see `AxisSpec.reversed`).
    public var isReversed: Bool
    public var lower: Double
    public var upper: Double
    public var ticks: [Tick]

    public struct Tick: Equatable, Sendable {
        public var value: Double
        public var label: String
    }

    /// Values spanning this ratio or more (two decades) are drawn on a log scale.
    public static let logRatio = 100.0

    /// Whether `values` call for a log scale: all positive, and max / min ≥ `logRatio`.
    public static func prefersLog(_ values: [Double]) -> Bool {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max(), low > 0 else { return false }
        return high / low >= logRatio
    }

    /// Resolves `spec` for `values` with about `tickTarget` ticks. A log scale asked for
    /// explicitly but impossible (a value ≤ 0) falls back to linear.
    public init(_ spec: AxisSpec, values: [Double], tickTarget: Int) {
        let finite = values.filter(\.isFinite)
        var log: Bool
        switch spec.scale {
        case .automatic: log = Self.prefersLog(spec.range.map { [$0.lowerBound, $0.upperBound] } ?? finite)
        case .linear: log = false
        case .log: log = (spec.range?.lowerBound ?? finite.min() ?? 0) > 0
        }
        var low = spec.range?.lowerBound ?? finite.min() ?? 0
        var high = spec.range?.upperBound ?? finite.max() ?? 1
        if log && low <= 0 { log = false }
        if low == high {
            let pad = low == 0 ? 1 : Swift.abs(low) * 0.1
            if log { low /= 2; high *= 2 } else { low -= pad; high += pad }
            (low, high) = (Swift.max(low, -.greatestFiniteMagnitude), Swift.min(high, .greatestFiniteMagnitude))
        }
        isLog = log
        isReversed = spec.reversed
        let target = Swift.max(2, tickTarget)
        if log {
            (lower, upper, ticks) = Self.logTicks(low, high, target: target)
        } else {
            (lower, upper, ticks) = Self.linearTicks(low, high, target: target)
        }
    }

    /// 0 at `lower`, 1 at `upper`; nil for a value the scale cannot place (≤ 0 on a log
    /// scale, NaN, infinities).
    public func position(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        let position: Double
        if isLog {
            guard value > 0 else { return nil }
            position = (Foundation.log10(value) - Foundation.log10(lower)) / (Foundation.log10(upper) - Foundation.log10(lower))
        } else {
            // Halved, so that a range from -1e308 to 1e308 does not overflow to infinity.
            position = (value / 2 - lower / 2) / (upper / 2 - lower / 2)
        }
        guard position.isFinite else { return nil }
        return isReversed ? 1 - position : position
    }

    /// Ticks every 1, 2 or 5 × 10^k, the range widened to whole steps.
    static func linearTicks(_ low: Double, _ high: Double, target: Int) -> (Double, Double, [Tick]) {
        let step = niceStep((high / 2 - low / 2) / Double(target) * 2)
        let first = (low / step).rounded(.down), last = (high / step).rounded(.up)
        // Near ±Double.greatestFiniteMagnitude a whole step more would be infinite.
        let lower = (first * step).isFinite ? first * step : low, upper = (last * step).isFinite ? last * step : high
        var ticks: [Tick] = []
        var k = first
        while k <= last && ticks.count < 100 {
            let value = k * step
            if value.isFinite { ticks.append(Tick(value: value, label: TickLabel.linear(value, step: step))) }
            k += 1
        }
        return (lower, upper, ticks)
    }

    /// The smallest of 1, 2, 5 × 10^k at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, (Foundation.log10(raw)).rounded(.down))
        for factor in [1.0, 2, 5, 10] where factor * magnitude >= raw * (1 - 1e-9) && (factor * magnitude).isFinite {
            return factor * magnitude
        }
        return (10 * magnitude).isFinite ? 10 * magnitude : magnitude
    }

    /// Ticks at powers of ten (every n-th decade when there are many; with 2 and 5 between
    /// when there are few), the range widened to whole decades.
    static func logTicks(_ low: Double, _ high: Double, target: Int) -> (Double, Double, [Tick]) {
        let first = Int(Foundation.log10(low).rounded(.down)), last = Int(Foundation.log10(high).rounded(.up))
        let decades = Swift.max(1, last - first)
        var ticks: [Tick] = []
        let every = Swift.max(1, Int((Double(decades) / Double(target)).rounded(.up)))
        for k in stride(from: first, through: last, by: every) {
            ticks.append(Tick(value: pow(10, Double(k)), label: TickLabel.power(k)))
            if decades * 3 <= target, k < last {
                for factor in [2.0, 5.0] {
                    let value = factor * pow(10, Double(k))
                    ticks.append(Tick(value: value, label: TickLabel.linear(value, step: value)))
                }
            }
        }
        return (pow(10, Double(first)), pow(10, Double(last)), ticks)
    }
}

/// Short tick labels: `0.25`, `40`, `1e-5`, `2e6`.
enum TickLabel {
    static func linear(_ value: Double, step: Double) -> String {
        if value == 0 { return "0" }
        let magnitude = Swift.abs(value)
        if magnitude >= 1e5 || magnitude < 1e-3 { return exponent(value) }
        let decimals = Swift.max(0, -Int(Foundation.log10(step * (1 + 1e-9)).rounded(.down)))
        var text = String(format: "%.\(Swift.min(decimals + 1, 6))f", value)
        // Trim zeros the step did not need (0.250 → 0.25), keep at least `decimals`.
        if text.contains(".") {
            while text.hasSuffix("0"), let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) > decimals + 1 {
                text.removeLast()
            }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// 10^k: plain decimals from 0.001 to 10000, else `1e-5`.
    static func power(_ k: Int) -> String {
        if (0...4).contains(k) { return String(Int(pow(10, Double(k)))) }
        if (-3 ... -1).contains(k) { return "0." + String(repeating: "0", count: -k - 1) + "1" }
        return "1e\(k)"
    }

    /// `2.5e-5`.
    static func exponent(_ value: Double) -> String {
        let k = Int(Foundation.log10(Swift.abs(value)).rounded(.down))
        var mantissa = value / pow(10, Double(k))
        mantissa = (mantissa * 100).rounded() / 100
        var text = String(format: "%g", mantissa)
        if text == "10" || text == "-10" { text = value < 0 ? "-1" : "1"; return text + "e\(k + 1)" }
        return text + "e\(k)"
    }

    /// A value for captions and legends: 4 significant digits.
    static func value(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        return String(format: "%.4g", x)
    }
}
