import RegulaNN
import RegulaTensor
import XCTest

final class PenaltyTests: XCTestCase {
    func testDescriptionsPrintAsWritten() {
        XCTAssertEqual((Penalty.l1(1e-4) + .l2(1e-3)).description, "l1(0.0001) + l2(0.001)")
        XCTAssertEqual(Penalty.elasticNet(alpha: 0.01, l1Ratio: 0.5).description, "elastic_net(0.01, 0.5)")
        XCTAssertEqual(Penalty.l1(0.001, proximal: true).description, "l1(0.001, proximal: true)")
        XCTAssertEqual(Penalty.none.description, "none")
        XCTAssertEqual((3 * Penalty.l2(1e-3)).description, "l2(0.003)")
        XCTAssertEqual(Penalty.l1(1e-5).description, "l1(1e-05)")
        XCTAssertEqual(Penalty.l2(1).description, "l2(1)")
        XCTAssertEqual((2 * (Penalty.l1(0.5) + .elasticNet(alpha: 0.1, l1Ratio: 0.25))).description, "l1(1) + elastic_net(0.2, 0.25)")
    }

    func testFunctionTermsPrintAsWrittenAreNotCollapsedAndHaveNoExactSolution() throws {
        let f = ExternalFunction(description: "fn group_lasso") { _, _ in (Tensor(Float(0)), nil) }
        let p = Penalty.l1(0.1) + Penalty(terms: [.function(f)])
        XCTAssertEqual(p.description, "l1(0.1) + fn group_lasso")
        XCTAssertEqual(p.coefficients.l1, 0.1)
        XCTAssertEqual((2 * p).functions, [f], "scaling leaves a function as written")
        XCTAssertFalse(Penalty(terms: [.function(f)]).isNone)
        XCTAssertNil(Penalty(terms: [.function(f)]).invalidSetting)
        XCTAssertEqual(Loss.function(f).description, "fn group_lasso")
        XCTAssertNil(Penalty.l1(0.1).exactSolverProblem)
        XCTAssertTrue(p.exactSolverProblem?.contains("fn group_lasso") ?? false)
        let model = try Model(layers: [.dense(DenseLayer(units: 1, penalty: p))], inputs: 3)
        XCTAssertTrue(model.linearProblem?.contains("fn group_lasso") ?? false)
    }

    func testOptimizerAndScheduleDescriptions() {
        XCTAssertEqual(Optimizer.adam().description, "adam(lr: 0.001)")
        XCTAssertEqual(Optimizer.adamw(lr: 1e-3, weightDecay: 1e-4).description, "adamw(lr: 0.001, weight_decay: 0.0001)")
        XCTAssertEqual(Optimizer.adamw().description, "adamw(lr: 0.001)")
        XCTAssertEqual(Optimizer.sgd(lr: 0.1, momentum: 0.9, nesterov: true).description, "sgd(lr: 0.1, momentum: 0.9, nesterov: true)")
        XCTAssertEqual(Optimizer.rmsprop(centered: true).description, "rmsprop(lr: 0.01, centered: true)")
        XCTAssertEqual(Optimizer.adagrad(lrDecay: 0.01).description, "adagrad(lr: 0.01, lr_decay: 0.01)")
        // As a script writes it, like an optimizer (it was `step(step_size: 10, gamma: 0.5)`).
        XCTAssertEqual(LearningRateSchedule.step(stepSize: 10, gamma: 0.5).description, "step_lr(10, 0.5)")
        XCTAssertEqual(LearningRateSchedule.linear(startFactor: 1.0 / 3, endFactor: 1, totalIters: 3).description, "warmup(total_iters: 3)")
        XCTAssertEqual(Loss.huber(delta: 1).description, "huber(1)")
    }

    func testValueAndElasticNetEquivalence() {
        let w: [Float] = [1, -2, 0, 0.5]
        XCTAssertEqual(Penalty.l1(0.1).value(w), 0.35, accuracy: 1e-12)
        XCTAssertEqual(Penalty.l2(0.1).value(w), 0.525, accuracy: 1e-12)
        let net = Penalty.elasticNet(alpha: 0.2, l1Ratio: 0.3)
        XCTAssertEqual(net.value(w), (Penalty.l1(0.06) + .l2(0.07)).value(w), accuracy: 1e-12)
        XCTAssertEqual(net.coefficients.l1, 0.06, accuracy: 1e-15)
        XCTAssertEqual(net.coefficients.l2, 0.07, accuracy: 1e-15)
        XCTAssertTrue(Penalty.none.isNone)
        XCTAssertTrue((Penalty.l1(0) + .l2(0)).isNone)
        XCTAssertEqual(Penalty.l1(-1).invalidSetting, InvalidSetting("lam", of: "l1", "a penalty strength must be a finite number ≥ 0, got -1"))
        XCTAssertEqual((Penalty.l2(0.1) + .elasticNet(alpha: 0.1, l1Ratio: 1.5)).invalidSetting?.setting, "l1_ratio")
        XCTAssertNil(Penalty.elasticNet(alpha: 0.1, l1Ratio: 1).invalidSetting)
    }

    func testProximalElasticNetMovesItsL1PartToTheProximalStep() {
        let net = Penalty.elasticNet(alpha: 0.2, l1Ratio: 0.3, proximal: true)
        XCTAssertEqual(net.description, "elastic_net(0.2, 0.3, proximal: true)")
        XCTAssertEqual(net.coefficients.l1, 0)
        XCTAssertEqual(net.coefficients.proximalL1, 0.06, accuracy: 1e-15)
        XCTAssertEqual(net.coefficients.l2, 0.07, accuracy: 1e-15)
        XCTAssertEqual((2 * net).description, "elastic_net(0.4, 0.3, proximal: true)")
        XCTAssertNotNil(DenseLayer.activityPenaltyProblem(net), "not usable as an activity penalty")
    }

    /// Trains the first layer of a regression MLP and returns the model.
    func trainRegression(penalty: Penalty, optimizer: Optimizer = .adam(lr: 0.01), epochs: Int = 20) throws -> Model {
        var model = try Model(layers: [.dense(DenseLayer(units: 8, activation: .tanh)), .dense(DenseLayer(units: 1))], seed: 4)
        _ = try model.train(on: TestData.regression(rows: 64), configuration: TrainingConfiguration(
            epochs: epochs, batchSize: 16, loss: .mse, penalty: penalty, optimizer: optimizer, seed: 9))
        return model
    }

    func firstWeights(_ model: Model) -> [Float] { model.stateDict[0].tensor.scalars }

    func testProximalL1ReachesExactZeros() throws {
        let sparse = try trainRegression(penalty: .l1(0.2, proximal: true), optimizer: .adam(lr: 0.05))
        let plain = try trainRegression(penalty: .l1(0.2), optimizer: .adam(lr: 0.05))
        let zeros = firstWeights(sparse).filter { $0 == 0 }.count
        XCTAssertGreaterThan(zeros, firstWeights(sparse).count / 4, "proximal L1 should zero many weights")
        XCTAssertEqual(firstWeights(plain).filter { $0 == 0 }.count, 0, "subgradient L1 hovers around zero")
    }

    /// A negative weight shrunk to zero is `sign·0 = −0` unless the step fixes it; `{w:.4f}`
    /// would print `-0.0000`. Every optimizer path (the C Adam kernel, the Swift lanes of
    /// sgd / rmsprop / adagrad / amsgrad) and proximal elastic net must give +0.0.
    func testShrinkageGivesPositiveZerosOnly() throws {
        let optimizers: [Optimizer] = [
            .adam(lr: 0.05), .adamw(lr: 0.05), .adam(lr: 0.05, amsgrad: true), .sgd(lr: 0.05), .rmsprop(lr: 0.01), .adagrad(lr: 0.1),
        ]
        for optimizer in optimizers {
            for penalty in [Penalty.l1(0.2, proximal: true), .elasticNet(alpha: 0.4, l1Ratio: 0.5, proximal: true)] {
                let model = try trainRegression(penalty: penalty, optimizer: optimizer)
                let zeros = TestData.parameters(model).filter { $0 == 0 }
                XCTAssertFalse(zeros.isEmpty, "\(optimizer) \(penalty): some weights should be exactly zero")
                XCTAssertEqual(zeros.filter { $0.sign == .minus }.count, 0, "\(optimizer) \(penalty): −0.0 among the zeros")
            }
        }
    }

    func testL2ShrinksTheWeightNorm() throws {
        func norm(_ w: [Float]) -> Float { w.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        let free = try trainRegression(penalty: .none, optimizer: .adam(lr: 0.05))
        let shrunk = try trainRegression(penalty: .l2(0.2), optimizer: .adam(lr: 0.05))
        XCTAssertLessThan(norm(firstWeights(shrunk)), 0.8 * norm(firstWeights(free)))
    }

    func testAdamWDiffersFromAdamAtTheSameDecay() throws {
        let coupled = try trainRegression(penalty: .none, optimizer: .adam(lr: 0.01, weightDecay: 0.1))
        let decoupled = try trainRegression(penalty: .none, optimizer: .adamw(lr: 0.01, weightDecay: 0.1))
        let difference = zip(firstWeights(coupled), firstWeights(decoupled)).map { abs($0 - $1) }.max() ?? 0
        XCTAssertGreaterThan(difference, 1e-3)
    }

    func testSGDWeightDecayTwoLambdaEqualsL2Lambda() throws {
        let lambda = 0.01
        let decayed = try trainRegression(penalty: .none, optimizer: .sgd(lr: 0.05, weightDecay: 2 * lambda))
        let penalised = try trainRegression(penalty: .l2(lambda), optimizer: .sgd(lr: 0.05))
        for (a, b) in zip(TestData.parameters(decayed), TestData.parameters(penalised)) {
            XCTAssertEqual(a, b, accuracy: 1e-6 * max(1, abs(b)))
        }
    }

    func testLayerPenaltyReplacesTheModelWideOne() throws {
        // The model-wide l2 is strong, but layer 0 opts out with `none`: its weights stay large.
        let layers: [Layer] = [.dense(DenseLayer(units: 8, activation: .tanh, penalty: Penalty.none)), .dense(DenseLayer(units: 1))]
        var exempt = try Model(layers: layers, seed: 4)
        var plain = try Model(layers: TestData.mlp(units: 8, outputs: 1).map { $0 }, seed: 4)
        let config = TrainingConfiguration(epochs: 20, batchSize: 16, loss: .mse, penalty: .l2(0.5), optimizer: .adam(lr: 0.01))
        let data = TestData.regression(rows: 64)
        _ = try exempt.train(on: data, configuration: config)
        _ = try plain.train(on: data, configuration: config)
        func norm(_ m: Model) -> Float { m.stateDict[0].tensor.scalars.reduce(0) { $0 + $1 * $1 } }
        XCTAssertGreaterThan(norm(exempt), 2 * norm(plain))
    }
}
