import Foundation
import RegulaNN
import RegulaTensor
import XCTest

/// Issue 12: non-finite scores and data get the same clear treatment as a diverging
/// training loss; an optimizer's eps must be > 0.
final class NonFiniteScoreTests: XCTestCase {
    private func dataset(_ x: [Float], _ y: [Float]) -> Dataset {
        Dataset(features: Tensor(shape: [x.count, 1], scalars: x), targets: y, featureNames: ["x"], targetName: "y",
                task: .regression)
    }

    func testAValidationScoreThatOverflowsStopsTheRun() throws {
        var model = try Model(layers: [.dense(DenseLayer(units: 4, activation: .relu)), .dense(DenseLayer(units: 1))], seed: 1)
        let train = dataset([0.5, 0.25, 1, 0.1], [1, 0, 1, 0]), huge = dataset([3e38, -3e38], [1, 0])
        let config = TrainingConfiguration(epochs: 3, loss: .mse, optimizer: .sgd(lr: 0.01))
        let result = try model.train(on: train, validation: huge, configuration: config)
        guard case .diverged(let divergence) = result.stopReason else {
            return XCTFail("val_loss \(String(describing: result.validationLoss)) passed: \(result.stopReason)")
        }
        let message = divergence.message
        XCTAssertEqual(divergence.epoch, 1)
        guard case .validationNotFinite(let problem) = divergence.cause else { return XCTFail("\(divergence.cause)") }
        XCTAssertTrue(problem.hasPrefix("loss is infinite"), problem)
        XCTAssertTrue(message.hasPrefix("training stopped at epoch 1: the validation loss is infinite"), message)
        XCTAssertThrowsError(try model.evaluate(huge, loss: .mse)) { error in
            XCTAssertTrue("\(error)".contains("the loss is infinite"), "\(error)")
        }
    }

    func testHugeNoiseOrSeparationIsRefused() {
        XCTAssertThrowsError(try SyntheticData.regression(n: 10, features: 2, informative: 1, noise: 1e300, seed: 1))
        XCTAssertThrowsError(try SyntheticData.classification(n: 10, features: 2, informative: 1, classes: 2, separation: 1e300, seed: 1))
        XCTAssertNoThrow(try SyntheticData.regression(n: 10, features: 2, informative: 1, noise: 1e3, seed: 1))
    }

    /// eps = 0 divided 0 by 0 for a parameter with a zero gradient, and the run was then
    /// blamed on the learning rate.
    func testEpsMustBePositive() {
        for optimizer in [Optimizer.adam(eps: 0), .adamw(eps: 0), .adagrad(eps: 0), .rmsprop(eps: 0), .adam(eps: .infinity)] {
            XCTAssertEqual(optimizer.invalidSetting?.setting, "eps", "\(optimizer)")
            XCTAssertTrue(optimizer.invalidSetting?.reason.hasPrefix("eps must be a finite number > 0") ?? false, "\(optimizer)")
        }
        XCTAssertNil(Optimizer.adam(eps: 1e-8).invalidSetting)
    }
}
