import Foundation

/// How the learning rate changes from epoch to epoch, stepped after each epoch as PyTorch's
/// `scheduler.step()` (`torch.optim.lr_scheduler`, with its recursive forms so the values
/// agree to rounding); `η₀` is the optimizer's learning rate, `e` the epoch from 0.
public enum LearningRateSchedule: Sendable, Equatable, CustomStringConvertible {
    /// `η = η₀`.
    case constant
    /// `η = η₀·γ^⌊e / stepSize⌋` (PyTorch's `StepLR`).
    case step(stepSize: Int, gamma: Double)
    /// `η = η_min + (η₀ − η_min)·(1 + cos(π·e/T_max))/2` (PyTorch's `CosineAnnealingLR`).
    case cosine(tMax: Int, etaMin: Double = 0)
    /// `η = η₀·γ^e` (PyTorch's `ExponentialLR`).
    case exponential(gamma: Double)
    /// `η = η₀·(s + (f − s)·min(e, T)/T)`: from `startFactor` to `endFactor` of `η₀` over
    /// `totalIters` epochs, then constant (PyTorch's `LinearLR`; a warm-up when `s < f`).
    case linear(startFactor: Double, endFactor: Double, totalIters: Int)
    /// `η ← max(η·factor, minLR)` when the monitored loss has not improved for more than
    /// `patience` epochs (PyTorch's `ReduceLROnPlateau`).
    case plateau(PlateauRule)

    /// `ReduceLROnPlateau`'s settings, with PyTorch's defaults.
    public struct PlateauRule: Sendable, Equatable {
        public var factor = 0.1
        public var patience = 10
        public var threshold = 1e-4
        /// `rel`: better means `< best·(1 − threshold)` (`mode` min); `abs`: `< best − threshold`.
        public var relativeThreshold = true
        /// Lower is better (`min`), or higher (`max`).
        public var minimize = true
        public var cooldown = 0
        public var minLR = 0.0
        /// A reduction smaller than this is skipped.
        public var eps = 1e-8

        public init(
            factor: Double = 0.1, patience: Int = 10, threshold: Double = 1e-4, relativeThreshold: Bool = true,
            minimize: Bool = true, cooldown: Int = 0, minLR: Double = 0, eps: Double = 1e-8
        ) {
            self.factor = factor
            self.patience = patience
            self.threshold = threshold
            self.relativeThreshold = relativeThreshold
            self.minimize = minimize
            self.cooldown = cooldown
            self.minLR = minLR
            self.eps = eps
        }

        /// PyTorch's `_is_better`.
        func isBetter(_ a: Double, than best: Double) -> Bool {
            switch (minimize, relativeThreshold) {
            case (true, true): return a < best * (1 - threshold)
            case (true, false): return a < best - threshold
            case (false, true): return a > best * (threshold + 1)
            case (false, false): return a > best + threshold
            }
        }
    }

    public var description: String {
        switch self {
        case .constant: return "constant"
        case .step(let size, let gamma): return "step(step_size: \(size), gamma: \(formatNumber(gamma)))"
        case .cosine(let tMax, let etaMin):
            return etaMin == 0 ? "cosine(t_max: \(tMax))" : "cosine(t_max: \(tMax), eta_min: \(formatNumber(etaMin)))"
        case .exponential(let gamma): return "exponential(gamma: \(formatNumber(gamma)))"
        case .linear(let start, let end, let total):
            return "linear(start_factor: \(formatNumber(start)), end_factor: \(formatNumber(end)), total_iters: \(total))"
        case .plateau(let r):
            return "reduce_on_plateau(factor: \(formatNumber(r.factor)), patience: \(r.patience), threshold: \(formatNumber(r.threshold)), "
                + "threshold_mode: \(r.relativeThreshold ? "rel" : "abs"), mode: \(r.minimize ? "min" : "max"), "
                + "cooldown: \(r.cooldown), min_lr: \(formatNumber(r.minLR)))"
        }
    }

    /// The first out-of-range setting, if any (PyTorch's own checks), owned by the name a
    /// script builds the schedule with (`step_lr`, `cosine`, `exponential`, `warmup`,
    /// `reduce_on_plateau`).
    public var invalidSetting: InvalidSetting? {
        func nonNegative(_ x: Double) -> Bool { x >= 0 && x.isFinite }
        func check(_ ok: Bool, _ setting: String, of owner: String, _ reason: String) -> InvalidSetting? {
            ok ? nil : InvalidSetting(setting, of: owner, reason)
        }
        switch self {
        case .constant: return nil
        case .step(let size, let gamma):
            return check(size >= 1, "step_size", of: "step_lr", "step_size must be at least 1, got \(size)")
                ?? check(nonNegative(gamma), "gamma", of: "step_lr", "gamma must be a finite number ≥ 0, got \(formatNumber(gamma))")
        case .cosine(let tMax, let etaMin):
            return check(tMax >= 1, "t_max", of: "cosine", "t_max must be at least 1, got \(tMax)")
                ?? check(nonNegative(etaMin), "eta_min", of: "cosine", "eta_min must be a finite number ≥ 0, got \(formatNumber(etaMin))")
        case .exponential(let gamma):
            return check(nonNegative(gamma), "gamma", of: "exponential", "gamma must be a finite number ≥ 0, got \(formatNumber(gamma))")
        case .linear(let start, let end, let total):
            return check(start > 0 && start <= 1, "start_factor", of: "warmup", "start_factor must be in (0, 1], got \(formatNumber(start))")
                ?? check(end >= 0 && end <= 1, "end_factor", of: "warmup", "end_factor must be in [0, 1], got \(formatNumber(end))")
                ?? check(total >= 1, "total_iters", of: "warmup", "total_iters must be at least 1, got \(total)")
        case .plateau(let r):
            let owner = "reduce_on_plateau"
            return check(r.factor >= 0 && r.factor < 1, "factor", of: owner, "factor must be in [0, 1), got \(formatNumber(r.factor))")
                ?? check(r.patience >= 0, "patience", of: owner, "patience must be ≥ 0, got \(r.patience)")
                ?? check(r.cooldown >= 0, "cooldown", of: owner, "cooldown must be ≥ 0, got \(r.cooldown)")
                ?? check(nonNegative(r.threshold), "threshold", of: owner, "threshold must be a finite number ≥ 0, got \(formatNumber(r.threshold))")
                ?? check(nonNegative(r.minLR), "min_lr", of: owner, "min_lr must be a finite number ≥ 0, got \(formatNumber(r.minLR))")
        }
    }
}

/// One run's schedule state: the learning rate of the current epoch, stepped after each
/// epoch with the loss the run monitors (used by `reduce_on_plateau` only).
struct LearningRateScheduler {
    let schedule: LearningRateSchedule
    let base: Double
    /// The learning rate of the coming epoch.
    private(set) var rate: Double
    /// Epochs finished (PyTorch's `last_epoch`).
    private var epoch = 0
    // ReduceLROnPlateau's state.
    private var best: Double
    private var badEpochs = 0
    private var cooldownLeft = 0

    init(_ schedule: LearningRateSchedule, base: Double) {
        self.schedule = schedule
        self.base = base
        if case .linear(let start, _, _) = schedule { rate = base * start } else { rate = base }
        if case .plateau(let r) = schedule { best = r.minimize ? .infinity : -.infinity } else { best = .infinity }
    }

    /// After an epoch: the next epoch's rate, given the loss the run monitors.
    mutating func step(monitored: Double) {
        epoch += 1
        let e = epoch
        switch schedule {
        case .constant:
            break
        case .step(let size, let gamma):
            if e % size == 0 { rate *= gamma }
        case .cosine(let tMax, let etaMin):
            let t = Double(tMax), x = Double(e)
            if (e - 1 - tMax) % (2 * tMax) == 0 {
                rate += (base - etaMin) * (1 - cos(Double.pi / t)) / 2
            } else {
                rate = (1 + cos(Double.pi * x / t)) / (1 + cos(Double.pi * (x - 1) / t)) * (rate - etaMin) + etaMin
            }
        case .exponential(let gamma):
            rate *= gamma
        case .linear(let start, let end, let total):
            if e <= total {
                rate *= 1 + (end - start) / (Double(total) * start + Double(e - 1) * (end - start))
            }
        case .plateau(let r):
            if r.isBetter(monitored, than: best) {
                best = monitored
                badEpochs = 0
            } else {
                badEpochs += 1
            }
            if cooldownLeft > 0 {
                cooldownLeft -= 1
                badEpochs = 0
            }
            if badEpochs > r.patience {
                let reduced = Swift.max(rate * r.factor, r.minLR)
                if rate - reduced > r.eps { rate = reduced }
                cooldownLeft = r.cooldown
                badEpochs = 0
            }
        }
    }
}
