import Foundation
import RegulaTensor
import XCTest

/// Every primitive and composite against central finite differences in Float64, on
/// shapes that broadcast.
final class GradientTests: XCTestCase {
    func testBinaryOpsBroadcastColumnAgainstRow() throws {
        let a = sample([3, 1], seed: 1), b = sample([4], seed: 2)
        try assertGradients([a, b]) { try weightedSum($0[0] + $0[1]) }
        try assertGradients([a, b]) { try weightedSum($0[0] - $0[1]) }
        try assertGradients([a, b]) { try weightedSum($0[0] * $0[1]) }
    }

    func testBinaryOpsBroadcastMatrixAgainstVector() throws {
        let a = sample([2, 3], seed: 3), b = sample([3], seed: 4, low: 0.5, high: 2)
        try assertGradients([a, b]) { try weightedSum($0[0] * $0[1]) }
        try assertGradients([a, b]) { try weightedSum($0[0] / $0[1]) }
        try assertGradients([b, a]) { try weightedSum($0[0] / $0[1]) }
    }

    func testBroadcastingOverThreeAxes() throws {
        // Middle and leading axes: [2, 1, 3] with [4, 1] and with [3].
        let a = sample([2, 1, 3], seed: 30), b = sample([4, 1], seed: 31), c = sample([3], seed: 32, low: 0.5, high: 2)
        try assertGradients([a, b]) { try weightedSum($0[0] * $0[1]) }
        try assertGradients([a, c]) { try weightedSum($0[0] / $0[1] - $0[1]) }
        try assertGradients([a]) { try weightedSum($0[0].sum(axis: 2, keepingDimensions: true) * $0[0]) }
    }

    func testPowerBothSides() throws {
        let base = sample([2, 3], seed: 5, low: 0.5, high: 2), exponent = sample([3], seed: 6, low: -1.5, high: 2.5)
        try assertGradients([base, exponent]) { try weightedSum($0[0].pow($0[1])) }
        try assertGradients([base]) { try weightedSum($0[0].pow(3)) }
    }

    func testScalarOperators() throws {
        let x = sample([2, 2], seed: 7, low: 0.5, high: 2)
        try assertGradients([x]) { try weightedSum(2 - $0[0] * 3 + 1) }
        try assertGradients([x]) { try weightedSum(1 / $0[0] - $0[0] / 4) }
    }

    func testUnaryFunctions() throws {
        // Away from the kinks of abs, sign and relu: the difference quotient is smooth there.
        var x = sample([2, 5], seed: 8)
        for i in 0..<x.count where abs(x.scalars[i]) < 0.1 { x.scalars[i] = 0.3 }
        let positive = sample([2, 5], seed: 9, low: 0.2, high: 3)
        for op in UnaryOp.allCases {
            let input = (op == .log || op == .sqrt) ? positive : x
            try assertGradients([input], label: op.rawValue) { try weightedSum($0[0].applying(op)) }
        }
        try assertGradients([x]) { try weightedSum(-$0[0]) }
    }

    func testReductions() throws {
        let x = sample([3, 4], seed: 10)
        try assertGradients([x]) { $0[0].sum() }
        try assertGradients([x]) { $0[0].mean() }
        try assertGradients([x]) { try $0[0].max() }
        try assertGradients([x]) { try $0[0].min() }
        for axis in [0, 1, -1] {
            for keep in [false, true] {
                try assertGradients([x]) { try weightedSum($0[0].sum(axis: axis, keepingDimensions: keep)) }
                try assertGradients([x]) { try weightedSum($0[0].mean(axis: axis, keepingDimensions: keep)) }
                try assertGradients([x]) { try weightedSum($0[0].max(axis: axis, keepingDimensions: keep)) }
                try assertGradients([x]) { try weightedSum($0[0].min(axis: axis, keepingDimensions: keep)) }
            }
        }
    }

    func testMatmulWithEveryTransposeFlag() throws {
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let a = sample(ta ? [4, 3] : [3, 4], seed: 11), b = sample(tb ? [2, 4] : [4, 2], seed: 12)
            try assertGradients([a, b]) {
                try weightedSum(Variable.matmul($0[0], $0[1], transposeA: ta, transposeB: tb))
            }
        }
    }

    func testLinearLayer() throws {
        let x = sample([4, 3], seed: 50), w = sample([2, 3], seed: 51), b = sample([2], seed: 52)
        try assertGradients([x, w, b]) { try weightedSum(Variable.linear($0[0], weight: $0[1], bias: $0[2]).tanh()) }
        try assertGradients([x, w]) { try weightedSum(Variable.linear($0[0], weight: $0[1], bias: nil)) }
    }

    func testShapeOps() throws {
        let x = sample([2, 3], seed: 13)
        try assertGradients([x]) { try weightedSum($0[0].reshaped(to: [3, -1])) }
        try assertGradients([x]) { try weightedSum($0[0].transposed()) }
        try assertGradients([sample([4, 3], seed: 14)]) { try weightedSum($0[0].gatherRows([2, 0, 2, 3])) }
    }

    func testSoftmaxCrossEntropyMatchesFiniteDifferencesAndComposite() throws {
        let logits = sample([4, 3], seed: 15, low: -3, high: 3)
        let targets = [0, 2, 1, 2]
        try assertGradients([logits]) { try Variable.softmaxCrossEntropy(logits: $0[0], targets: targets) }

        // The composite −(1/N) Σ onehot ⊙ logSoftmax gives the same value and gradient.
        var onehot = Tensor<Double>.zeros([4, 3])
        for (i, t) in targets.enumerated() { onehot.scalars[i * 3 + t] = 1 }
        let fusedInput = Variable(logits, requiresGrad: true), compositeInput = Variable(logits, requiresGrad: true)
        let fused = try Variable.softmaxCrossEntropy(logits: fusedInput, targets: targets)
        let composite = try -(compositeInput.logSoftmax() * Variable(onehot)).sum() / 4
        try fused.backward()
        try composite.backward()
        XCTAssertEqual(fused.value.scalars[0], composite.value.scalars[0], accuracy: 1e-12)
        for (x, y) in zip(fusedInput.grad?.scalars ?? [], compositeInput.grad?.scalars ?? []) {
            XCTAssertEqual(x, y, accuracy: 1e-12)
        }
        try assertGradients([logits]) { try weightedSum($0[0].logSoftmax(axis: 1)) }
    }

    func testCrossEntropyIsStableForHugeLogits() throws {
        let logits = Variable(try Tensor<Float>(rows: [[1000, 0, -1000], [-500, 500, 0]]), requiresGrad: true)
        let loss = try Variable.softmaxCrossEntropy(logits: logits, targets: [0, 2])
        XCTAssertEqual(loss.value.scalars[0], 250, accuracy: 1e-3)  // (0 + 500) / 2
        try loss.backward()
        XCTAssertTrue(logits.grad?.scalars.allSatisfy(\.isFinite) ?? false)
    }

    func testLossesAndPenalties() throws {
        let p = sample([3, 2], seed: 16), y = sample([3, 2], seed: 17)
        try assertGradients([p, y]) { try Variable.meanSquaredError($0[0], $0[1]) }
        try assertGradients([p, y]) { try Variable.meanAbsoluteError($0[0], $0[1]) }
        try assertGradients([p]) { try Variable.l1Penalty($0[0], lambda: 0.3) }
        try assertGradients([p]) { try Variable.l2Penalty($0[0], lambda: 0.3) }
        try assertGradients([p]) { try Variable.elasticNetPenalty($0[0], alpha: 0.5, l1Ratio: 0.25) }
    }

    func testMaximumAndMinimumRouteTheGradient() throws {
        let a = sample([2, 3], seed: 40), b = sample([3], seed: 41)
        try assertGradients([a, b]) { try weightedSum(Variable.maximum($0[0], $0[1])) }
        try assertGradients([a, b]) { try weightedSum(Variable.minimum($0[0], $0[1])) }
    }

    func testHuberAndBinaryCrossEntropy() throws {
        // Differences on both sides of δ = 0.5.
        let p = sample([4, 2], seed: 42), y = sample([4, 2], seed: 43)
        try assertGradients([p, y]) { try Variable.huberLoss($0[0], $0[1], delta: 0.5) }
        let hand = try Variable.huberLoss(Variable(Tensor<Double>([0.2, 3])), Variable(Tensor([0, 0])), delta: 1)
        XCTAssertEqual(hand.value.scalars[0], (0.5 * 0.04 + 1 * (3 - 0.5)) / 2, accuracy: 1e-15)

        let z = sample([3, 2], seed: 44, low: -4, high: 4)
        let targets = Tensor<Double>(shape: [3, 2], scalars: [1, 0, 0.25, 1, 0, 1])
        try assertGradients([z]) { try Variable.sigmoidBinaryCrossEntropy(logits: $0[0], targets: targets) }
        // Against the definition −[y·log σ(z) + (1−y)·log(1−σ(z))], and at z = 0 exactly.
        let zero = Variable(Tensor<Double>.zeros([2]), requiresGrad: true)
        let loss = try Variable.sigmoidBinaryCrossEntropy(logits: zero, targets: Tensor([1, 0]))
        XCTAssertEqual(loss.value.scalars[0], log(2), accuracy: 1e-15)
        try loss.backward()
        XCTAssertEqual(zero.grad?.scalars, [-0.25, 0.25])
        let huge = try Variable.sigmoidBinaryCrossEntropy(
            logits: Variable(Tensor<Float>([100, -100])), targets: Tensor([0, 1]))
        XCTAssertEqual(huge.value.scalars[0], 100, accuracy: 1e-3)
    }

    func testPenaltyGradientsMatchSpecFormulas() throws {
        // l2(λ): 2λw; l1(λ): λ·sign(w) with sign(0) = 0.
        let w = Variable(Tensor<Double>([-2, 0, 0.5]), requiresGrad: true)
        try Variable.l2Penalty(w, lambda: 0.1).backward()
        XCTAssertEqual(w.grad?.scalars ?? [], [-0.4, 0, 0.1])
        w.zeroGrad()
        try Variable.l1Penalty(w, lambda: 0.1).backward()
        XCTAssertEqual(w.grad?.scalars ?? [], [-0.1, 0, 0.1])
    }
}
