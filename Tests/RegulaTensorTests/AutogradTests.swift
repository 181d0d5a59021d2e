import RegulaTensor
import XCTest

/// The tape's behaviour: accumulation, zeroing, no-grad mode, deep graphs, shared nodes.
final class AutogradTests: XCTestCase {
    func testGradientsAccumulateUntilZeroed() throws {
        let w = Variable(Tensor<Double>([1, 2]), requiresGrad: true)
        try (w * w).sum().backward()
        try (w * w).sum().backward()
        XCTAssertEqual(w.grad?.scalars, [4, 8], "two backward passes add up")
        w.zeroGrad()
        XCTAssertNil(w.grad)
        try (w * 3).sum().backward()
        XCTAssertEqual(w.grad?.scalars, [3, 3])
    }

    func testSharedNodeReceivesBothPaths() throws {
        // y = x·x + x through one shared node z = 2x: d/dx (4x² + 2x) = 8x + 2.
        let x = Variable(Tensor<Double>(3), requiresGrad: true)
        let z = try x * 2
        let y = try z * z + z
        try y.backward()
        XCTAssertEqual(x.grad?.scalars, [26])
        // A second backward from a graph sharing z does not reuse stale interior gradients.
        x.zeroGrad()
        try (z * 1).backward()
        XCTAssertEqual(x.grad?.scalars, [2])
    }

    func testNoGradModeRecordsNothing() throws {
        let w = Variable(Tensor<Float>([1, 2]), requiresGrad: true)
        let y = try GradientMode.withoutGradients { try (w * w).sum() }
        XCTAssertFalse(y.requiresGrad)
        XCTAssertTrue(y.isLeaf)
        XCTAssertTrue(GradientMode.isEnabled, "the mode is restored on exit")
        try y.backward()
        XCTAssertNil(w.grad)
        XCTAssertTrue(try (w * w).sum().requiresGrad)
    }

    func testConstantsGetNoGradient() throws {
        let x = Variable(Tensor<Double>([1, 2]))
        let w = Variable(Tensor<Double>([3, 4]), requiresGrad: true)
        try (x * w).sum().backward()
        XCTAssertNil(x.grad)
        XCTAssertEqual(w.grad?.scalars, [1, 2])
        XCTAssertEqual(try (x * w).sum().detached().requiresGrad, false)
    }

    func testDeepGraphNeedsNoRecursion() throws {
        // 100 000 chained nodes: a recursive topological sort or deinit would overflow.
        let x = Variable(Tensor<Float>(1), requiresGrad: true)
        var y = x
        for _ in 0..<100_000 { y = try y + 1 }
        try y.backward()
        XCTAssertEqual(x.grad?.scalars, [1])
        XCTAssertEqual(y.value.scalars, [100_001])
    }

    func testSeededBackwardOnTensorOutput() throws {
        let x = Variable(Tensor<Double>([1, 2, 3]), requiresGrad: true)
        try (x * x).backward(seed: Tensor([1, 0, 2]))
        XCTAssertEqual(x.grad?.scalars, [2, 0, 12])
        XCTAssertThrowsError(try (x * x).backward(seed: Tensor([1])))
    }

    func testFloat32TrainingStepReducesLoss() throws {
        // One linear layer fitted by plain gradient descent: the loss must go down.
        var g = RandomGenerator(seed: 2, stream: .initialization)
        let inputs = Variable(Tensor<Float>.randomNormal([16, 3], using: &g))
        let targets = Variable(try Tensor.matmul(inputs.value, Tensor<Float>(shape: [3, 1], scalars: [1, -2, 0.5])))
        let w = Variable(Tensor<Float>.zeros([1, 3]), requiresGrad: true)
        var losses: [Float] = []
        for _ in 0..<20 {
            let loss = try Variable.meanSquaredError(Variable.matmul(inputs, w, transposeB: true), targets)
            losses.append(loss.value.scalars[0])
            w.zeroGrad()
            try loss.backward()
            w.value.addSameShape(w.grad ?? Tensor.zeros([1, 3]), scaledBy: -0.1)
        }
        XCTAssertLessThan(losses[19], losses[0] * 0.05)
    }
}
