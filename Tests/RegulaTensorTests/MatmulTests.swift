import RegulaTensor
import XCTest

/// Products against a naive triple loop, for every transpose flag, and the row-block
/// decomposition that makes results independent of the thread count.
final class MatmulTests: XCTestCase {

    /// op(a)·op(b) by definition.
    private func naive(_ a: Tensor<Double>, _ b: Tensor<Double>, _ ta: Bool, _ tb: Bool) -> [Double] {
        let (m, k) = ta ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let n = tb ? b.shape[0] : b.shape[1]
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                for p in 0..<k {
                    let x = ta ? a.scalars[p * a.shape[1] + i] : a.scalars[i * k + p]
                    let y = tb ? b.scalars[j * b.shape[1] + p] : b.scalars[p * n + j]
                    c[i * n + j] += x * y
                }
            }
        }
        return c
    }

    func testMatchesNaiveLoopForEveryTransposeFlag() throws {
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let a = sample(ta ? [7, 5] : [5, 7], seed: 21), b = sample(tb ? [3, 7] : [7, 3], seed: 22)
            let c = try Tensor.matmul(a, b, transposeA: ta, transposeB: tb)
            XCTAssertEqual(c.shape, [5, 3])
            for (x, y) in zip(c.scalars, naive(a, b, ta, tb)) { XCTAssertEqual(x, y, accuracy: 1e-12, "ta \(ta) tb \(tb)") }
        }
    }

    func testHandComputedProductAndAccumulation() throws {
        let a = try Tensor<Float>(rows: [[1, 2], [3, 4]]), b = try Tensor<Float>(rows: [[5, 6], [7, 8]])
        XCTAssertEqual(try Tensor.matmul(a, b).scalars, [19, 22, 43, 50])
        var c = Tensor<Float>.ones([2, 2])
        try Tensor.matmul(a, b, alpha: 2, beta: 1, into: &c)
        XCTAssertEqual(c.scalars, [39, 45, 87, 101])
        XCTAssertEqual(try Tensor.matmul(Tensor<Float>.zeros([2, 0]), Tensor<Float>.zeros([0, 3])).scalars, [0, 0, 0, 0, 0, 0])
        var d = Tensor<Float>.ones([2, 3])
        try Tensor.matmul(Tensor<Float>.zeros([2, 0]), Tensor<Float>.zeros([0, 3]), beta: 2, into: &d)
        XCTAssertEqual(d.scalars, [2, 2, 2, 2, 2, 2])
    }

    func testMatrixProductPromotesVectorsLikeNumPy() throws {
        let m = try Tensor<Float>(rows: [[1, 2], [3, 4], [5, 6]])
        let v2 = Tensor<Float>([1, -1]), v3 = Tensor<Float>([1, 0, 2])
        XCTAssertEqual(try Tensor.matrixProduct(m, v2), Tensor([-1, -1, -1]))
        XCTAssertEqual(try Tensor.matrixProduct(v3, m), Tensor([11, 14]))
        XCTAssertEqual(try Tensor.matrixProduct(v3, v3), Tensor(5))
        XCTAssertEqual(try Tensor.matrixProduct(m, Tensor<Float>.ones([2, 1])).shape, [3, 1])
        XCTAssertThrowsError(try Tensor.matrixProduct(m, v3)) { error in
            XCTAssertEqual("\(error)", "matmul: shapes [3, 2] and [3] are incompatible (inner dimensions 2 and 3 differ)")
        }
        XCTAssertThrowsError(try Tensor.matrixProduct(Tensor<Float>(1), m))
    }

    func testRowBlocksMatchNaiveLoopWithTransposedA() throws {
        let a = sample([6, 10], seed: 23), b = sample([6, 4], seed: 24)
        var c = Tensor<Double>.zeros([0])
        try Tensor.matmul(a, b, transposeA: true, into: &c, rowBlock: 3, loop: ParallelLoop(threads: 2, minimumParallelNanoseconds: 0))
        for (x, y) in zip(c.scalars, naive(a, b, true, false)) { XCTAssertEqual(x, y, accuracy: 1e-12) }
    }

    func testRowBlockedProductIsBitIdenticalWithOneAndTwoThreads() throws {
        // K = 784 spans several K-blocks of every kernel path.
        var generator = RandomGenerator(seed: 5, stream: .data)
        let a = Tensor<Float>.randomNormal([256, 784], using: &generator)
        let b = Tensor<Float>.randomNormal([784, 128], using: &generator)
        var one = Tensor<Float>.zeros([0]), two = Tensor<Float>.zeros([0])
        try Tensor.matmul(a, b, into: &one, rowBlock: 32, loop: ParallelLoop(threads: 1))
        try Tensor.matmul(a, b, into: &two, rowBlock: 32, loop: ParallelLoop(threads: 2, minimumParallelNanoseconds: 0))
        XCTAssertEqual(one.scalars, two.scalars)
    }
}
