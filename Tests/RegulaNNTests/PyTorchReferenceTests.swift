import Foundation
import RegulaNN
import RegulaTensor
import XCTest

/// Every optimizer, with and without weight decay and l1/l2 penalties, several full-batch
/// steps from the same initial weights and data as PyTorch (fixtures made by
/// `Fixtures/pytorch/make_fixtures.py`): the weights must agree to float32 rounding.
final class PyTorchReferenceTests: XCTestCase {
    struct Fixture: Decodable {
        let torch: String
        let cases: [Case]
    }

    struct LayerSpec: Decodable {
        let type: String
        let name: String?
        let `in`: Int?
        let out: Int?
        let bias: Bool?
    }

    struct PenaltySpec: Decodable {
        let l1: Double?
        let l2: Double?
        let proximal: Double?

        var penalty: Penalty {
            var p = Penalty.none
            if let l1 { p = p + .l1(l1) }
            if let l2 { p = p + .l2(l2) }
            if let proximal { p = p + .l1(proximal, proximal: true) }
            return p
        }
    }

    struct Case: Decodable {
        let name: String
        let layers: [LayerSpec]
        let loss: String
        let optimizer: [String: JSONValue]
        let penalty: PenaltySpec?
        let bias_penalty: PenaltySpec?
        let activity: [String: PenaltySpec]?
        let decay_biases: Bool?
        let x: [Float]
        let y: [Float]
        let initial: [String: [Float]]
        let final: [String: [Float]]
        let losses: [Double]
        let steps: Int
    }

    enum JSONValue: Decodable {
        case number(Double), bool(Bool), string(String), list([Double])
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let d = try? c.decode(Double.self) { self = .number(d) }
            else if let l = try? c.decode([Double].self) { self = .list(l) }
            else { self = .string(try c.decode(String.self)) }
        }
        var number: Double? { if case .number(let d) = self { d } else { nil } }
        var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
        var list: [Double]? { if case .list(let l) = self { l } else { nil } }
        var string: String? { if case .string(let s) = self { s } else { nil } }
    }

    static func loadFixture() throws -> Fixture {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "optimizers", withExtension: "json", subdirectory: "Fixtures/pytorch"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    /// The case's optimizer from the engine's own hyper-parameter table: the settings the
    /// fixture leaves out (betas, eps, alpha, adamw's weight decay) take the table's
    /// defaults, so the parity of these runs checks those defaults against torch's.
    static func optimizer(_ spec: [String: JSONValue]) throws -> Optimizer {
        guard let kind = spec["name"]?.string.flatMap(Optimizer.Kind.init(rawValue:)) else { throw XCTSkip("unknown optimizer") }
        var given: [String: HyperParameter.Value] = [:]
        for (key, value) in spec {
            if let x = value.number { given[key] = .number(x) }
            if let b = value.bool { given[key] = .flag(b) }
        }
        if let betas = spec["betas"]?.list, betas.count == 2 {
            given["beta1"] = .number(betas[0])
            given["beta2"] = .number(betas[1])
        }
        let names = Set(Optimizer.standard(kind).hyperParameters.map(\.name))
        XCTAssertTrue(Set(given.keys).isSubset(of: names), "the fixture names a hyper-parameter \(kind) does not have: \(given.keys.sorted())")
        return Optimizer(kind, given)
    }

    static func loss(_ name: String) -> Loss {
        switch name {
        case "mse": return .mse
        case "mae": return .mae
        case "bce": return .bce
        case "cross_entropy": return .crossEntropy
        default: return .huber(delta: Double(name.split(separator: ":")[1]) ?? 1)
        }
    }

    /// Runs one fixture case in Regula; returns the trained model and the run's result.
    static func run(_ c: Case) throws -> (Model, TrainingResult) {
        var layers: [Layer] = []
        for (position, spec) in c.layers.enumerated() {
            if spec.type == "dense" {
                layers.append(.dense(DenseLayer(
                    units: spec.out ?? 0, bias: spec.bias ?? true, biasPenalty: c.bias_penalty?.penalty,
                    activityPenalty: c.activity?["\(position)"]?.penalty)))
            } else {
                layers.append(.activation(try XCTUnwrap(Activation(rawValue: spec.name ?? ""))))
            }
        }
        let inputs = try XCTUnwrap(c.layers.first?.in)
        var model = try Model(layers: layers, inputs: inputs, seed: 7)
        try model.loadStateDict(model.stateDict.map { entry in
            (entry.name, Tensor(shape: entry.tensor.shape, scalars: c.initial[entry.name] ?? []))
        })
        let rows = c.y.count
        let loss = loss(c.loss)
        let task: Task = loss == .crossEntropy ? .classification(classes: model.outputWidth ?? 0)
            : (loss == .bce ? .classification(classes: 2) : .regression)
        let data = Dataset(
            features: Tensor(shape: [rows, inputs], scalars: c.x), targets: c.y,
            featureNames: (0..<inputs).map { "x\($0)" }, targetName: "y", task: task)
        let config = TrainingConfiguration(
            epochs: c.steps, batchSize: rows, shuffle: false, loss: loss, penalty: c.penalty?.penalty ?? .none,
            optimizer: try optimizer(c.optimizer), weightDecayOnBiases: c.decay_biases ?? false)
        let result = try model.train(on: data, configuration: config)
        return (model, result)
    }

    func testEveryOptimizerMatchesPyTorch() throws {
        let fixture = try Self.loadFixture()
        XCTAssertGreaterThan(fixture.cases.count, 40)
        for c in fixture.cases {
            let (model, result) = try Self.run(c)
            XCTAssertEqual(result.epochsRun, c.steps, c.name)
            for (step, record) in result.history.enumerated() {
                XCTAssertEqual(record.dataLoss, c.losses[step], accuracy: 2e-6 * max(1, abs(c.losses[step])), "\(c.name) step \(step + 1) loss")
            }
            for (name, tensor) in model.stateDict {
                let expected = try XCTUnwrap(c.final[name], "\(c.name): \(name)")
                XCTAssertEqual(tensor.count, expected.count)
                var worst: Float = 0
                for (a, b) in zip(tensor.scalars, expected) { worst = max(worst, abs(a - b) / max(abs(b), 1e-2)) }
                XCTAssertLessThan(worst, 1e-5, "\(c.name): \(name) differs from PyTorch (worst relative error \(worst))")
            }
        }
    }
}
