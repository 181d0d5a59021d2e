import RegulaTensor
import XCTest

final class RandomGeneratorTests: XCTestCase {
    private func draws(_ seed: UInt64, _ stream: RandomStream, _ index: UInt64 = 0, count: Int = 8) -> [UInt64] {
        var g = RandomGenerator(seed: seed, stream: stream, index: index)
        return (0..<count).map { _ in g.nextUInt64() }
    }

    func testSameTripleGivesSameNumbers() {
        XCTAssertEqual(draws(42, .shuffling, 3), draws(42, .shuffling, 3))
    }

    func testStreamsIndicesAndSeedsDiffer() {
        let base = draws(42, .initialization)
        for stream in RandomStream.allCases where stream != .initialization {
            XCTAssertNotEqual(draws(42, stream), base, "\(stream)")
        }
        XCTAssertNotEqual(draws(42, .initialization, 1), base)
        XCTAssertNotEqual(draws(43, .initialization), base)
    }

    func testUniformAndNormalMoments() {
        var g = RandomGenerator(seed: 1, stream: .data)
        let n = 20_000
        let uniform = (0..<n).map { _ in g.nextDouble() }
        XCTAssertTrue(uniform.allSatisfy { $0 >= 0 && $0 < 1 })
        XCTAssertEqual(uniform.reduce(0, +) / Double(n), 0.5, accuracy: 0.01)
        let normal = (0..<n).map { _ in g.normal() }
        let mean = normal.reduce(0, +) / Double(n)
        let variance = normal.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
        XCTAssertEqual(mean, 0, accuracy: 0.03)
        XCTAssertEqual(variance, 1, accuracy: 0.04)
        let floats = (0..<1000).map { _ in g.nextFloat() }
        XCTAssertTrue(floats.allSatisfy { $0 >= 0 && $0 < 1 })
    }

    func testPermutationIsAPermutation() {
        var g = RandomGenerator(seed: 9, stream: .shuffling)
        let p = g.permutation(1000)
        XCTAssertEqual(p.sorted(), Array(0..<1000))
        XCTAssertNotEqual(p, Array(0..<1000))
        XCTAssertNotEqual(p, g.permutation(1000), "successive permutations differ")
    }

    func testBelowStaysInRangeAndCoversIt() {
        var g = RandomGenerator(seed: 3, stream: .splitting)
        var seen = Set<Int>()
        for _ in 0..<500 {
            let x = g.below(7)
            XCTAssertTrue((0..<7).contains(x))
            seen.insert(x)
        }
        XCTAssertEqual(seen.count, 7)
    }
}
