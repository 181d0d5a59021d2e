@testable import RegulaTensor
import XCTest

/// The generator's building blocks against the published reference implementations.
final class RandomReferenceTests: XCTestCase {
    func testXoshiro256StarStarReferenceOutputs() {
        var g = RandomGenerator(seed: 0, stream: .data)
        g.state = (1, 2, 3, 4)
        XCTAssertEqual((0..<4).map { _ in g.nextUInt64() }, [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240])
    }

    func testSplitMix64ReferenceOutputs() {
        var s = SplitMix64(state: 1_234_567)
        XCTAssertEqual((0..<3).map { _ in s.next() }, [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423])
    }

    func testSeededSequenceIsPinned() {
        // Part of the reproducibility contract: changing the derivation of the state from
        // (seed, stream, index) changes every recorded result.
        var g = RandomGenerator(seed: 42, stream: .initialization, index: 0)
        XCTAssertEqual((0..<3).map { _ in g.nextUInt64() },
                       [7_412_079_347_042_718_835, 13_431_810_650_686_749_531, 7_558_638_413_285_318_474])
        XCTAssertEqual(g.normal(), 1.850305489955547)
        XCTAssertEqual(g.nextFloat(), 0.6906329)
    }
}
