import RegulaTensor
import XCTest

final class ParallelLoopTests: XCTestCase {
    /// Per-block partial sums combined in block order: the same bits with any thread count.
    private func blockedSum(_ x: [Float], threads: Int) -> (Float, [Int]) {
        let blockSize = 1000
        let blocks = (x.count + blockSize - 1) / blockSize
        var partial = [Float](repeating: 0, count: blocks)
        var visits = [Int](repeating: 0, count: blocks)
        let loop = ParallelLoop(threads: threads, minimumParallelNanoseconds: 0)
        partial.withUnsafeMutableBufferPointer { out in
            visits.withUnsafeMutableBufferPointer { seen in
                x.withUnsafeBufferPointer { input in
                    loop.forEachRange(count: x.count, blockSize: blockSize, nanosecondsPerItem: 1) { range in
                        var s: Float = 0
                        for i in range { s += input[i] * input[i] }
                        out[range.lowerBound / blockSize] = s
                        seen[range.lowerBound / blockSize] += 1
                    }
                }
            }
        }
        return (partial.reduce(0, +), visits)
    }

    func testResultsAreBitIdenticalWithOneAndTwoThreads() {
        var g = RandomGenerator(seed: 11, stream: .data)
        let x = (0..<100_003).map { _ in Float(g.normal()) }
        let (one, visitsOne) = blockedSum(x, threads: 1)
        let (two, visitsTwo) = blockedSum(x, threads: 2)
        XCTAssertEqual(one.bitPattern, two.bitPattern)
        XCTAssertEqual(visitsOne, Array(repeating: 1, count: 101), "every block exactly once")
        XCTAssertEqual(visitsTwo, visitsOne)
    }

    func testSmallWorkRunsSerially() {
        let loop = ParallelLoop(threads: 2)  // default threshold: 0.5 ms
        var order: [Int] = []
        loop.forEachBlock(5, estimatedNanoseconds: 1000) { order.append($0) }
        XCTAssertEqual(order, [0, 1, 2, 3, 4])
        XCTAssertEqual(ParallelLoop(threads: 0).threads, 1)
    }

    func testParallelElementwiseOpsMatchSerial() throws {
        var g = RandomGenerator(seed: 12, stream: .data)
        let a = Tensor<Float>.randomNormal([300, 257], using: &g), b = Tensor<Float>.randomNormal([300, 257], using: &g)
        let two = ParallelLoop(threads: 2, minimumParallelNanoseconds: 0)
        var serial = Tensor<Float>.zeros([0]), parallel = Tensor<Float>.zeros([0])
        a.applying(.gelu, into: &serial)
        a.applying(.gelu, into: &parallel, loop: two)
        XCTAssertEqual(serial, parallel)
        try Tensor.multiply(a, b, into: &serial)
        try Tensor.multiply(a, b, into: &parallel, loop: two)
        XCTAssertEqual(serial, parallel)
        XCTAssertEqual(serial, try a * b)
    }
}
