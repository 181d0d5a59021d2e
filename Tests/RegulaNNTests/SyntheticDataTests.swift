import RegulaNN
import RegulaTensor
import XCTest

final class SyntheticDataTests: XCTestCase {
    func testRegressionHasSparseTrueCoefficientsAndIsReproducible() throws {
        let a = try SyntheticData.regression(n: 200, features: 20, informative: 5, noise: 0, seed: 42)
        XCTAssertEqual(a.dataset.features.shape, [200, 20])
        XCTAssertEqual(a.dataset.task, .regression)
        XCTAssertEqual(a.coefficients.count, 20)
        XCTAssertTrue(a.coefficients.prefix(5).allSatisfy { abs($0) >= 1 && abs($0) < 3 })
        XCTAssertEqual(Array(a.coefficients.suffix(15)), Array(repeating: 0, count: 15))
        // Without noise the target is exactly the linear model (up to float32 rounding).
        let x = a.dataset.features.scalars
        for row in 0..<200 {
            var y = Double(a.intercept)
            for j in 0..<20 { y += Double(a.coefficients[j]) * Double(x[row * 20 + j]) }
            XCTAssertEqual(Double(a.dataset.targets[row]), y, accuracy: 1e-4)
        }
        let b = try SyntheticData.regression(n: 200, features: 20, informative: 5, noise: 0, seed: 42)
        XCTAssertEqual(a.dataset.features, b.dataset.features)
        XCTAssertEqual(a.coefficients, b.coefficients)
        let c = try SyntheticData.regression(n: 200, features: 20, informative: 5, noise: 0, seed: 43)
        XCTAssertNotEqual(a.coefficients, c.coefficients)
    }

    func testNoiseHasTheRequestedSize() throws {
        let clean = try SyntheticData.regression(n: 2000, features: 3, informative: 3, noise: 0, seed: 1)
        let noisy = try SyntheticData.regression(n: 2000, features: 3, informative: 3, noise: 0.5, seed: 1)
        XCTAssertEqual(clean.dataset.features, noisy.dataset.features, "noise is drawn after each row's features")
        let residuals = zip(noisy.dataset.targets, clean.dataset.targets).map { Double($0 - $1) }
        let std = (residuals.map { $0 * $0 }.reduce(0, +) / Double(residuals.count)).squareRoot()
        XCTAssertEqual(std, 0.5, accuracy: 0.05)
    }

    func testClassificationIsBalancedAndSeparable() throws {
        let data = try SyntheticData.classification(n: 300, features: 6, informative: 2, classes: 3, seed: 5)
        XCTAssertEqual(data.task, .classification(classes: 3))
        XCTAssertEqual(data.features.shape, [300, 6])
        for label in 0..<3 { XCTAssertEqual(data.targets.filter { $0 == Float(label) }.count, 100) }
        let again = try SyntheticData.classification(n: 300, features: 6, informative: 2, classes: 3, seed: 5)
        XCTAssertEqual(data.features, again.features)
        XCTAssertEqual(data.targets, again.targets)
    }

    func testArgumentsAreValidated() {
        func message(_ body: () throws -> Any) -> String? { assertDataError(.invalidArgument, body)?.message }
        XCTAssertEqual(
            message { try SyntheticData.regression(n: 10, features: 3, informative: 4, noise: 0, seed: 0) },
            "synthetic_regression: informative must be between 0 and features = 3 (got 4)")
        XCTAssertEqual(
            message { try SyntheticData.regression(n: 0, features: 3, informative: 1, noise: 0, seed: 0) },
            "synthetic_regression: n must be at least 1 (got 0)")
        XCTAssertEqual(
            message { try SyntheticData.regression(n: 10, features: 3, informative: 1, noise: -1, seed: 0) },
            "synthetic_regression: noise must be a finite number ≥ 0 (got -1.0)")
        XCTAssertNotNil(message { try SyntheticData.regression(n: Int.max, features: 3, informative: 1, noise: 0, seed: 0) })
        XCTAssertEqual(
            message { try SyntheticData.classification(n: 10, features: 3, informative: 1, classes: 1, seed: 0) },
            "synthetic_classification: classes must be between 2 and 10000 (got 1)")
        XCTAssertNotNil(message { try SyntheticData.classification(n: 10, features: 3, informative: 0, classes: 2, seed: 0) })
    }

    /// The error names the argument at fault, so a host points at it, not at the call.
    func testAnInvalidArgumentNamesItself() {
        XCTAssertThrowsError(try SyntheticData.classification(n: 10, features: 2, informative: 1, classes: 1, separation: 1, seed: 1)) { error in
            XCTAssertEqual((error as? DataError)?.argument, "classes")
        }
        XCTAssertThrowsError(try SyntheticData.regression(n: 0, features: 2, informative: 1, noise: 1, seed: 1)) { error in
            XCTAssertEqual((error as? DataError)?.argument, "n")
        }
    }
}
