@testable import RegulaNN
import RegulaTensor
import XCTest

/// The engine's backward pass, run in Float64, against central finite differences of the
/// objective `data_loss + activity penalties + weight/bias penalties`.
final class GradientCheckTests: XCTestCase {
    /// Checks ∂objective/∂θ for every parameter of a model of `layers` on random data.
    /// Functions written with `Variable` ops compute in Float32, so checks through them
    /// take a wider step `h` and tolerance.
    func check(
        _ layers: [Layer], loss: Loss, penalty: Penalty = .none, inputs: Int = 4, rows: Int = 5,
        h: Double = 1e-6, tolerance: Double = 1e-6, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let model = try Model(layers: layers, inputs: inputs, seed: 3)
        let classes: Bool
        if case .function = loss { classes = false } else { classes = loss == .crossEntropy }
        let network = Network<Double>(model: model, penalty: penalty, loss: loss, classTargets: classes)
        network.reserve(rows: rows)
        var random = RandomGenerator(seed: 11, stream: .data)
        for i in 0..<(rows * inputs) { network.input.base[i] = random.normal() }
        let width = network.outputWidth
        for r in 0..<rows {
            switch loss {
            case .crossEntropy: network.targets.base[r] = Double(random.below(width))
            case .bce: network.targets.base[r] = Double(random.below(2))
            default: network.targets.base[r] = random.normal()
            }
        }
        let dropoutSeed = RandomGenerator(seed: 5, stream: .dropout)
        func objective() throws -> Double {
            var dropout = dropoutSeed
            return try network.objectiveGradient(rows: rows, training: true, dropout: &dropout).total
        }
        _ = try objective()
        let analytic = network.parameters.map { $0.gradient.array(as: Double.self) }
        for (p, expected) in zip(network.parameters, analytic) {
            for i in 0..<p.count {
                let saved = p.value.base[i]
                p.value.base[i] = saved + h
                let up = try objective()
                p.value.base[i] = saved - h
                let down = try objective()
                p.value.base[i] = saved
                let numeric = (up - down) / (2 * h)
                XCTAssertEqual(expected[i], numeric, accuracy: tolerance * max(1, abs(numeric)),
                               "\(p.name)[\(i)] for \(loss)", file: file, line: line)
            }
        }
    }

    func testEveryLossThroughADenseLayer() throws {
        for loss in [Loss.mse, .mae, .huber(delta: 0.3), .bce] {
            try check([.dense(DenseLayer(units: 3, activation: .tanh)), .dense(DenseLayer(units: 1))], loss: loss)
        }
        try check([.dense(DenseLayer(units: 3, activation: .tanh)), .dense(DenseLayer(units: 4))], loss: .crossEntropy)
    }

    func testEveryActivationFusedAndAsALayer() throws {
        for activation in Activation.allCases {
            try check([.dense(DenseLayer(units: 5, activation: activation)), .dense(DenseLayer(units: 3))], loss: .crossEntropy)
            try check([.dense(DenseLayer(units: 5)), .activation(activation), .dense(DenseLayer(units: 1))], loss: .mse)
        }
    }

    func testDropoutWithAFixedMask() throws {
        try check([.dense(DenseLayer(units: 6, activation: .relu)), .dropout(0.4), .dense(DenseLayer(units: 3))], loss: .crossEntropy)
    }

    func testWeightPenaltiesAndElasticNet() throws {
        let layers: [Layer] = [.dense(DenseLayer(units: 5, activation: .sigmoid)), .dense(DenseLayer(units: 2))]
        try check(layers, loss: .crossEntropy, penalty: .l1(0.03))
        try check(layers, loss: .crossEntropy, penalty: .l2(0.05))
        try check(layers, loss: .crossEntropy, penalty: .l1(0.01) + 2 * .l2(0.02) + .elasticNet(alpha: 0.1, l1Ratio: 0.3))
    }

    func testLayerBiasAndActivityPenalties() throws {
        let layers: [Layer] = [
            .dense(DenseLayer(units: 5, activation: .gelu, penalty: .l2(0.2), biasPenalty: .l1(0.05) + .l2(0.1),
                              activityPenalty: .l1(0.02) + .l2(0.03))),
            .activation(.tanh),
            .dense(DenseLayer(units: 4, activation: .relu, activityPenalty: .l2(0.05))),
            .dense(DenseLayer(units: 3, bias: false, activityPenalty: .l1(0.01))),
        ]
        try check(layers, loss: .crossEntropy, penalty: .l1(0.01))
    }

    /// A function of tensors written with `Variable` ops, differentiated by the tape: the
    /// shape a script's `fn` takes when the interpreter hands it to the engine.
    static func function(_ name: String, _ body: @escaping ([Variable<Float>]) throws -> Variable<Float>) -> ExternalFunction {
        ExternalFunction(description: "fn \(name)", variables: body)
    }

    /// Group lasso: Σ over a weight matrix's rows (units) of ‖row‖₂.
    static let groupLasso = function("group_lasso") { v in try (v[0] * v[0]).sum(axis: 1).sqrt().sum() * 0.05 }

    func testFunctionPenaltyOnWeightsAndBiases() throws {
        let norm = Self.function("norm") { v in try (v[0] * v[0]).sum().sqrt() * 0.1 }
        let layers: [Layer] = [
            .dense(DenseLayer(units: 4, activation: .tanh, biasPenalty: Penalty(terms: [.function(norm)]))),
            .dense(DenseLayer(units: 3)),
        ]
        let penalty = Penalty(terms: [.function(Self.groupLasso)]) + .l2(0.01)
        try check(layers, loss: .crossEntropy, penalty: penalty, h: 1e-3, tolerance: 2e-3)
    }

    func testFunctionActivationAsALayerAndInADenseLayer() throws {
        let softplus = Self.function("softplus") { v in try (v[0].exp() + 1).log() }
        let square = Self.function("square") { v in try v[0] * v[0] }
        try check([.dense(DenseLayer(units: 5, activationFunction: softplus)), .dense(DenseLayer(units: 3))],
                  loss: .crossEntropy, h: 1e-3, tolerance: 2e-3)
        try check([.dense(DenseLayer(units: 5)), .function(square), .dense(DenseLayer(units: 1))],
                  loss: .mse, h: 1e-3, tolerance: 2e-3)
    }

    func testFunctionLossAndFunctionActivityPenalty() throws {
        // A squared error written as a function: outputs [rows, 1] against targets [rows, 1].
        let squared = Self.function("squared") { v in
            let d = try v[0] - Variable(v[1].value)
            return try (d * d).mean()
        }
        let magnitude = Self.function("magnitude") { v in try v[0].abs().sum() * 0.1 }
        let layers: [Layer] = [
            .dense(DenseLayer(units: 4, activation: .sigmoid, activityPenalty: Penalty(terms: [.function(magnitude)]))),
            .dense(DenseLayer(units: 1)),
        ]
        try check(layers, loss: .function(squared), h: 1e-3, tolerance: 2e-3)
    }

    func testFunctionLossMatchesTheBuiltInItSpells() throws {
        // Softmax cross-entropy spelled with Variable ops trains like the fused one.
        let spelled = Self.function("xent") { v in
            let logits = v[0], classes = logits.shape[1]
            var onehot = Tensor<Float>(repeating: 0, shape: logits.shape)
            for (r, t) in v[1].value.scalars.enumerated() { onehot.scalars[r * classes + Int(t)] = 1 }
            return try (logits.logSoftmax(axis: 1) * Variable(onehot)).sum(axis: 1).mean() * -1
        }
        let data = TestData.classification(rows: 40, features: 4)
        func train(_ loss: Loss) throws -> [Float] {
            var model = try Model(layers: [.dense(DenseLayer(units: 5, activation: .relu)), .dense(DenseLayer(units: 3))], seed: 1)
            _ = try model.train(on: data, configuration: TrainingConfiguration(epochs: 3, batchSize: 8, loss: loss, optimizer: .sgd(lr: 0.1)))
            return TestData.parameters(model)
        }
        let builtIn = try train(.crossEntropy), function = try train(.function(spelled))
        for (a, b) in zip(builtIn, function) { XCTAssertEqual(a, b, accuracy: 1e-4) }
    }

    func testFunctionErrorsComeOutUnchangedAndShapesAreChecked() throws {
        struct Refused: Error, CustomStringConvertible { var description: String { "refused" } }
        let throwing = ExternalFunction(description: "fn refuse") { _, _ in throw Refused() }
        let data = TestData.classification(rows: 10, features: 4)
        var model = try Model(layers: [.dense(DenseLayer(units: 3))], seed: 1)
        let config = TrainingConfiguration(epochs: 1, batchSize: 5, loss: .crossEntropy, penalty: Penalty(terms: [.function(throwing)]))
        XCTAssertThrowsError(try model.train(on: data, configuration: config)) { error in
            guard case .external(let failure) = error as? ModelError else { return XCTFail("\(error)") }
            XCTAssertTrue(failure.error is Refused)
            XCTAssertEqual(failure.function, throwing)
        }
        let wrongShape = Self.function("rows") { v in try v[0].sum(axis: 1) }
        var second = try Model(layers: [.dense(DenseLayer(units: 3)), .function(wrongShape)], seed: 1)
        XCTAssertThrowsError(try second.train(on: data, configuration: TrainingConfiguration(epochs: 1, loss: .crossEntropy))) { error in
            guard case .shapeMismatch(let message) = error as? ModelError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("fn rows") && message.contains("[10]") && message.contains("[10, 3]"), message)
        }
    }
}
