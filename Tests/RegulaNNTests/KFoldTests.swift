import RegulaNN
import RegulaTensor
import XCTest

final class KFoldTests: XCTestCase {
    func testEveryRowIsValidatedExactlyOnce() throws {
        for (rows, k) in [(10, 3), (7, 7), (100, 5), (5, 2)] {
            let folds = try KFold(rows: rows, k: k, seed: 3).folds
            XCTAssertEqual(folds.count, k)
            XCTAssertEqual(folds.flatMap(\.validation).sorted(), Array(0..<rows))
            for fold in folds {
                XCTAssertEqual((fold.train + fold.validation).sorted(), Array(0..<rows))
                XCTAssertTrue(Set(fold.train).isDisjoint(with: fold.validation))
            }
            // Sizes differ by at most one, larger folds first.
            let sizes = folds.map(\.validation.count)
            XCTAssertLessThanOrEqual((sizes.max() ?? 0) - (sizes.min() ?? 0), 1)
            XCTAssertEqual(sizes, sizes.sorted(by: >))
        }
    }

    func testShuffleIsSeededAndOptional() throws {
        let plain = try KFold(rows: 6, k: 3, shuffle: false, seed: 0).folds
        XCTAssertEqual(plain.map(\.validation), [[0, 1], [2, 3], [4, 5]])
        XCTAssertEqual(plain[1].train, [0, 1, 4, 5])
        let a = try KFold(rows: 30, k: 3, seed: 9).folds, b = try KFold(rows: 30, k: 3, seed: 9).folds
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, try KFold(rows: 30, k: 3, seed: 10).folds)
        XCTAssertNotEqual(a[0].validation, Array(0..<10))
    }

    func testDatasetsAndValidation() throws {
        let folds = try KFold.split(DataFixtures.table(rows: 9), k: 3, seed: 1)
        XCTAssertEqual(folds.map(\.validation.rows), [3, 3, 3])
        XCTAssertEqual(folds.map(\.train.rows), [6, 6, 6])
        XCTAssertEqual(assertDataError(.invalidArgument) { try KFold(rows: 9, k: 1, seed: 0) }?.message,
                       "kfold: k must be at least 2 (got 1)")
        XCTAssertEqual(assertDataError(.invalidArgument) { try KFold(rows: 9, k: 10, seed: 0) }?.message,
                       "kfold: k = 10 is more than the 9 rows of the data")
    }
}
