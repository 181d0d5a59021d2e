import Foundation
import RegulaNN
import RegulaTensor
import XCTest

/// The exact solvers against scikit-learn (`Fixtures/sklearn/make_path_fixtures.py`):
/// Gaussian paths against `enet_path` at `tol=1e-12` (coefficients within 1e-5·max|coef|,
/// the same zero sets, the same λ_max), logistic and multinomial fits against `saga`.
final class LinearParityTests: XCTestCase {
    struct Case: Decodable {
        var name: String
        var loss: String
        var outputs: Int
        var rows: Int
        var features: Int
        var l1: Double
        var l2: Double
        var x: [Double]
        var y: [Double]
        var lambda_max: Double?
        var lambdas: [Double]
        var coef: [[Double]]
        var intercept: [[Double]]
    }

    struct Fixture: Decodable { var cases: [Case] }

    static let fixture: Fixture? = {
        guard let url = Bundle.module.url(forResource: "paths", withExtension: "json", subdirectory: "Fixtures/sklearn"),
              let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(Fixture.self, from: data)
    }()

    func cases(_ loss: String) throws -> [Case] {
        let fixture = try XCTUnwrap(Self.fixture, "Fixtures/sklearn/paths.json")
        return fixture.cases.filter { $0.loss == loss }
    }

    func dataset(_ c: Case) -> Dataset {
        let task: Task = c.loss == "mse" ? .regression : .classification(classes: max(2, c.outputs))
        return Dataset(features: Tensor(shape: [c.rows, c.features], scalars: c.x.map { Float($0) }), targets: c.y.map { Float($0) },
                       featureNames: (0..<c.features).map { "x\($0)" }, targetName: "y", task: task)
    }

    func loss(_ c: Case) -> Loss { c.loss == "mse" ? .mse : c.loss == "bce" ? .bce : .crossEntropy }

    func testGaussianPathsMatchEnetPath() throws {
        let gaussian = try cases("mse")
        XCTAssertEqual(gaussian.count, 4)
        for c in gaussian {
            let data = dataset(c)
            let penalty = Penalty(terms: [.l1(c.l1, proximal: false), .l2(c.l2)])
            let top = try XCTUnwrap(LinearPath.lambdaMax(data: data, loss: .mse, outputs: 1, fitsIntercept: true, penalty: penalty))
            XCTAssertEqual(top, try XCTUnwrap(c.lambda_max), accuracy: 1e-10 * top, c.name)
            for threads in [1, 2] {
                let path = try LinearPath.run(data: data, loss: .mse, outputs: 1, fitsIntercept: true, penalty: penalty, lambdas: c.lambdas,
                                              folds: [], settings: LinearSolverSettings(tolerance: 1e-20), work: IndependentWork(threads: threads))
                let coefficients = try XCTUnwrap(path.coefficients)
                for (i, expected) in c.coef.enumerated() {
                    let got = coefficients[i]
                    let scale = max(expected.map(abs).max() ?? 0, 1e-12)
                    for j in expected.indices {
                        XCTAssertEqual(got.weights[j], expected[j], accuracy: 1e-5 * scale, "\(c.name) λ[\(i)] w[\(j)]")
                        XCTAssertEqual(got.weights[j] == 0, expected[j] == 0, "\(c.name) λ[\(i)] zero set at \(j)")
                    }
                    XCTAssertEqual(got.intercepts[0], c.intercept[i][0], accuracy: 1e-5 * max(scale, abs(c.intercept[i][0])), "\(c.name) intercept")
                }
            }
        }
    }

    func testLogisticAndMultinomialMatchSaga() throws {
        let classification = try cases("bce") + cases("cross_entropy")
        XCTAssertEqual(classification.count, 3)
        for c in classification {
            let data = dataset(c)
            let solver = try LinearSolver(data: data, loss: loss(c), outputs: c.outputs)
            for (i, lambda) in c.lambdas.enumerated() {
                let fit = solver.fit(LinearPenalty(l1: lambda * c.l1, l2: lambda * c.l2), settings: LinearSolverSettings(tolerance: 1e-14))
                XCTAssertEqual(fit.status, .converged, c.name)
                let expected = c.coef[i]
                let scale = expected.map(abs).max() ?? 1
                for j in expected.indices {
                    XCTAssertEqual(fit.coefficients.weights[j], expected[j], accuracy: 1e-4 * scale, "\(c.name) λ \(lambda) w[\(j)]")
                    // saga's zeros are exact too, but its last digits are not: compare the
                    // zero sets where sklearn's weight is clearly away from zero.
                    if abs(expected[j]) > 1e-6 * scale { XCTAssertNotEqual(fit.coefficients.weights[j], 0, "\(c.name) λ \(lambda) w[\(j)] nonzero") }
                    if expected[j] == 0 { XCTAssertLessThan(abs(fit.coefficients.weights[j]), 1e-6 * scale, "\(c.name) λ \(lambda) w[\(j)] zero") }
                }
                for k in c.intercept[i].indices {
                    XCTAssertEqual(fit.coefficients.intercepts[k], c.intercept[i][k], accuracy: 1e-4 * max(scale, 1), "\(c.name) intercept \(k)")
                }
            }
        }
    }
}
