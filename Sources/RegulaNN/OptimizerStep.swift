import CKernels
import Foundation
import RegulaTensor

/// The optimizers' update rules as code (the formulas are on `Optimizer`'s cases), with
/// PyTorch's order of float operations so the weights agree to float32 rounding. Each
/// rule is one pass per parameter over the gradient the tape left (penalties included)
/// that also applies proximal L1 and checks finiteness, writing the new values into
/// `Parameter.next` (the trainer commits them only when they are all finite).
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
}

extension Network where Scalar == Float {
    /// Elements per block of the Adam kernel (a multiple of 8): fixed, so sums never
    /// depend on the thread count.
    static var adamBlock: Int { 32_768 }

    /// Applies optimizer step number `t` (from 1) with learning rate `lr` to every
    /// parameter. Returns whether every new value is finite.
    func step(_ optimizer: Optimizer, learningRate lr: Double, step t: Int, decayBiases: Bool) -> Bool {
        var finite = true
        for p in parameters {
            let wd = (p.isWeight || decayBiases) ? optimizer.weightDecay : 0
            var context = UpdateContext(threshold: Float(lr * p.proximalL1))
            update(p, optimizer, lr: lr, t: t, weightDecay: wd, context: &context)
            finite = finite && context.finite
        }
        return finite
    }

    private func update(_ p: Parameter<Float>, _ optimizer: Optimizer, lr: Double, t: Int, weightDecay: Double, context c: inout UpdateContext) {
        let w = p.value.base, out = p.next.base, grad = p.gradient.base, n = p.count
        let wd = Lanes(repeating: Float(weightDecay))
        switch optimizer {
        case .sgd(_, let momentumValue, let dampening, let nesterov, _):
            let negLR = Lanes(repeating: Float(-lr))
            let b = p.state.first?.base
            let momentum = Lanes(repeating: Float(momentumValue)), damp = Lanes(repeating: Float(1 - dampening))
            var i = 0
            while i < n {
                let valid = Swift.min(laneCount, n - i)
                defer { i += laneCount }
                let wi = Lanes.load(w, i, valid)
                var g = Lanes.load(grad, i, valid) + wd * wi
                if let b {
                    let bi = t == 1 ? g : Lanes.load(b, i, valid) * momentum + damp * g
                    bi.store(b, i, valid)
                    g = nesterov ? g + momentum * bi : bi
                }
                c.finish(wi + negLR * g, valid: valid).store(out, i, valid)
            }
        case .adagrad(_, let lrDecay, _, _, let epsValue):
            let clr = Lanes(repeating: Float(-(lr / (1 + Double(t - 1) * lrDecay))))
            let eps = Lanes(repeating: Float(epsValue))
            let s = p.state[0].base
            var i = 0
            while i < n {
                let valid = Swift.min(laneCount, n - i)
                defer { i += laneCount }
                let wi = Lanes.load(w, i, valid)
                let g = Lanes.load(grad, i, valid) + wd * wi
                let si = Lanes.load(s, i, valid) + g * g
                si.store(s, i, valid)
                let std = si.squareRoot() + eps
                c.finish(wi + clr * g / std, valid: valid).store(out, i, valid)
            }
        case .rmsprop(_, let alphaValue, let epsValue, _, let momentumValue, let centered):
            let alpha = Lanes(repeating: Float(alphaValue)), oneMinusAlpha = Float(1 - alphaValue)
            let eps = Lanes(repeating: Float(epsValue)), negLR = Lanes(repeating: Float(-lr))
            let momentum = Lanes(repeating: Float(momentumValue))
            let v = p.state[0].base
            let average = centered ? p.state[1].base : nil
            let buffer = momentumValue > 0 ? p.state[p.state.count - 1].base : nil
            var i = 0
            while i < n {
                let valid = Swift.min(laneCount, n - i)
                defer { i += laneCount }
                let wi = Lanes.load(w, i, valid)
                let g = Lanes.load(grad, i, valid) + wd * wi
                let vi = Lanes.load(v, i, valid) * alpha + Lanes(repeating: oneMinusAlpha) * g * g
                vi.store(v, i, valid)
                var avg: Lanes
                if let average {
                    let ai = lerp(.load(average, i, valid), g, oneMinusAlpha)
                    ai.store(average, i, valid)
                    avg = (vi + -ai * ai).squareRoot()
                } else {
                    avg = vi.squareRoot()
                }
                avg += eps
                if let buffer {
                    let bi = Lanes.load(buffer, i, valid) * momentum + g / avg
                    bi.store(buffer, i, valid)
                    c.finish(wi + negLR * bi, valid: valid).store(out, i, valid)
                } else {
                    c.finish(wi + negLR * g / avg, valid: valid).store(out, i, valid)
                }
            }
        case .adam(_, let beta1, let beta2, let eps, _, let amsgrad):
            adam(p, lr: lr, t: t, beta1: beta1, beta2: beta2, eps: eps, amsgrad: amsgrad, coupledDecay: wd, decayFactor: 1, context: &c)
        case .adamw(_, let beta1, let beta2, let eps, _, let amsgrad):
            adam(p, lr: lr, t: t, beta1: beta1, beta2: beta2, eps: eps, amsgrad: amsgrad, coupledDecay: Lanes(),
                 decayFactor: Float(1 - lr * weightDecay), context: &c)
        }
    }

    /// Adam with coupled decay `g + wd·w`, or AdamW's decoupled `w·(1 − η·wd)` first.
    private func adam(
        _ p: Parameter<Float>, lr: Double, t: Int, beta1: Double, beta2: Double, eps epsValue: Double, amsgrad: Bool,
        coupledDecay wd: Lanes, decayFactor: Float, context c: inout UpdateContext
    ) {
        let w = p.value.base, out = p.next.base, grad = p.gradient.base, n = p.count
        let m = p.state[0].base, v = p.state[1].base
        let vMax = amsgrad ? p.state[2].base : nil
        let step = Double(t)
        let biasCorrection1 = 1 - pow(beta1, step)
        let biasCorrection2 = 1 - pow(beta2, step)
        let negStepSize = Lanes(repeating: Float(-(lr / biasCorrection1)))
        let correction2Sqrt = Lanes(repeating: Float(biasCorrection2.squareRoot()))
        let weight1 = Float(1 - beta1), b2 = Lanes(repeating: Float(beta2))
        let oneMinusB2 = Lanes(repeating: Float(1 - beta2)), eps = Lanes(repeating: Float(epsValue))
        let factor = Lanes(repeating: decayFactor)
        var i = 0
        if vMax == nil && weight1 < 0.5 {
            // The common case: the C kernel (AVX2 or baseline build, same bits) over fixed
            // blocks of `adamBlock` elements spread over the threads. Each block's
            // finiteness sum goes to its own slot and they are added in block order, so the
            // thread count never changes a bit.
            var constants = RegulaAdamConstants(
                wd: wd[0], factor: decayFactor, weight1: weight1, beta2: b2[0],
                oneMinusBeta2: oneMinusB2[0], negStepSize: negStepSize[0], correction2Sqrt: correction2Sqrt[0],
                eps: eps[0], threshold: c.proximal ? c.threshold[0] : 0)
            let blocks = (n + Self.adamBlock - 1) / Self.adamBlock
            if p.blockSums.count < 2 * blocks { p.blockSums = ScalarBuffer(count: 2 * blocks) }
            let sums = p.blockSums.base
            withUnsafePointer(to: &constants) { k in
                let job = AdamJob(constants: k, w: w, grad: grad, m: m, v: v, out: out, n: n, sums: sums)
                // ~1 ns per element: only tensors of ≥ 300k elements (~0.3 ms) pay for a second thread.
                if let pool = gemm.pool, n >= 300_000 {
                    pool.forEachBlock(blocks, job)
                } else {
                    for block in 0..<blocks { job.run(block: block) }
                }
            }
            var done = 0
            for block in 0..<blocks {
                c.check[0] += sums[2 * block]
                done = block * Self.adamBlock + Int(sums[2 * block + 1])
            }
            // Every block but the last is whole; the last one's tail (< 8) is done below.
            i = done
        }
        while i < n {
            let valid = Swift.min(laneCount, n - i)
            defer { i += laneCount }
            let wi = Lanes.load(w, i, valid)
            let g = Lanes.load(grad, i, valid) + wd * wi
            let decayed = decayFactor == 1 ? wi : wi * factor
            let mi = lerp(.load(m, i, valid), g, weight1)
            mi.store(m, i, valid)
            let vi = Lanes.load(v, i, valid) * b2 + oneMinusB2 * g * g
            vi.store(v, i, valid)
            var second = vi
            if let vMax {
                second = pointwiseMax(Lanes.load(vMax, i, valid), vi)
                second.store(vMax, i, valid)
            }
            let denom = second.squareRoot() / correction2Sqrt + eps
            c.finish(decayed + negStepSize * mi / denom, valid: valid).store(out, i, valid)
        }
    }
}

/// One Adam update split in blocks of `adamBlock` elements (plain data for `WorkerPool`):
/// each block writes its own slice, its finiteness sum and how far its vector loop got.
private struct AdamJob: BlockJob {
    let constants: UnsafePointer<RegulaAdamConstants>
    let w: UnsafeMutablePointer<Float>, grad: UnsafeMutablePointer<Float>
    let m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>, out: UnsafeMutablePointer<Float>
    let n: Int
    let sums: UnsafeMutablePointer<Float>

    func run(block: Int) {
        let size = Network<Float>.adamBlock
        let first = block * size
        let count = Swift.min(size, n - first)
        let done = regula_adam_update(constants, w + first, grad + first, m + first, v + first, out + first, count, sums + 2 * block)
        sums[2 * block + 1] = Float(done)
    }
}

/// PyTorch's `lerp(a, b, w)`: `a + w·(b − a)` for `w < 0.5`, else `b − (b − a)·(1 − w)`.
@inline(__always)
func lerp(_ a: Lanes, _ b: Lanes, _ weight: Float) -> Lanes {
    weight < 0.5 ? a + Lanes(repeating: weight) * (b - a) : b - (b - a) * Lanes(repeating: 1 - weight)
}
