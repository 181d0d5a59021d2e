/// A regularisation penalty on a tensor `w`: a sum of terms, each one of
///
/// - `l1(λ)`: `λ·Σ|w|`, gradient `λ·sign(w)` with `sign(0) = 0`;
/// - `l2(λ)`: `λ·Σw²`, gradient `2λ·w`;
/// - `elastic_net(α, ρ)`: `l1(α·ρ) + l2(α·(1−ρ)/2)`;
/// - `l1(λ, proximal: true)`: not differentiated; after each optimizer step with learning
///   rate η, soft-thresholding `w ← sign(w)·max(|w| − η·λ, 0)` (weights reach exact zeros).
///
/// - `function(f)`: `Σ f(W)` over the weight matrices the penalty covers, differentiated by
///   `f`'s own pullback (a script's `penalty fn`).
///
/// `none` is the empty sum. `k * p` scales every term's strength (α for elastic net).
/// `description` prints the penalty as written: `l1(0.0001) + l2(0.001)`.
public struct Penalty: Sendable, Equatable, CustomStringConvertible {
    /// One term of the sum.
    public enum Term: Sendable, Equatable {
        case l1(Double, proximal: Bool)
        case l2(Double)
        /// `proximal`: the L1 part is applied as soft-thresholding after each step.
        case elasticNet(alpha: Double, l1Ratio: Double, proximal: Bool)
        /// A penalty written outside the engine: `apply([w])` returns one element.
        case function(ExternalFunction)
    }

    /// The terms in the order they were written.
    public var terms: [Term]

    public init(terms: [Term]) { self.terms = terms }

    /// No penalty.
    public static let none = Penalty(terms: [])
    /// `λ·Σ|w|` (or, with `proximal`, soft-thresholding after each step).
    public static func l1(_ lambda: Double, proximal: Bool = false) -> Penalty {
        Penalty(terms: [.l1(lambda, proximal: proximal)])
    }
    /// `λ·Σw²`.
    public static func l2(_ lambda: Double) -> Penalty { Penalty(terms: [.l2(lambda)]) }
    /// `l1(α·ρ) + l2(α·(1−ρ)/2)`, scikit-learn's parameterisation of the penalty term.
    public static func elasticNet(alpha: Double, l1Ratio: Double, proximal: Bool = false) -> Penalty {
        Penalty(terms: [.elasticNet(alpha: alpha, l1Ratio: l1Ratio, proximal: proximal)])
    }

    public static func + (lhs: Penalty, rhs: Penalty) -> Penalty { Penalty(terms: lhs.terms + rhs.terms) }

    /// Scales every term's strength by `k`.
    public static func * (k: Double, penalty: Penalty) -> Penalty {
        Penalty(terms: penalty.terms.map { term in
            switch term {
            case .l1(let lambda, let proximal): return .l1(k * lambda, proximal: proximal)
            case .l2(let lambda): return .l2(k * lambda)
            case .elasticNet(let alpha, let ratio, let proximal): return .elasticNet(alpha: k * alpha, l1Ratio: ratio, proximal: proximal)
            case .function: return term
            }
        })
    }
    public static func * (penalty: Penalty, k: Double) -> Penalty { k * penalty }

    /// True when the penalty adds nothing (no terms, or all strengths zero and no function).
    public var isNone: Bool { coefficients == PenaltyCoefficients() && functions.isEmpty }

    /// The function terms, in the order they were written.
    public var functions: [ExternalFunction] {
        terms.compactMap { if case .function(let f) = $0 { return f } else { return nil } }
    }

    /// The strengths collapsed to `l1·Σ|w| + l2·Σw²` plus the proximal L1 strength
    /// (function terms are not part of it: see `functions`).
    public var coefficients: PenaltyCoefficients {
        var c = PenaltyCoefficients()
        for term in terms {
            switch term {
            case .l1(let lambda, proximal: false): c.l1 += lambda
            case .l1(let lambda, proximal: true): c.proximalL1 += lambda
            case .l2(let lambda): c.l2 += lambda
            case .elasticNet(let alpha, let ratio, let proximal):
                if proximal { c.proximalL1 += alpha * ratio } else { c.l1 += alpha * ratio }
                c.l2 += alpha * (1 - ratio) / 2
            case .function: break
            }
        }
        return c
    }

    /// The first problem with the strengths, if any (negative or non-finite, ratio outside [0, 1]).
    public var validationError: String? {
        for term in terms {
            switch term {
            case .l1(let lambda, _), .l2(let lambda):
                if !(lambda >= 0 && lambda.isFinite) { return "penalty strength must be a finite number ≥ 0, got \(formatNumber(lambda))" }
            case .elasticNet(let alpha, let ratio, _):
                if !(alpha >= 0 && alpha.isFinite) { return "elastic_net alpha must be a finite number ≥ 0, got \(formatNumber(alpha))" }
                if !(ratio >= 0 && ratio <= 1) { return "elastic_net l1_ratio must be in [0, 1], got \(formatNumber(ratio))" }
            case .function: break
            }
        }
        return nil
    }

    /// The built-in terms' value on `weights`: `l1·Σ|w| + l2·Σw²` (proximal L1 included, as
    /// it is part of the objective even though it is not differentiated). Function terms
    /// are evaluated by the training tape, which knows each weight matrix's shape.
    public func value(_ weights: [Float]) -> Double {
        let c = coefficients
        var absSum = 0.0, squareSum = 0.0
        for w in weights {
            absSum += Double(abs(w))
            squareSum += Double(w) * Double(w)
        }
        return (c.l1 + c.proximalL1) * absSum + c.l2 * squareSum
    }

    public var description: String {
        if terms.isEmpty { return "none" }
        return terms.map { term in
            switch term {
            case .l1(let lambda, let proximal):
                return proximal ? "l1(\(formatNumber(lambda)), proximal: true)" : "l1(\(formatNumber(lambda)))"
            case .l2(let lambda): return "l2(\(formatNumber(lambda)))"
            case .elasticNet(let alpha, let ratio, let proximal):
                return "elastic_net(\(formatNumber(alpha)), \(formatNumber(ratio))\(proximal ? ", proximal: true" : ""))"
            case .function(let f): return f.description
            }
        }.joined(separator: " + ")
    }
}

/// A penalty's strengths collapsed: value `l1·Σ|w| + l2·Σw²`, plus a proximal L1 strength.
public struct PenaltyCoefficients: Sendable, Equatable {
    public var l1 = 0.0
    public var l2 = 0.0
    public var proximalL1 = 0.0
    public init() {}
}
