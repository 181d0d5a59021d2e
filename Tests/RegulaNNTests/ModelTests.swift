import RegulaNN
import RegulaTensor
import XCTest

final class ModelTests: XCTestCase {
    func testStateDictNamesAndShapesFollowTorchSequential() throws {
        let model = try Model(layers: [
            .dense(DenseLayer(units: 8, activation: .relu)), .dropout(0.2), .dense(DenseLayer(units: 3)),
            .activation(.tanh), .dense(DenseLayer(units: 2, bias: false)),
        ], inputs: 4)
        // Sequential(Linear, ReLU, Dropout, Linear, Tanh, Linear): `activation:` is a module of its own.
        XCTAssertEqual(model.stateDict.map(\.name), ["0.weight", "0.bias", "3.weight", "3.bias", "5.weight"])
        XCTAssertEqual((0..<5).map(model.moduleIndex(ofLayer:)), [0, 2, 3, 4, 5])
        XCTAssertEqual(model.stateDict.map(\.tensor.shape), [[8, 4], [8], [3, 8], [3], [2, 3]])
        XCTAssertEqual(model.parameterCount, 8 * 4 + 8 + 3 * 8 + 3 + 2 * 3)
        XCTAssertEqual(model.outputWidth, 2)
    }

    func testDefaultInitIsPyTorchsUniformAndLayersAreIndependent() throws {
        let model = try Model(layers: TestData.mlp(units: 50, outputs: 3), inputs: 16, seed: 1)
        let bound: Float = 1 / 4
        for (_, tensor) in model.stateDict.prefix(2) {
            XCTAssertTrue(tensor.scalars.allSatisfy { abs($0) <= bound })
            XCTAssertGreaterThan(tensor.scalars.map(abs).max() ?? 0, 0.9 * bound)
        }
        // Changing layer 2 leaves layer 0's draw alone; a different seed changes it.
        let other = try Model(layers: TestData.mlp(units: 50, outputs: 7), inputs: 16, seed: 1)
        XCTAssertEqual(model.stateDict[0].tensor, other.stateDict[0].tensor)
        let reseeded = try Model(layers: TestData.mlp(units: 50, outputs: 3), inputs: 16, seed: 2)
        XCTAssertNotEqual(model.stateDict[0].tensor, reseeded.stateDict[0].tensor)
    }

    func testHeGlorotAndZerosInitialisers() throws {
        func weights(_ initializer: Initializer) throws -> ([Float], [Float]) {
            let m = try Model(layers: [.dense(DenseLayer(units: 200, initializer: initializer))], inputs: 100, seed: 3)
            return (m.stateDict[0].tensor.scalars, m.stateDict[1].tensor.scalars)
        }
        let (he, heBias) = try weights(.he)
        let std = (he.reduce(0) { $0 + $1 * $1 } / Float(he.count)).squareRoot()
        XCTAssertEqual(std, (2.0 / 100).squareRoot(), accuracy: 0.005)
        XCTAssertTrue(heBias.allSatisfy { $0 == 0 })
        let (glorot, _) = try weights(.glorot)
        let bound = Float((6.0 / 300).squareRoot())
        XCTAssertTrue(glorot.allSatisfy { abs($0) <= bound })
        XCTAssertGreaterThan(glorot.map(abs).max() ?? 0, 0.95 * bound)
        XCTAssertTrue(try weights(.zeros).0.allSatisfy { $0 == 0 })
    }

    func testLazyInputWidthResetAndClone() throws {
        var model = try Model(layers: TestData.mlp(), seed: 5)
        XCTAssertFalse(model.isBuilt)
        XCTAssertTrue(model.stateDict.isEmpty)
        let data = TestData.classification(rows: 20)
        _ = try model.train(on: data, configuration: TrainingConfiguration(epochs: 2, loss: .crossEntropy))
        XCTAssertEqual(model.inputWidth, 4)
        let trained = model.clone()
        model.reset()
        XCTAssertEqual(model.stateDict.map(\.tensor), try Model(layers: TestData.mlp(), inputs: 4, seed: 5).stateDict.map(\.tensor))
        XCTAssertNotEqual(model.stateDict[0].tensor, trained.stateDict[0].tensor, "a clone is independent")
    }

    func testDataWidthMismatchNamesBothShapesAndTheLayer() throws {
        var model = try Model(layers: TestData.mlp(), inputs: 5)
        XCTAssertThrowsError(try model.train(on: TestData.classification(rows: 10), configuration: TrainingConfiguration(loss: .crossEntropy))) { error in
            XCTAssertEqual("\(error)", "layer 0 (dense(16, activation: relu)) expects inputs of shape [N, 5] but the data has shape [N, 4]")
        }
        XCTAssertThrowsError(try model.predict(Tensor(repeating: 0, shape: [2, 3])))
    }

    func testLoadStateDictReportsMissingUnexpectedAndShapes() throws {
        var model = try Model(layers: TestData.mlp(), inputs: 4)
        let before = model.stateDict.map(\.tensor)
        var entries = model.stateDict
        entries.removeLast()
        entries.append(("5.weight", Tensor(repeating: 0, shape: [1])))
        entries[0] = ("0.weight", Tensor(repeating: 0, shape: [16, 3]))
        XCTAssertThrowsError(try model.loadStateDict(entries)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("missing '2.bias'"), message)
            XCTAssertTrue(message.contains("the model expects 0.weight, 0.bias, 2.weight, 2.bias (torch.nn.Sequential numbering: an activation is a module of its own), the file has 0.weight, 0.bias, 2.weight, 5.weight"), message)
            XCTAssertTrue(message.contains("unexpected '5.weight'"), message)
            XCTAssertTrue(message.contains("'0.weight' of layer 0 (dense(16, activation: relu)) has shape [16, 3] but the model needs [16, 4]"), message)
        }
        XCTAssertEqual(model.stateDict.map(\.tensor), before, "a failed load changes nothing")

        // A lazy model takes its input width from the first weight.
        var lazy = try Model(layers: TestData.mlp())
        try lazy.loadStateDict(model.stateDict)
        XCTAssertEqual(lazy.inputWidth, 4)
        XCTAssertEqual(lazy.stateDict.map(\.tensor), before)
    }

    func testLoadStateDictRejectsNonFiniteWeights() throws {
        var model = try Model(layers: TestData.mlp(), inputs: 4)
        let before = model.stateDict.map(\.tensor)
        var entries = model.stateDict
        var weight = entries[0].tensor
        weight.scalars[1 * 4 + 2] = .nan
        entries[0].tensor = weight
        var bias = entries[1].tensor
        bias.scalars[3] = -.infinity
        entries[1].tensor = bias
        XCTAssertThrowsError(try model.loadStateDict(entries)) { error in
            XCTAssertEqual(
                "\(error)",
                "the state dict does not match the model: '0.weight' of layer 0 (dense(16, activation: relu)) holds NaN at [1, 2] (weights must be finite); '0.bias' of layer 0 (dense(16, activation: relu)) holds -infinity at [3] (weights must be finite)")
        }
        XCTAssertEqual(model.stateDict.map(\.tensor), before, "a failed load changes nothing")
    }

    func testInvalidLayersAndTargetsThrow() throws {
        XCTAssertThrowsError(try Model(layers: [.dense(DenseLayer(units: 0))]))
        XCTAssertThrowsError(try Model(layers: [.dropout(1)]))
        // Proximal L1 thresholds parameters; on a layer's outputs it would do nothing.
        XCTAssertThrowsError(try Model(layers: [.dense(DenseLayer(units: 2, activityPenalty: .l1(0.1, proximal: true)))])) { error in
            XCTAssertTrue("\(error)".contains("an activity penalty cannot be proximal"), "\(error)")
        }
        XCTAssertNoThrow(try Model(layers: [.dense(DenseLayer(units: 2, activityPenalty: .l1(0.1) + .l2(0.1)))]))
        var model = try Model(layers: TestData.mlp(outputs: 2))
        XCTAssertThrowsError(try model.train(on: TestData.classification(rows: 10), configuration: TrainingConfiguration(loss: .crossEntropy))) { error in
            XCTAssertTrue("\(error)".contains("3 classes"), "\(error)")
        }
        XCTAssertThrowsError(try model.train(on: TestData.regression(rows: 10, features: 4), configuration: TrainingConfiguration(loss: .mse)))
        XCTAssertThrowsError(try model.train(on: TestData.regression(rows: 10, features: 4), configuration: TrainingConfiguration(batchSize: 0)))
        var holes = TestData.classification(rows: 10)
        holes.features.scalars[4 * 3 + 2] = .nan
        XCTAssertThrowsError(try model.train(on: holes, configuration: TrainingConfiguration(loss: .crossEntropy))) { error in
            XCTAssertEqual("\(error)", "the training data has a non-finite value in row 4, column 'x2'")
        }
    }

    func testEvaluateAndPredict() throws {
        // A single linear unit with weight [2, -1, 0, ...] reproduces the noiseless regression exactly.
        let data = TestData.regression(rows: 30, features: 3, noise: 0)
        var model = try Model(layers: [.dense(DenseLayer(units: 1))], inputs: 3)
        try model.loadStateDict([("0.weight", Tensor(shape: [1, 3], scalars: [2, -1, 0])), ("0.bias", Tensor(shape: [1], scalars: [0.5]))])
        let scores = try model.evaluate(data, loss: .mse)
        XCTAssertEqual(scores.loss, 0.25, accuracy: 1e-6)
        XCTAssertEqual(scores.mse ?? -1, 0.25, accuracy: 1e-6)
        XCTAssertEqual(scores.mae ?? -1, 0.5, accuracy: 1e-6)
        let variance = data.targets.map { Double($0) }.reduce(0) { $0 + $1 * $1 } / 30
            - pow(data.targets.map { Double($0) }.reduce(0, +) / 30, 2)
        XCTAssertEqual(scores.r2 ?? -1, 1 - 0.25 / variance, accuracy: 1e-4)
        XCTAssertNil(scores.accuracy)
        let predictions = try model.predict(data.features)
        XCTAssertEqual(predictions.shape, [30, 1])
        XCTAssertEqual(predictions.scalars[0], data.targets[0] + 0.5, accuracy: 1e-5)

        let classes = TestData.classification(rows: 40)
        let classifier = try Model(layers: TestData.mlp(), inputs: 4)
        let accuracy = try classifier.evaluate(classes, loss: .crossEntropy).accuracy ?? -1
        XCTAssertTrue((0...1).contains(accuracy))
    }
}
