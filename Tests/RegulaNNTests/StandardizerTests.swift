import RegulaNN
import RegulaTensor
import XCTest

final class StandardizerTests: XCTestCase {
    private func dataset(_ rows: [[Float]]) -> Dataset {
        Dataset(
            features: Tensor(shape: [rows.count, rows[0].count], scalars: rows.flatMap { $0 }),
            targets: rows.map { _ in 0 }, featureNames: (0..<rows[0].count).map { "f\($0)" },
            targetName: "t", task: .regression)
    }

    private func column(_ data: Dataset, _ j: Int) -> [Float] {
        (0..<data.rows).map { data.features.scalars[$0 * data.featureCount + j] }
    }

    func testPopulationStatisticsLikeScikitLearn() {
        let scaler = Standardizer(fitting: dataset([[1, 5], [2, 5], [3, 5], [6, 5]]))
        XCTAssertEqual(scaler.means, [3, 5])
        // Population std of [1, 2, 3, 6]: sqrt(((−2)² + 1 + 0 + 9) / 4) = sqrt(3.5).
        XCTAssertEqual(scaler.stds[0], Float(3.5.squareRoot()), accuracy: 1e-6)
        XCTAssertEqual(scaler.stds[1], 0)
        XCTAssertEqual(scaler.scales, [scaler.stds[0], 1])
    }

    func testTrainStatisticsOnlyAndConstantColumnsCentred() throws {
        let data = dataset([[1, 5], [2, 5], [3, 5], [6, 5], [10, 9], [20, 1]])
        let parts = try DataSplit.split(data, train: 4.0 / 6, validation: 2.0 / 6, test: 0, shuffle: false, seed: 0)
        let (scaled, scaler) = try parts.standardized()
        XCTAssertEqual(scaler.means, [3, 5], "fitted on the 4 train rows only")
        let train = try XCTUnwrap(scaled.train), validation = try XCTUnwrap(scaled.validation)
        let trainColumn = column(train, 0)
        XCTAssertEqual(trainColumn.reduce(0, +) / 4, 0, accuracy: 1e-6)
        let variance = trainColumn.map { $0 * $0 }.reduce(0, +) / 4
        XCTAssertEqual(variance, 1, accuracy: 1e-5)
        // Validation uses the train statistics, so its mean is not 0.
        XCTAssertEqual(column(validation, 0)[0], (10 - 3) / Float(3.5.squareRoot()), accuracy: 1e-5)
        // The constant column is centred, never divided by zero.
        XCTAssertEqual(column(train, 1), [0, 0, 0, 0])
        XCTAssertEqual(column(validation, 1), [4, -4])
        XCTAssertNil(scaled.test)
        XCTAssertTrue(validation.features.scalars.allSatisfy(\.isFinite))
    }

    func testMismatchedWidthAndMissingTrainPart() throws {
        let scaler = Standardizer(fitting: DataFixtures.table(rows: 3, width: 2))
        assertDataError(.invalidArgument) { try scaler.apply(to: DataFixtures.table(rows: 3, width: 3)) }
        let parts = DataSplit(train: nil, validation: DataFixtures.table(rows: 2), test: nil)
        let error = assertDataError(.invalidArgument) { try parts.standardized() }
        XCTAssertEqual(error?.message, "standardize: there is no train part to fit the statistics on")
    }
}
