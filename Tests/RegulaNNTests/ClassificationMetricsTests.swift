import Foundation
import RegulaNN
import RegulaTensor
import XCTest

/// Confusion matrix, macro precision / recall / F1 and ROC AUC against scikit-learn
/// (`Fixtures/sklearn/metrics.json`, written by `make_metrics.py`).
final class ClassificationMetricsTests: XCTestCase {
    struct Fixture: Decodable {
        let cases: [Case]
    }

    struct Case: Decodable {
        let name: String
        let classes: Int
        let truth: [Int]
        let predicted: [Int]
        let scores: [Double]?
        let confusion: [[Int]]
        let precision: Double
        let recall: Double
        let f1: Double
        let auc: Double?
    }

    func testMetricsMatchScikitLearn() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "metrics", withExtension: "json", subdirectory: "Fixtures/sklearn"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        XCTAssertEqual(fixture.cases.count, 5)
        for c in fixture.cases {
            let metrics = ClassificationMetrics(truth: c.truth, predicted: c.predicted, classes: c.classes, scores: c.scores)
            XCTAssertEqual(metrics.confusion, c.confusion, c.name)
            XCTAssertEqual(metrics.precision, c.precision, accuracy: 1e-12, c.name)
            XCTAssertEqual(metrics.recall, c.recall, accuracy: 1e-12, c.name)
            XCTAssertEqual(metrics.f1, c.f1, accuracy: 1e-12, c.name)
            if let auc = c.auc {
                XCTAssertEqual(try XCTUnwrap(metrics.auc, c.name), auc, accuracy: 1e-12, c.name)
            } else {
                XCTAssertNil(metrics.auc, c.name)
            }
        }
    }

    func testAUCNeedsBothClasses() {
        XCTAssertNil(ClassificationMetrics(truth: [1, 1, 1], predicted: [1, 0, 1], classes: 2, scores: [0.2, -1, 3]).auc)
        XCTAssertEqual(ClassificationMetrics(truth: [0, 1], predicted: [0, 1], classes: 2, scores: [0, 0]).auc, 0.5)
    }

    /// `Model.evaluate` fills them in for classification losses: cross-entropy with two
    /// outputs scores by the logit difference, bce by its logit.
    func testEvaluateReportsThem() throws {
        let data = TestData.classification(rows: 40, classes: 2)
        let model = try Model(layers: TestData.mlp(units: 8, outputs: 2), seed: 3)
        let scores = try model.evaluate(data, loss: .crossEntropy)
        let metrics = try XCTUnwrap(scores.classification)
        XCTAssertEqual(metrics.confusion.flatMap { $0 }.reduce(0, +), 40)
        XCTAssertEqual(Double(metrics.confusion[0][0] + metrics.confusion[1][1]) / 40, scores.accuracy)
        let outputs = try model.predict(data.features).scalars
        let expected = ClassificationMetrics(
            truth: data.targets.map { Int($0) },
            predicted: (0..<40).map { outputs[2 * $0 + 1] > outputs[2 * $0] ? 1 : 0 }, classes: 2,
            scores: (0..<40).map { Double(outputs[2 * $0 + 1]) - Double(outputs[2 * $0]) })
        XCTAssertEqual(metrics, expected)
        let regression = try Model(layers: TestData.mlp(units: 4, outputs: 1), seed: 3)
        XCTAssertNil(try regression.evaluate(TestData.regression(rows: 10, features: 4), loss: .mse).classification)
    }
}
