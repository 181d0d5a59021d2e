import Foundation

/// How the learning rate changes from epoch to epoch (stepped after each epoch, as
/// PyTorch's `scheduler.step()`); `η₀` is the optimizer's learning rate, `e` the epoch from 0.
public enum LearningRateSchedule: Sendable, Equatable, CustomStringConvertible {
    /// `η = η₀`.
    case constant
    /// `η = η₀·γ^⌊e / stepSize⌋` (PyTorch's `StepLR`).
    case step(stepSize: Int, gamma: Double)
    /// `η = η_min + (η₀ − η_min)·(1 + cos(π·e/T_max))/2` (PyTorch's `CosineAnnealingLR`,
    /// computed with its recursive form so the values agree to rounding).
    case cosine(tMax: Int, etaMin: Double = 0)

    public var description: String {
        switch self {
        case .constant: return "constant"
        case .step(let size, let gamma): return "step(step_size: \(size), gamma: \(formatNumber(gamma)))"
        case .cosine(let tMax, let etaMin):
            return etaMin == 0 ? "cosine(t_max: \(tMax))" : "cosine(t_max: \(tMax), eta_min: \(formatNumber(etaMin)))"
        }
    }

    /// The first out-of-range setting, if any.
    public var validationError: String? {
        switch self {
        case .constant: return nil
        case .step(let size, let gamma):
            if size < 1 { return "step schedule: step_size must be at least 1, got \(size)" }
            return gamma >= 0 && gamma.isFinite ? nil : "step schedule: gamma must be a finite number ≥ 0"
        case .cosine(let tMax, let etaMin):
            if tMax < 1 { return "cosine schedule: t_max must be at least 1, got \(tMax)" }
            return etaMin >= 0 && etaMin.isFinite ? nil : "cosine schedule: eta_min must be a finite number ≥ 0"
        }
    }

    /// The learning rate for `epoch` (≥ 1) given the previous epoch's rate `previous`.
    func next(previous: Double, epoch: Int, base: Double) -> Double {
        switch self {
        case .constant:
            return base
        case .step(let size, let gamma):
            return epoch % size == 0 ? previous * gamma : previous
        case .cosine(let tMax, let etaMin):
            let t = Double(tMax), e = Double(epoch)
            if (epoch - 1 - tMax) % (2 * tMax) == 0 {
                return previous + (base - etaMin) * (1 - cos(Double.pi / t)) / 2
            }
            return (1 + cos(Double.pi * e / t)) / (1 + cos(Double.pi * (e - 1) / t)) * (previous - etaMin) + etaMin
        }
    }
}
