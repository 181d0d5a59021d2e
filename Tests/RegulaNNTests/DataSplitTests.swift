import RegulaNN
import RegulaTensor
import XCTest

final class DataSplitTests: XCTestCase {
    private func ids(_ part: Dataset?) -> [Int] { (part?.targets ?? []).map { Int($0) } }

    func testSubsetGathersRowsInOrder() {
        let data = DataFixtures.table(rows: 5)
        let subset = data.subset(rows: [4, 0, 4])
        XCTAssertEqual(subset.targets, [4, 0, 4])
        XCTAssertEqual(subset.features.shape, [3, 2])
        XCTAssertEqual(subset.features.scalars, [400, 401, 0, 1, 400, 401])
        XCTAssertEqual(subset.featureNames, data.featureNames)
    }

    func testCountsAddUpAndPartsAreDisjoint() throws {
        let data = DataFixtures.table(rows: 101)
        let parts = try DataSplit.split(data, train: 0.15, validation: 0.15, test: 0.7, seed: 42)
        XCTAssertEqual(parts.train?.rows, 15)
        XCTAssertEqual(parts.validation?.rows, 15)
        XCTAssertEqual(parts.test?.rows, 71)
        let all = ids(parts.train) + ids(parts.validation) + ids(parts.test)
        XCTAssertEqual(all.sorted(), Array(0..<101))
        XCTAssertNotEqual(all, Array(0..<101), "shuffled")
        // Features travel with their targets.
        for (row, target) in (parts.test?.targets ?? []).enumerated() {
            XCTAssertEqual(parts.test?.features.scalars[row * 2], target * 100)
        }
    }

    func testSameSeedSameSplitOtherSeedOrIndexOther() throws {
        let data = DataFixtures.table(rows: 50)
        let a = try DataSplit.split(data, train: 0.6, validation: 0.2, test: 0.2, seed: 7)
        let b = try DataSplit.split(data, train: 0.6, validation: 0.2, test: 0.2, seed: 7)
        let c = try DataSplit.split(data, train: 0.6, validation: 0.2, test: 0.2, seed: 8)
        let d = try DataSplit.split(data, train: 0.6, validation: 0.2, test: 0.2, seed: 7, index: 1)
        XCTAssertEqual(ids(a.train), ids(b.train))
        XCTAssertEqual(ids(a.test), ids(b.test))
        XCTAssertNotEqual(ids(a.train), ids(c.train))
        XCTAssertNotEqual(ids(a.train), ids(d.train))
    }

    func testNoShuffleKeepsOrderAndLeftoverRowsAreDropped() throws {
        let data = DataFixtures.table(rows: 10)
        let parts = try DataSplit.split(data, train: 0.5, validation: 0, test: 0.2, shuffle: false, seed: 1)
        XCTAssertEqual(ids(parts.train), [0, 1, 2, 3, 4])
        XCTAssertNil(parts.validation)
        XCTAssertEqual(ids(parts.test), [5, 6])
    }

    func testRemainderGoesToTheLastNonZeroPart() throws {
        XCTAssertEqual(try DataSplit.rowCounts(rows: 10, fractions: [0.15, 0.15, 0.7]), [2, 2, 6])
        XCTAssertEqual(try DataSplit.rowCounts(rows: 7, fractions: [0.5, 0.5, 0]), [4, 3, 0])
        XCTAssertEqual(try DataSplit.rowCounts(rows: 3, fractions: [1, 0, 0]), [3, 0, 0])
        XCTAssertEqual(try DataSplit.rowCounts(rows: 1797, fractions: [0.15, 0.15, 0.7]), [270, 270, 1257])
    }

    func testInvalidFractions() {
        let data = DataFixtures.table(rows: 10)
        func split(_ train: Double, _ validation: Double, _ test: Double) -> String? {
            assertDataError(.invalidArgument) {
                try DataSplit.split(data, train: train, validation: validation, test: test, seed: 0)
            }?.message
        }
        XCTAssertEqual(split(-0.1, 0.5, 0.5), "split: train fraction -0.1 is not between 0 and 1")
        XCTAssertEqual(split(0.5, .nan, 0.5), "split: val fraction nan is not between 0 and 1")
        XCTAssertEqual(split(0, 0, 0), "split: every fraction is 0; give at least one part a positive fraction")
        XCTAssertEqual(split(0.6, 0.3, 0.3), "split: the fractions add up to 1.2, more than 1")
        XCTAssertEqual(
            split(0.9, 0.04, 0.06),
            "split: the val part (fraction 0.04 of 10 rows) would get no rows; use a larger fraction or more data")
        XCTAssertNotNil(try? DataSplit.split(data, train: 0.7, validation: 0.15, test: 0.15, seed: 0))
    }
}
