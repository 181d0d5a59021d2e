import Foundation
import RegulaNN
import RegulaTensor
import XCTest

/// The learning-rate schedules against `torch.optim.lr_scheduler` (ExponentialLR, LinearLR
/// as warm-up and as decay, ReduceLROnPlateau on the validation loss and on the training
/// loss): `Fixtures/pytorch/schedules.json`, written by `make_schedules.py`, holds the
/// rate of every epoch and the final weights of a full-batch run from the same initial
/// weights.
final class ScheduleReferenceTests: XCTestCase {
    struct Fixture: Decodable {
        let x: [Float], y: [Float], val_x: [Float], val_y: [Float]
        let cases: [Case]
    }

    struct Case: Decodable {
        let name: String
        let optimizer: [String: PyTorchReferenceTests.JSONValue]
        let schedule: [String: PyTorchReferenceTests.JSONValue]
        let epochs: Int
        let validate: Bool
        let rates: [Double]
        let losses: [Double]
        let monitored: [Double]
        let initial: [String: [Float]]
        let shapes: [String: [Int]]
        let final: [String: [Float]]
    }

    static func schedule(_ spec: [String: PyTorchReferenceTests.JSONValue]) throws -> LearningRateSchedule {
        func number(_ key: String, _ standard: Double) -> Double { spec[key]?.number ?? standard }
        switch spec["name"]?.string {
        case "exponential":
            return .exponential(gamma: number("gamma", 0))
        case "linear":
            return .linear(startFactor: number("start_factor", 1.0 / 3), endFactor: number("end_factor", 1),
                           totalIters: Int(number("total_iters", 5)))
        case "plateau":
            return .plateau(.init(
                factor: number("factor", 0.1), patience: Int(number("patience", 10)), threshold: number("threshold", 1e-4),
                relativeThreshold: (spec["threshold_mode"]?.string ?? "rel") == "rel", minimize: (spec["mode"]?.string ?? "min") == "min",
                cooldown: Int(number("cooldown", 0)), minLR: number("min_lr", 0)))
        default:
            throw XCTSkip("unknown schedule")
        }
    }

    func testSchedulesMatchPyTorch() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "schedules", withExtension: "json", subdirectory: "Fixtures/pytorch"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        XCTAssertEqual(fixture.cases.count, 6)
        func dataset(_ x: [Float], _ y: [Float]) -> Dataset {
            Dataset(features: Tensor(shape: [y.count, 3], scalars: x), targets: y, featureNames: ["a", "b", "c"],
                    targetName: "y", task: .regression)
        }
        let train = dataset(fixture.x, fixture.y), validation = dataset(fixture.val_x, fixture.val_y)
        for c in fixture.cases {
            // Sequential(Linear(3, 8), Tanh, Linear(8, 1)): keys 0.* and 2.*.
            var model = try Model(layers: [.dense(DenseLayer(units: 8, activation: .tanh)), .dense(DenseLayer(units: 1))], inputs: 3)
            try model.loadStateDict(c.initial.map { name, values in (name, Tensor(shape: c.shapes[name] ?? [], scalars: values)) })
            let config = TrainingConfiguration(
                epochs: c.epochs, batchSize: train.rows, shuffle: false, loss: .mse,
                optimizer: try PyTorchReferenceTests.optimizer(c.optimizer), schedule: try Self.schedule(c.schedule))
            let result = try model.train(on: train, validation: c.validate ? validation : nil, configuration: config)
            XCTAssertEqual(result.history.count, c.epochs, c.name)
            for (epoch, (record, rate)) in zip(result.history, c.rates).enumerated() {
                XCTAssertEqual(record.learningRate, rate, accuracy: 1e-15 * rate, "\(c.name): lr of epoch \(epoch + 1)")
                let monitored = record.validationLoss ?? record.total
                XCTAssertEqual(monitored, c.monitored[epoch], accuracy: 1e-5 * c.monitored[epoch], "\(c.name): monitored loss")
                XCTAssertEqual(record.dataLoss, c.losses[epoch], accuracy: 1e-5 * c.losses[epoch], "\(c.name): loss")
            }
            for (name, tensor) in model.stateDict {
                let expected = try XCTUnwrap(c.final[name], "\(c.name): \(name)")
                for (a, b) in zip(tensor.scalars, expected) {
                    XCTAssertEqual(a, b, accuracy: 1e-5 * max(1, abs(b)), "\(c.name): \(name)")
                }
            }
        }
    }

    /// PyTorch's own checks on the settings, each naming the setting and the schedule that
    /// holds it so a host can point at the argument.
    func testOutOfRangeSettingsAreRefused() {
        func culprit(_ schedule: LearningRateSchedule) -> String? {
            schedule.invalidSetting.map { "\($0.owner ?? "").\($0.setting)" }
        }
        XCTAssertEqual(culprit(.exponential(gamma: -1)), "exponential.gamma")
        XCTAssertEqual(culprit(.linear(startFactor: 0, endFactor: 1, totalIters: 5)), "warmup.start_factor")
        XCTAssertEqual(culprit(.linear(startFactor: 0.5, endFactor: 1.5, totalIters: 5)), "warmup.end_factor")
        XCTAssertEqual(culprit(.plateau(.init(factor: 1))), "reduce_on_plateau.factor")
        XCTAssertEqual(culprit(.plateau(.init(patience: -1))), "reduce_on_plateau.patience")
        XCTAssertEqual(culprit(.step(stepSize: 0, gamma: 0.5)), "step_lr.step_size")
        XCTAssertEqual(culprit(.cosine(tMax: 10, etaMin: -1)), "cosine.eta_min")
        XCTAssertNil(culprit(.plateau(.init())))
    }
}
