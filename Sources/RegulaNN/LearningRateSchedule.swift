import Foundation

/// How the learning rate changes from epoch to epoch, stepped after each epoch as PyTorch's
/// `scheduler.step()` (`torch.optim.lr_scheduler`, with its recursive forms so the values
/// agree to rounding); `η₀` is the optimizer's learning rate, `e` the epoch from 0. The
/// settings' names, defaults and ranges, and the description: LearningRateSchedule+HyperParameters.swift.
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
        public var factor: Double
        public var patience: Int
        public var threshold: Double
        /// `rel`: better means `< best·(1 − threshold)` (`mode` min); `abs`: `< best − threshold`.
        public var relativeThreshold: Bool
        /// Lower is better (`min`), or higher (`max`).
        public var minimize: Bool
        public var cooldown: Int
        public var minLR: Double
        /// A reduction smaller than this is skipped.
        public var eps: Double

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
