/// One hyper-parameter of an optimizer: its name as `torch.optim` spells it, its value,
/// and the range torch accepts. `Optimizer.hyperParameters` lists them; hosts bind
/// arguments, print, document and check optimizers from that list alone.
public struct HyperParameter: Sendable, Equatable {
    /// A number (`lr: 0.001`) or a flag (`nesterov: false`).
    public enum Value: Sendable, Equatable, CustomStringConvertible {
        case number(Double)
        case flag(Bool)

        public var description: String {
            switch self {
            case .number(let x): return formatNumber(x)
            case .flag(let b): return b ? "true" : "false"
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
    }

    public let name: String
    public var value: Value
    public let range: Range

    public init(_ name: String, _ value: Double, _ range: Range) {
        self.name = name
        self.value = .number(value)
        self.range = range
    }

    public init(_ name: String, _ flag: Bool) {
        self.name = name
        value = .flag(flag)
        range = .any
    }

    /// Why the value is out of range (`lr must be a finite number ≥ 0, got -1`), or nil.
    public var problem: String? {
        guard case .number(let x) = value else { return nil }
        let got = ", got \(formatNumber(x))"
        switch range {
        case .any: return nil
        case .nonNegative: return x >= 0 ? nil : "\(name) must be ≥ 0\(got)"
        case .finiteNonNegative: return x >= 0 && x.isFinite ? nil : "\(name) must be a finite number ≥ 0\(got)"
        case .finitePositive(let because): return x > 0 && x.isFinite ? nil : "\(name) must be a finite number > 0 (\(because))\(got)"
        case .unitInterval: return x >= 0 && x <= 1 ? nil : "\(name) must be in [0, 1]\(got)"
        case .unitIntervalOpenAbove: return x >= 0 && x < 1 ? nil : "\(name) must be in [0, 1)\(got)"
        }
    }
}
