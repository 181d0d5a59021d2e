import Foundation
import RegulaTensor

/// The optimizers' update rules as code (the formulas are on `Optimizer`'s cases), with
/// PyTorch's order of float operations so the weights agree to float32 rounding. Each
/// rule is one pass per parameter that also adds the penalty gradient, applies proximal
/// L1, sums the penalty's value, and writes the new values into `Parameter.next`.
extension Network {
    /// Fresh optimizer state for a new training run.
    func resetOptimizerState(for optimizer: Optimizer) {
        for p in parameters {
            switch optimizer {
            case .sgd(_, let momentum, _, _, _):
                p.state = momentum != 0 ? [ScalarBuffer(count: p.count)] : []
            case .adagrad(_, _, _, let initial, _):
                p.state = [ScalarBuffer(count: p.count, repeating: Scalar(initial))]
            case .rmsprop(_, _, _, _, let momentum, let centered):
                p.state = [ScalarBuffer(count: p.count)]
                if centered { p.state.append(ScalarBuffer(count: p.count)) }
                if momentum > 0 { p.state.append(ScalarBuffer(count: p.count)) }
            case .adam(_, _, _, _, _, let amsgrad), .adamw(_, _, _, _, _, let amsgrad):
                p.state = (0..<(amsgrad ? 3 : 2)).map { _ in ScalarBuffer(count: p.count) }
            }
        }
    }

    /// Applies optimizer step number `t` (from 1) with learning rate `lr` to every
    /// parameter. Returns the weight/bias penalties' value before the step and whether
    /// every new value is finite; the new values become current only when `commit` is
    /// called for each parameter (the trainer does so when they are finite).
    @_specialize(where Scalar == Float)
    func step(_ optimizer: Optimizer, learningRate lr: Double, step t: Int, decayBiases: Bool) -> (penalty: Double, finite: Bool) {
        var penaltyTotal = 0.0
        var finite = true
        for p in parameters {
            let wd = (p.isWeight || decayBiases) ? optimizer.weightDecay : 0
            var sums = PenaltySums<Scalar>()
            update(p, optimizer, lr: lr, t: t, weightDecay: wd, sums: &sums)
            let c = p.penalty
            penaltyTotal += (c.l1 + c.proximalL1) * Double(sums.abs) + c.l2 * Double(sums.square)
            finite = finite && sums.check.isFinite
        }
        return (penaltyTotal, finite)
    }

    private func update(
        _ p: Parameter<Scalar>, _ optimizer: Optimizer, lr: Double, t: Int, weightDecay wdValue: Double,
        sums: inout PenaltySums<Scalar>
    ) {
        let w = p.value.base, out = p.next.base, grad = p.gradient.base, n = p.count
        let l1 = Scalar(p.penalty.l1), l2x2 = Scalar(2 * p.penalty.l2)
        let threshold = Scalar(lr * p.penalty.proximalL1)
        let wd = Scalar(wdValue)
        switch optimizer {
        case .sgd(_, let momentumValue, let dampening, let nesterov, _):
            let negLR = Scalar(-lr)
            if momentumValue == 0 {
                for i in 0..<n {
                    let g = penalized(grad[i], w[i], l1: l1, l2x2: l2x2) + wd * w[i]
                    out[i] = finish(w[i] + negLR * g, threshold, &sums, old: w[i])
                }
            } else {
                let momentum = Scalar(momentumValue), damp = Scalar(1 - dampening)
                let b = p.state[0].base
                for i in 0..<n {
                    var g = penalized(grad[i], w[i], l1: l1, l2x2: l2x2) + wd * w[i]
                    b[i] = t == 1 ? g : b[i] * momentum + damp * g
                    g = nesterov ? g + momentum * b[i] : b[i]
                    out[i] = finish(w[i] + negLR * g, threshold, &sums, old: w[i])
                }
            }
        case .adagrad(_, let lrDecay, _, _, let epsValue):
            let clr = Scalar(-(lr / (1 + Double(t - 1) * lrDecay)))
            let eps = Scalar(epsValue)
            let s = p.state[0].base
            for i in 0..<n {
                let g = penalized(grad[i], w[i], l1: l1, l2x2: l2x2) + wd * w[i]
                s[i] = s[i] + g * g
                let std = Scalar.sqrt(s[i]) + eps
                out[i] = finish(w[i] + clr * g / std, threshold, &sums, old: w[i])
            }
        case .rmsprop(_, let alphaValue, let epsValue, _, let momentumValue, let centered):
            let alpha = Scalar(alphaValue), oneMinusAlpha = Scalar(1 - alphaValue), eps = Scalar(epsValue)
            let negLR = Scalar(-lr), momentum = Scalar(momentumValue)
            let v = p.state[0].base
            let average = centered ? p.state[1].base : nil
            let buffer = momentumValue > 0 ? p.state[p.state.count - 1].base : nil
            for i in 0..<n {
                let g = penalized(grad[i], w[i], l1: l1, l2x2: l2x2) + wd * w[i]
                v[i] = v[i] * alpha + oneMinusAlpha * g * g
                var avg: Scalar
                if let average {
                    average[i] = lerp(average[i], g, oneMinusAlpha)
                    avg = Scalar.sqrt(v[i] + -average[i] * average[i])
                } else {
                    avg = Scalar.sqrt(v[i])
                }
                avg += eps
                if let buffer {
                    buffer[i] = buffer[i] * momentum + g / avg
                    out[i] = finish(w[i] + negLR * buffer[i], threshold, &sums, old: w[i])
                } else {
                    out[i] = finish(w[i] + negLR * g / avg, threshold, &sums, old: w[i])
                }
            }
        case .adam(_, let beta1, let beta2, let eps, _, let amsgrad):
            adam(p, lr: lr, t: t, beta1: beta1, beta2: beta2, eps: eps, amsgrad: amsgrad, coupledDecay: wd, decayFactor: 1, sums: &sums)
        case .adamw(_, let beta1, let beta2, let eps, _, let amsgrad):
            let factor = Scalar(1 - lr * wdValue)
            adam(p, lr: lr, t: t, beta1: beta1, beta2: beta2, eps: eps, amsgrad: amsgrad, coupledDecay: 0, decayFactor: factor, sums: &sums)
        }
    }

    /// Adam with coupled decay `g + wd·w`, or AdamW's decoupled `w·(1 − η·wd)` first.
    private func adam(
        _ p: Parameter<Scalar>, lr: Double, t: Int, beta1: Double, beta2: Double, eps epsValue: Double, amsgrad: Bool,
        coupledDecay wd: Scalar, decayFactor: Scalar, sums: inout PenaltySums<Scalar>
    ) {
        let w = p.value.base, out = p.next.base, grad = p.gradient.base, n = p.count
        let l1 = Scalar(p.penalty.l1), l2x2 = Scalar(2 * p.penalty.l2)
        let threshold = Scalar(lr * p.penalty.proximalL1)
        let m = p.state[0].base, v = p.state[1].base
        let vMax = amsgrad ? p.state[2].base : nil
        let step = Double(t)
        let biasCorrection1 = 1 - pow(beta1, step)
        let biasCorrection2 = 1 - pow(beta2, step)
        let negStepSize = Scalar(-(lr / biasCorrection1))
        let correction2Sqrt = Scalar(biasCorrection2.squareRoot())
        let weight1 = Scalar(1 - beta1), b2 = Scalar(beta2), oneMinusB2 = Scalar(1 - beta2), eps = Scalar(epsValue)
        for i in 0..<n {
            let g = penalized(grad[i], w[i], l1: l1, l2x2: l2x2) + wd * w[i]
            let decayed = decayFactor == 1 ? w[i] : w[i] * decayFactor
            m[i] = lerp(m[i], g, weight1)
            v[i] = v[i] * b2 + oneMinusB2 * g * g
            var second = v[i]
            if let vMax {
                vMax[i] = Swift.max(vMax[i], v[i])
                second = vMax[i]
            }
            let denom = Scalar.sqrt(second) / correction2Sqrt + eps
            out[i] = finish(decayed + negStepSize * m[i] / denom, threshold, &sums, old: w[i])
        }
    }
}

/// Running sums of one parameter's update pass.
struct PenaltySums<Scalar: TensorScalar> {
    var abs: Scalar = 0
    var square: Scalar = 0
    /// `Σ 0·w_new`: stays 0 unless some new value is NaN or infinite.
    var check: Scalar = 0
}

/// The end of every update: proximal soft-thresholding `sign(w)·max(|w| − η·λ, 0)` (the
/// identity when the threshold is 0), plus the penalty and finiteness sums.
@inline(__always)
func finish<Scalar: TensorScalar>(_ updated: Scalar, _ threshold: Scalar, _ sums: inout PenaltySums<Scalar>, old: Scalar) -> Scalar {
    sums.abs += abs(old)
    sums.square += old * old
    let result = threshold == 0 ? updated : sign(updated) * Swift.max(abs(updated) - threshold, 0)
    sums.check += result * 0
    return result
}

/// PyTorch's `lerp(a, b, w)`: `a + w·(b − a)` for `w < 0.5`, else `b − (b − a)·(1 − w)`.
@inline(__always)
func lerp<Scalar: TensorScalar>(_ a: Scalar, _ b: Scalar, _ weight: Scalar) -> Scalar {
    weight < 0.5 ? a + weight * (b - a) : b - (b - a) * (1 - weight)
}
