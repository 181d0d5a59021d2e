import RegulaNN
import RegulaTensor
import XCTest

final class TrainingLoopTests: XCTestCase {
    let data = TestData.classification(rows: 50)

    func train(
        _ config: TrainingConfiguration, layers: [Layer] = TestData.mlp(), seed: UInt64 = 1,
        validation: Dataset? = nil, cancellation: CancellationToken? = nil, progress: ((EpochRecord) -> Void)? = nil
    ) throws -> (Model, TrainingResult) {
        var model = try Model(layers: layers, seed: seed)
        let result = try model.train(on: data, validation: validation, configuration: config, cancellation: cancellation, progress: progress)
        return (model, result)
    }

    func testHistoryKeepsDataLossAndPenaltyApartAndKeepsThePartialBatch() throws {
        var seen: [Int] = []
        let config = TrainingConfiguration(epochs: 4, batchSize: 16, loss: .crossEntropy, penalty: .l2(0.01),
                                           optimizer: .sgd(lr: 0.1), schedule: .step(stepSize: 2, gamma: 0.5))
        let (model, result) = try train(config, validation: TestData.classification(rows: 20, seed: 9)) { seen.append($0.epoch) }
        XCTAssertEqual(seen, [1, 2, 3, 4])
        XCTAssertEqual(result.steps, 4 * 4, "50 rows in batches of 16: 3 full batches and a partial one")
        XCTAssertEqual(result.stopReason, .completed)
        XCTAssertEqual(result.history.map(\.learningRate), [0.1, 0.1, 0.05, 0.05])
        for record in result.history {
            XCTAssertGreaterThan(record.penalty, 0)
            XCTAssertEqual(record.total, record.dataLoss + record.penalty)
            XCTAssertNotNil(record.validationLoss)
            XCTAssertNotNil(record.validationAccuracy)
        }
        XCTAssertLessThan(result.history[3].dataLoss, result.history[0].dataLoss)
        XCTAssertEqual(result.trainLoss, try model.evaluate(data, loss: .crossEntropy).loss)
        XCTAssertEqual(result.validationLoss, result.history.last?.validationLoss)
    }

    func testCosineScheduleFollowsPyTorch() throws {
        let config = TrainingConfiguration(epochs: 5, batchSize: 50, loss: .crossEntropy, optimizer: .sgd(lr: 0.1),
                                           schedule: .cosine(tMax: 4, etaMin: 0.01))
        let rates = try train(config).1.history.map(\.learningRate)
        // torch.optim.lr_scheduler.CosineAnnealingLR(T_max=4, eta_min=0.01), lr=0.1.
        let torch = [0.1, 0.08681980515339464, 0.05500000000000001, 0.023180194846605363, 0.01]
        XCTAssertEqual(rates.count, torch.count)
        for (a, b) in zip(rates, torch) { XCTAssertEqual(a, b, accuracy: 1e-16) }
        // Past T_max the rate climbs back (PyTorch's recursive form): T_max = 2, eta_min = 0.
        let cycle = TrainingConfiguration(epochs: 9, batchSize: 50, loss: .crossEntropy, optimizer: .sgd(lr: 0.1),
                                          schedule: .cosine(tMax: 2))
        let torchCycle = [0.1, 0.05, 0.0, 0.049999999999999996, 0.10000000000000002, 0.050000000000000024, 0.0,
                          0.049999999999999996, 0.10000000000000003]
        let cycleRates = try train(cycle).1.history.map(\.learningRate)
        XCTAssertEqual(cycleRates.count, torchCycle.count)
        for (a, b) in zip(cycleRates, torchCycle) { XCTAssertEqual(a, b, accuracy: 1e-16) }
    }

    func testSameSeedGivesBitIdenticalWeightsAlsoAcrossThreadCounts() throws {
        let layers: [Layer] = [.dense(DenseLayer(units: 16, activation: .relu)), .dropout(0.3), .dense(DenseLayer(units: 3))]
        var config = TrainingConfiguration(epochs: 3, batchSize: 8, loss: .crossEntropy, seed: 42)
        let first = try train(config, layers: layers).0
        let second = try train(config, layers: layers).0
        XCTAssertEqual(TestData.parameters(first), TestData.parameters(second))
        config.threads = 2
        XCTAssertEqual(TestData.parameters(try train(config, layers: layers).0), TestData.parameters(first))
        config.threads = 1
        config.run = 1
        XCTAssertNotEqual(TestData.parameters(try train(config, layers: layers).0), TestData.parameters(first),
                          "another run index shuffles differently")
    }

    func testWideProductsSplitOverThreadsGiveTheSameBits() throws {
        // 128 × 256 × 256 multiply-adds per product: large enough to be split in row blocks.
        let wide = TestData.classification(rows: 256, features: 256)
        func run(threads: Int) throws -> [Float] {
            var model = try Model(layers: [.dense(DenseLayer(units: 256, activation: .relu)), .dense(DenseLayer(units: 3))], seed: 8)
            _ = try model.train(on: wide, configuration: TrainingConfiguration(
                epochs: 2, batchSize: 128, loss: .crossEntropy, penalty: .l1(1e-3), threads: threads))
            return TestData.parameters(model)
        }
        let one = try run(threads: 1)
        XCTAssertEqual(try run(threads: 2), one)
        XCTAssertEqual(try run(threads: 3), one)
    }

    func testDropoutIsOffInEvaluation() throws {
        let layers: [Layer] = [.dense(DenseLayer(units: 16, activation: .relu)), .dropout(0.5), .dense(DenseLayer(units: 3))]
        let (model, _) = try train(TrainingConfiguration(epochs: 1, loss: .crossEntropy), layers: layers)
        XCTAssertEqual(try model.predict(data.features), try model.predict(data.features))
        XCTAssertEqual(try model.evaluate(data, loss: .crossEntropy), try model.evaluate(data, loss: .crossEntropy))
    }

    func testEarlyStoppingRestoresTheBestWeights() throws {
        // Training labels with every third one wrong: a wide network first learns the rule
        // (validation loss falls), then memorises the noise (validation loss rises).
        var noisy = TestData.classification(rows: 60, seed: 3)
        noisy.targets = noisy.targets.indices.map { $0 % 3 == 0 ? Float((Int(noisy.targets[$0]) + 1) % 3) : noisy.targets[$0] }
        let noise = TestData.classification(rows: 60, seed: 77)
        let config = TrainingConfiguration(epochs: 200, batchSize: 10, loss: .crossEntropy, optimizer: .adam(lr: 0.01),
                                           earlyStoppingPatience: 3)
        var model = try Model(layers: TestData.mlp(units: 64), seed: 1)
        let result = try model.train(on: noisy, validation: noise, configuration: config)
        XCTAssertEqual(result.stopReason, .earlyStopped)
        XCTAssertGreaterThan(result.bestEpoch, 1)
        XCTAssertLessThan(result.epochsRun, 200)
        XCTAssertEqual(result.epochsRun, result.bestEpoch + 3)
        let best = try XCTUnwrap(result.history[result.bestEpoch - 1].validationLoss)
        XCTAssertEqual(try model.evaluate(noise, loss: .crossEntropy).loss, best, "the model holds the best epoch's weights")
        XCTAssertEqual(result.validationLoss, best)
        XCTAssertEqual(best, result.history.compactMap(\.validationLoss).min())
    }

    func testCancellationStopsBetweenSteps() throws {
        let token = CancellationToken()
        let config = TrainingConfiguration(epochs: 10, batchSize: 10, loss: .crossEntropy)
        let (_, result) = try train(config, cancellation: token) { if $0.epoch == 2 { token.cancel() } }
        XCTAssertEqual(result.stopReason, .cancelled)
        XCTAssertEqual(result.epochsRun, 2)
        XCTAssertEqual(result.steps, 10)

        let untouched = try Model(layers: TestData.mlp(), inputs: 4, seed: 1)
        let (model, early) = try train(config, cancellation: token)
        XCTAssertEqual(early.steps, 0)
        XCTAssertEqual(TestData.parameters(model), TestData.parameters(untouched))
    }

    func testDivergenceStopsWithEpochAndStepAndKeepsFiniteWeights() throws {
        var model = try Model(layers: [.dense(DenseLayer(units: 8, activation: .relu)), .dense(DenseLayer(units: 1))], seed: 1)
        var big = TestData.regression(rows: 40)
        big.targets = big.targets.map { $0 * 1e6 }
        let result = try model.train(on: big, configuration: TrainingConfiguration(
            epochs: 50, batchSize: 10, loss: .mse, optimizer: .sgd(lr: 10)))
        guard case .diverged(let divergence) = result.stopReason else {
            return XCTFail("expected divergence, got \(result.stopReason)")
        }
        let message = divergence.message
        XCTAssertTrue(message.contains("epoch \(divergence.epoch), step \(divergence.step)"), message)
        XCTAssertTrue(message.contains("learning rate too high?"), message)
        // The cause is structured: the loss overflowed, at the optimizer's (unscheduled) rate.
        XCTAssertEqual(divergence.cause, .lossNotFinite(isNaN: false), message)
        XCTAssertTrue(message.contains("the loss became infinite"), message)
        XCTAssertEqual(divergence.learningRate, 10)
        XCTAssertTrue(TestData.parameters(model).allSatisfy(\.isFinite))
    }

    /// The divergence records the epoch's rate, which a schedule may have raised.
    func testDivergenceRecordsTheScheduledLearningRate() throws {
        var model = try Model(layers: [.dense(DenseLayer(units: 8, activation: .relu)), .dense(DenseLayer(units: 1))], seed: 1)
        var big = TestData.regression(rows: 40)
        big.targets = big.targets.map { $0 * 1e6 }
        let result = try model.train(on: big, configuration: TrainingConfiguration(
            epochs: 50, batchSize: 10, loss: .mse, optimizer: .sgd(lr: 1e-12), schedule: .exponential(gamma: 1e4)))
        guard case .diverged(let divergence) = result.stopReason else {
            return XCTFail("expected divergence, got \(result.stopReason)")
        }
        XCTAssertGreaterThan(divergence.epoch, 1)
        let previous = try XCTUnwrap(result.history.last?.learningRate)
        XCTAssertEqual(divergence.learningRate, previous * 1e4, accuracy: 1e-9 * divergence.learningRate)
    }

    func testEmptyTrainingAndZeroEpochs() throws {
        let (model, result) = try train(TrainingConfiguration(epochs: 0, loss: .crossEntropy))
        XCTAssertEqual(result.epochsRun, 0)
        XCTAssertEqual(result.bestEpoch, 0)
        XCTAssertTrue(result.trainLoss.isFinite)
        XCTAssertEqual(TestData.parameters(model), TestData.parameters(try Model(layers: TestData.mlp(), inputs: 4, seed: 1)))
    }
}
