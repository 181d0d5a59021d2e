@testable import RegulaNN
import RegulaTensor
import XCTest

/// The engine's backward pass, run in Float64, against central finite differences of the
/// objective `data_loss + activity penalties + weight/bias penalties`.
final class GradientCheckTests: XCTestCase {
    /// Checks ∂objective/∂θ for every parameter of a model of `layers` on random data.
    func check(
        _ layers: [Layer], loss: Loss, penalty: Penalty = .none, inputs: Int = 4, rows: Int = 5,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let model = try Model(layers: layers, inputs: inputs, seed: 3)
        let network = Network<Double>(model: model, penalty: penalty)
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
        func objective() -> Double {
            var dropout = dropoutSeed
            let (data, activity) = network.objectiveGradient(loss: loss, rows: rows, training: true, dropout: &dropout)
            return data + activity + network.penaltyValue()
        }
        _ = objective()
        network.addPenaltyGradients()
        let analytic = network.parameters.map { $0.gradient.array(as: Double.self) }
        let h = 1e-6
        for (p, expected) in zip(network.parameters, analytic) {
            for i in 0..<p.count {
                let saved = p.value.base[i]
                p.value.base[i] = saved + h
                let up = objective()
                p.value.base[i] = saved - h
                let down = objective()
                p.value.base[i] = saved
                let numeric = (up - down) / (2 * h)
                XCTAssertEqual(expected[i], numeric, accuracy: 1e-6 * max(1, abs(numeric)),
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
}
