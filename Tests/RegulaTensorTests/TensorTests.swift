import RegulaTensor
import XCTest

/// Forward values against hand-computed numbers, and errors thrown (never trapped) with
/// messages that name the operation and both shapes.
final class TensorTests: XCTestCase {
    func testBroadcastingArithmetic() throws {
        let column = try Tensor<Float>(rows: [[1], [2], [3]])
        let row = Tensor<Float>([10, 20, 30, 40])
        let sum = try column + row
        XCTAssertEqual(sum.shape, [3, 4])
        XCTAssertEqual(sum.scalars, [11, 21, 31, 41, 12, 22, 32, 42, 13, 23, 33, 43])

        let m = try Tensor<Double>(rows: [[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(try (m * Tensor([1, 10, 100])).scalars, [1, 20, 300, 4, 50, 600])
        XCTAssertEqual(try (m - Tensor([1, 1, 1])).scalars, [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(try (m / Tensor(2)).scalars, [0.5, 1, 1.5, 2, 2.5, 3])
        XCTAssertEqual(try m.pow(Tensor([2])).scalars, [1, 4, 9, 16, 25, 36])
        XCTAssertEqual((2 - m).scalars, [1, 0, -1, -2, -3, -4])
        XCTAssertEqual((m * 2 + 1).scalars, [3, 5, 7, 9, 11, 13])
        XCTAssertEqual((12 / m).scalars, [12, 6, 4, 3, 2.4, 2])
        XCTAssertEqual((-m).scalars, [-1, -2, -3, -4, -5, -6])
        XCTAssertEqual(try (Tensor<Double>([7, -7, 7, -7, 6]) % Tensor([3, 3, -3, -3, 3])).scalars, [1, 2, -2, -1, 0])
        XCTAssertEqual((Tensor<Double>([5.5, -0.5]) % 2).scalars, [1.5, 1.5])
        XCTAssertEqual((7 % Tensor<Double>([4, -4])).scalars, [3, -1])

        // Middle-axis broadcast: [2, 1, 3] + [2, 1] → [2, 2, 3].
        let a = try Tensor<Double>(validatingShape: [2, 1, 3], scalars: [1, 2, 3, 4, 5, 6])
        let b = try Tensor<Double>(validatingShape: [2, 1], scalars: [10, 20])
        let c = try a + b
        XCTAssertEqual(c.shape, [2, 2, 3])
        XCTAssertEqual(c.scalars, [11, 12, 13, 21, 22, 23, 14, 15, 16, 24, 25, 26])
    }

    func testInPlaceVariantsReuseTheOutput() throws {
        let a = try Tensor<Float>(rows: [[1, 2], [3, 4]])
        var out = Tensor<Float>.zeros([2, 2])
        try Tensor.add(a, Tensor([1, 1]), into: &out)
        XCTAssertEqual(out.scalars, [2, 3, 4, 5])
        try Tensor.multiply(a, a, into: &out)
        XCTAssertEqual(out.scalars, [1, 4, 9, 16])
        var accumulator = a
        try accumulator.add(Tensor([10, 20]))
        XCTAssertEqual(accumulator.scalars, [11, 22, 13, 24])
        XCTAssertThrowsError(try accumulator.add(Tensor.zeros([3, 2])))
    }

    func testUnaryFunctions() throws {
        let x = Tensor<Double>([-2, -0.0, 0, 0.5, 3])
        XCTAssertEqual(x.sign().scalars, [-1, 0, 0, 1, 1])
        XCTAssertEqual(x.abs().scalars, [2, 0, 0, 0.5, 3])
        XCTAssertEqual(x.relu().scalars, [0, 0, 0, 0.5, 3])
        XCTAssertEqual(Tensor<Double>([0, 1]).exp().scalars, [1, M_E_Double])
        XCTAssertEqual(Tensor<Double>([1, 4]).log().scalars[1], 1.3862943611198906, accuracy: 1e-15)
        XCTAssertEqual(Tensor<Double>([4, 9]).sqrt().scalars, [2, 3])
        XCTAssertEqual(Tensor<Double>([0]).sigmoid().scalars, [0.5])
        XCTAssertEqual(Tensor<Double>([-1000, 1000]).sigmoid().scalars, [0, 1])
        XCTAssertEqual(Tensor<Double>([0.5]).tanh().scalars[0], 0.46211715726000974, accuracy: 1e-15)
        // GELU, exact erf form (torch.nn.functional.gelu): gelu(1) = 0.8413447460685429,
        // gelu(−1) = −0.15865525393145707.
        let g = Tensor<Double>([1, -1, 0]).gelu().scalars
        XCTAssertEqual(g[0], 0.8413447460685429, accuracy: 1e-14)
        XCTAssertEqual(g[1], -0.15865525393145707, accuracy: 1e-14)
        XCTAssertEqual(g[2], 0)
        XCTAssertTrue(Tensor<Float>([.nan]).relu().scalars[0].isNaN, "relu keeps NaN visible")
    }

    func testReductions() throws {
        let m = try Tensor<Double>(rows: [[1, 5, 3], [4, 2, 6]])
        XCTAssertEqual(m.sum(), 21)
        XCTAssertEqual(m.mean(), 3.5)
        XCTAssertEqual(try m.max(), 6)
        XCTAssertEqual(try m.min(), 1)
        XCTAssertEqual(try m.argmax(), 5)
        XCTAssertEqual(try m.sum(axis: 0).scalars, [5, 7, 9])
        XCTAssertEqual(try m.sum(axis: 1, keepingDimensions: true).shape, [2, 1])
        XCTAssertEqual(try m.sum(axis: -1).scalars, [9, 12])
        XCTAssertEqual(try m.mean(axis: 0).scalars, [2.5, 3.5, 4.5])
        XCTAssertEqual(try m.max(axis: 1).scalars, [5, 6])
        XCTAssertEqual(try m.min(axis: 0).scalars, [1, 2, 3])
        XCTAssertEqual(try m.argmax(axis: 1).scalars, [1, 2])
        XCTAssertEqual(try m.argmaxIndices(axis: 0), [1, 0, 1])
        XCTAssertEqual(try Tensor<Double>([3, 3, 1]).argmax(), 0, "first of ties")

        let v = Tensor<Double>([3, -4])
        XCTAssertEqual(v.norm(.one), 7)
        XCTAssertEqual(v.norm(.two), 5)
        XCTAssertEqual(v.norm(.infinity), 4)
        XCTAssertEqual(Tensor<Float>([3e30, 4e30]).norm(), 5e30, "no overflow in the squares")
        XCTAssertEqual(NormOrder(p: .infinity), .infinity)
        XCTAssertNil(NormOrder(p: 3))

        XCTAssertEqual(try Tensor<Float>.zeros([3, 0]).sum(axis: 1).scalars, [0, 0, 0])
        XCTAssertEqual(try Tensor<Float>.zeros([3, 0]).sum(axis: 0).shape, [0])
        // Long sums are exact on integers, whatever the blocking.
        let long = Tensor<Float>((0..<1001).map { Float($0) })
        XCTAssertEqual(long.sum(), 500_500)
    }

    func testShapeOps() throws {
        let m = try Tensor<Float>(rows: [[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(try m.reshaped(to: [3, -1]).shape, [3, 2])
        XCTAssertEqual(try m.transposed().scalars, [1, 4, 2, 5, 3, 6])
        XCTAssertEqual(try m.transposed().shape, [3, 2])
        XCTAssertEqual(try m.gatherRows([1, 1, 0]).scalars, [4, 5, 6, 4, 5, 6, 1, 2, 3])
        XCTAssertEqual(try Tensor<Float>([1, 2]).broadcasted(to: [2, 2]).scalars, [1, 2, 1, 2])
        XCTAssertEqual(try m.slice(-1).scalars, [4, 5, 6])
        XCTAssertEqual(try m.slice(0).shape, [3])
        XCTAssertEqual(try Tensor<Float>([7, 8]).slice(1), Tensor(8))
        XCTAssertEqual(try m.element(at: [1, -1]), 6)
        XCTAssertThrowsError(try m.slice(2))
        XCTAssertThrowsError(try m.element(at: [0, 3]))
        XCTAssertThrowsError(try m.element(at: [0]))
        let big = Tensor<Float>(shape: [40, 33], scalars: (0..<1320).map(Float.init))
        let t = try big.transposed()
        XCTAssertEqual(t.scalars[5 * 40 + 7], big.scalars[7 * 33 + 5])
    }

    func testErrorsNameTheOperationAndBothShapes() {
        let a = Tensor<Float>.zeros([3, 4]), b = Tensor<Float>.zeros([5, 2])
        assertThrows(try Tensor.matmul(a, b),
                     "matmul: shapes [3, 4] and [5, 2] are incompatible (inner dimensions 4 and 5 differ)")
        assertThrows(try a + Tensor.zeros([3]),
                     "add: shapes [3, 4] and [3] are incompatible (axis -1 has extents 4 and 3; each must match or be 1)")
        assertThrows(try a * b, "multiply: shapes [3, 4] and [5, 2]")
        assertThrows(try Tensor.matmul(a, Tensor.zeros([4])), "matmul: shapes [3, 4] and [4] are incompatible (both operands must be 2-D)")
        assertThrows(try a.reshaped(to: [5, -1]), "reshape: cannot reshape [3, 4] (12 elements) into [5, -1]")
        assertThrows(try a.reshaped(to: [2, 2]), "reshape: cannot reshape [3, 4] (12 elements) into [2, 2]")
        assertThrows(try a.sum(axis: 2), "sum: axis 2 is out of range for a tensor of shape [3, 4]")
        assertThrows(try a.gatherRows([0, 3]), "gather: row index 3 is out of range for shape [3, 4]")
        assertThrows(try Tensor<Float>.zeros([0]).max(), "max: the tensor of shape [0] is empty")
        assertThrows(try Tensor<Float>(rows: [[1, 2], [3]]), "tensor: row 1 has 1 elements")
        assertThrows(try Tensor<Float>(validatingShape: [2, 2], scalars: [1]), "tensor: shape [2, 2] holds 4 elements")
        assertThrows(try Tensor<Float>([1]).transposed(), "transpose: expects a 2-D tensor, got shape [1]")
        let x = Variable(a, requiresGrad: true)
        assertThrows(try Variable.softmaxCrossEntropy(logits: x, targets: [0, 1, 4]),
                     "cross_entropy: target class 4 is out of range for logits of shape [3, 4]")
        assertThrows(try Variable.meanSquaredError(x, Variable(Tensor.zeros([3]))), "mse: shapes [3, 4] and [3]")
        assertThrows(try x.backward(), "backward: needs a single-element output")
    }

    func testDescriptionShowsShapeDtypeAndClippedPreview() throws {
        XCTAssertEqual(Tensor<Float>(2.5).description, "tensor(2.5, dtype: float32)")
        XCTAssertEqual(Tensor<Double>([1, 0.25, -3]).description, "tensor([   1, 0.25,   -3], shape: [3], dtype: float64)")
        let m = try Tensor<Float>(rows: [[1, 2], [3, 40]])
        XCTAssertEqual(m.description, "tensor([[ 1,  2],\n        [ 3, 40]], shape: [2, 2], dtype: float32)")
        // Up to 1000 elements (NumPy's threshold) a tensor prints whole; past it, clipped.
        let whole = Tensor<Float>((0..<1000).map(Float.init))
        XCTAssertEqual(whole.description, "tensor([" + (0..<1000).map { String(repeating: " ", count: 3 - String($0).count) + String($0) }.joined(separator: ", ") + "], shape: [1000], dtype: float32)")
        let long = Tensor<Float>((0..<1001).map(Float.init))
        XCTAssertEqual(long.description, "tensor([   0,    1,    2,    …,  998,  999, 1000], shape: [1001], dtype: float32)")
        let tall = Tensor<Float>(shape: [250, 4], scalars: (0..<1000).map(Float.init))
        XCTAssertEqual(tall.description.split(separator: "\n").count, 250, "every row of a 1000-element matrix")
        let big = Tensor<Float>(shape: [100, 40], scalars: (0..<4000).map { Float($0) / 8 })
        let lines = big.description.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 7, "three rows, a gap, three rows")
        XCTAssertTrue(lines[0].hasPrefix("tensor([[    0, 0.125,  0.25,     …, 4.625,  4.75, 4.875],"), String(lines[0]))
        XCTAssertTrue(lines[3].contains("…"))
        XCTAssertTrue(big.description.hasSuffix("shape: [100, 40], dtype: float32)"))
        XCTAssertEqual(Tensor<Double>([1e-5, .nan, -.infinity]).description,
                       "tensor([1e-05,   nan,  -inf], shape: [3], dtype: float64)")
        let cube = Tensor<Float>(shape: [2, 1, 2], scalars: [1, 2, 3, 4])
        XCTAssertEqual(cube.description, "tensor([[[1, 2]],\n\n        [[3, 4]]], shape: [2, 1, 2], dtype: float32)")
    }

    func testRandomTensorsAreSeeded() {
        var g1 = RandomGenerator(seed: 7, stream: .initialization)
        var g2 = RandomGenerator(seed: 7, stream: .initialization)
        let a = Tensor<Float>.randomNormal([50], using: &g1)
        XCTAssertEqual(a, Tensor<Float>.randomNormal([50], using: &g2))
        let u = Tensor<Float>.randomUniform([1000], lower: -0.5, upper: 0.5, using: &g1)
        XCTAssertTrue(u.scalars.allSatisfy { $0 >= -0.5 && $0 < 0.5 })
        XCTAssertEqual(u.mean(), 0, accuracy: 0.05)
    }

    private func assertThrows<T>(
        _ expression: @autoclosure () throws -> T, _ prefix: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try expression(), file: file, line: line) { error in
            guard let error = error as? TensorError else {
                return XCTFail("expected a TensorError, got \(error)", file: file, line: line)
            }
            XCTAssertTrue(error.message.hasPrefix(prefix), "message: \(error.message)", file: file, line: line)
        }
    }
}

private let M_E_Double = 2.718281828459045
