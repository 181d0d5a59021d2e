/// One hyper-parameter of an optimizer or a schedule: its name as `torch.optim` spells it,
/// its value, and the range torch accepts. `Optimizer.hyperParameters` and
/// `LearningRateSchedule.hyperParameters` list them; hosts bind arguments, print, document
/// and check optimizers and schedules from those lists alone.
public struct HyperParameter: Sendable, Equatable {
    /// A number (`lr: 0.001`), a count (`step_size: 10`), a flag (`nesterov: false`) or
    /// one of a few words (`mode: "min"`).
    public enum Value: Sendable, Equatable, CustomStringConvertible {
        case number(Double)
        case count(Int)
        case flag(Bool)
        case choice(String)

        public var description: String {
            switch self {
            case .number(let x): return formatNumber(x)
            case .count(let n): return String(n)
            case .flag(let b): return b ? "true" : "false"
            case .choice(let word): return "\"\(word)\""
            }
        }

        /// A number or a count as a number.
        var number: Double? {
            switch self {
            case .number(let x): return x
            case .count(let n): return Double(n)
            case .flag, .choice: return nil
            }
        }

        /// Whether `other` is the same sort of value (both numbers, both flags, ...).
        func isSameSort(as other: Value) -> Bool {
            switch (self, other) {
            case (.number, .number), (.count, .count), (.flag, .flag), (.choice, .choice): return true
            default: return false
            }
        }
    }

    /// The values torch accepts.
    public enum Range: Sendable, Equatable {
        /// Any value (`dampening`, the flags).
        case any
        /// `x ≥ 0` (∞ allowed, as torch does).
        case nonNegative
        /// `0 ≤ x < ∞`.
        case finiteNonNegative
        /// `0 < x < ∞`; the reason says why 0 is refused.
        case finitePositive(because: String)
        /// `0 ≤ x ≤ 1`.
        case unitInterval
        /// `0 ≤ x < 1`.
        case unitIntervalOpenAbove
        /// `0 < x ≤ 1`.
        case unitIntervalOpenBelow
        /// `x ≥ 1`.
        case atLeastOne
        /// One of these words.
        case oneOf([String])
    }

    public let name: String
    public var value: Value
    public let range: Range
    /// A script must give it (`step_lr`'s `step_size`); `value` then only tells its sort.
    public let isRequired: Bool

    public init(_ name: String, _ value: Value, _ range: Range, required: Bool = false) {
        self.name = name
        self.value = value
        self.range = range
        isRequired = required
    }

    public init(_ name: String, _ value: Double, _ range: Range) {
        self.init(name, .number(value), range)
    }

    public init(_ name: String, _ flag: Bool) {
        self.init(name, .flag(flag), .any)
    }

    /// Why the value is out of range (`lr must be a finite number ≥ 0, got -1`), or nil.
    public var problem: String? {
        if case .oneOf(let words) = range, case .choice(let word) = value, !words.contains(word) {
            return "\(name) must be " + words.map { "\"\($0)\"" }.joined(separator: " or ") + ", got \"\(word)\""
        }
        guard let x = value.number else { return nil }
        let got = ", got \(value)"
        switch range {
        case .any, .oneOf: return nil
        case .atLeastOne: return x >= 1 ? nil : "\(name) must be at least 1\(got)"
        case .unitIntervalOpenBelow: return x > 0 && x <= 1 ? nil : "\(name) must be in (0, 1]\(got)"
        case .nonNegative: return x >= 0 ? nil : "\(name) must be ≥ 0\(got)"
        case .finiteNonNegative: return x >= 0 && x.isFinite ? nil : "\(name) must be a finite number ≥ 0\(got)"
        case .finitePositive(let because): return x > 0 && x.isFinite ? nil : "\(name) must be a finite number > 0 (\(because))\(got)"
        case .unitInterval: return x >= 0 && x <= 1 ? nil : "\(name) must be in [0, 1]\(got)"
        case .unitIntervalOpenAbove: return x >= 0 && x < 1 ? nil : "\(name) must be in [0, 1)\(got)"
        }
    }
}
