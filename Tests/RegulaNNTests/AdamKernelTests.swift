import CKernels
import RegulaNN
import XCTest

/// The Adam C kernel: its AVX2 and baseline builds give the same bits, equal to the
/// scalar formula in PyTorch's order; big updates split over threads give the same bits.
final class AdamKernelTests: XCTestCase {
    func testBuildsAgreeBitForBitWithTheScalarFormula() {
        var constants = RegulaAdamConstants(
            wd: 1e-2, factor: 0.9999, weight1: 0.1, beta2: 0.999, oneMinusBeta2: 0.001,
            negStepSize: -0.0019, correction2Sqrt: 0.0447, eps: 1e-8, threshold: 1e-4)
        let n = 1003
        var generator = FixedSeedGenerator()
        var w = (0..<n).map { _ in Float.random(in: -1...1, using: &generator) }
        w[0] = 0; w[1] = -0.0; w[2] = 1e-30; w[3] = 5e-5  // zeros, a tiny value, one the threshold zeroes
        var grad = (0..<n).map { _ in Float.random(in: -1...1, using: &generator) }
        var m0 = (0..<n).map { _ in Float.random(in: -0.1...0.1, using: &generator) }
        var v0 = (0..<n).map { _ in Float.random(in: 0...0.01, using: &generator) }
        // w[3] moves by ~1e-7 this step, so the threshold 1e-4 must zero it.
        grad[3] = 0; m0[3] = 0; v0[3] = 0.005

        func run(avx2: Int32) -> (out: [Float], m: [Float], v: [Float], sums: [Float], done: Int) {
            var m = m0, v = v0, out = [Float](repeating: .nan, count: n), sums = [Float](repeating: 0, count: 1)
            let done = regula_adam_update_variant(avx2, &constants, w, grad, &m, &v, &out, n, &sums)
            return (out, m, v, sums, done)
        }
        let baseline = run(avx2: 0)
        XCTAssertEqual(baseline.done, n - n % 8)
        for i in 0..<baseline.done {
            let g = grad[i] + constants.wd * w[i]
            let m = m0[i] + constants.weight1 * (g - m0[i])
            let v = v0[i] * constants.beta2 + constants.oneMinusBeta2 * g * g
            var r = w[i] * constants.factor + constants.negStepSize * m / (v.squareRoot() / constants.correction2Sqrt + constants.eps)
            let shrunk = abs(r) - constants.threshold
            r = sign(r) * (shrunk < 0 ? 0 : shrunk)
            XCTAssertEqual(baseline.m[i].bitPattern, m.bitPattern, "m[\(i)]")
            XCTAssertEqual(baseline.v[i].bitPattern, v.bitPattern, "v[\(i)]")
            XCTAssertEqual(baseline.out[i].bitPattern, r.bitPattern, "w[\(i)]")
        }
        XCTAssertEqual(baseline.out[3], 0, "proximal L1 gives exact zeros")
        guard regula_kernels_use_avx2() == 1 else { return }
        let avx2 = run(avx2: 1)
        XCTAssertEqual(avx2.out.map(\.bitPattern), baseline.out.map(\.bitPattern))
        XCTAssertEqual(avx2.m.map(\.bitPattern), baseline.m.map(\.bitPattern))
        XCTAssertEqual(avx2.v.map(\.bitPattern), baseline.v.map(\.bitPattern))
        XCTAssertEqual(avx2.sums.map(\.bitPattern), baseline.sums.map(\.bitPattern))
    }

    func testPenaltyKernelBuildsAgreeWithTheScalarFormula() {
        let n = 203
        var generator = FixedSeedGenerator()
        var w = (0..<n).map { _ in Float.random(in: -1...1, using: &generator) }
        w[0] = 0; w[1] = -0.0
        let grad0 = (0..<n).map { _ in Float.random(in: -1...1, using: &generator) }
        let l1: Float = 1e-3, l2x2: Float = 2e-3
        func run(avx2: Int32) -> (grad: [Float], sums: [Float], done: Int) {
            var grad = grad0, sums: [Float] = [0, 0]
            let done = regula_penalty_gradient_variant(avx2, w, &grad, n, l1, l2x2, 1, &sums)
            return (grad, sums, done)
        }
        let baseline = run(avx2: 0)
        XCTAssertEqual(baseline.done, n - n % 8)
        for i in 0..<baseline.done {
            XCTAssertEqual(baseline.grad[i].bitPattern, (grad0[i] + l1 * sign(w[i]) + l2x2 * w[i]).bitPattern, "grad[\(i)]")
        }
        XCTAssertEqual(Double(baseline.sums[0]), w[..<baseline.done].reduce(0) { $0 + Double(abs($1)) }, accuracy: 1e-4)
        guard regula_kernels_use_avx2() == 1 else { return }
        let avx2 = run(avx2: 1)
        XCTAssertEqual(avx2.grad.map(\.bitPattern), baseline.grad.map(\.bitPattern))
        XCTAssertEqual(avx2.sums.map(\.bitPattern), baseline.sums.map(\.bitPattern))
    }

    func testLargeUpdatesSplitOverThreadsGiveTheSameBits() throws {
        // A 600 × 512 weight (307k values): the update runs in 10 blocks, in parallel with 2 threads.
        let data = TestData.classification(rows: 64, features: 512)
        func run(threads: Int) throws -> [Float] {
            var model = try Model(layers: [.dense(DenseLayer(units: 600, activation: .relu)), .dense(DenseLayer(units: 3))], seed: 3)
            _ = try model.train(on: data, configuration: TrainingConfiguration(
                epochs: 2, batchSize: 32, loss: .crossEntropy, penalty: .l1(1e-3, proximal: true) + .l2(1e-3),
                optimizer: .adamw(), threads: threads))
            return TestData.parameters(model)
        }
        let one = try run(threads: 1)
        XCTAssertEqual(try run(threads: 2), one)
    }

    private func sign(_ x: Float) -> Float { x > 0 ? 1 : (x < 0 ? -1 : 0) }
}

/// A fixed-seed SplitMix64, so the kernel test's inputs are the same on every run.
private struct FixedSeedGenerator: RandomNumberGenerator {
    var state: UInt64 = 0x5EED
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
