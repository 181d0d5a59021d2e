import RegulaNN
import XCTest

/// An out-of-range setting is reported with its structure: which setting, of what, and
/// which training setting holds it, so a host points at the argument without reading the
/// message.
final class InvalidSettingTests: XCTestCase {
    func problem(_ configuration: TrainingConfiguration) -> InvalidSetting? {
        do {
            try configuration.validate()
            return nil
        } catch {
            guard case .invalidSetting(let found) = error else {
                XCTFail("expected .invalidSetting, got \(error)")
                return nil
            }
            return found
        }
    }

    func testTrainingSettingsNameThemselves() {
        XCTAssertNil(problem(TrainingConfiguration()))
        XCTAssertEqual(problem(TrainingConfiguration(batchSize: 0)),
                       InvalidSetting("batch_size", "the batch size must be at least 1, got 0", field: .batchSize))
        XCTAssertEqual(problem(TrainingConfiguration(earlyStoppingPatience: 0))?.field, .earlyStoppingPatience)
        XCTAssertEqual(problem(TrainingConfiguration(epochs: -1))?.description, "epochs must be ≥ 0, got -1")
    }

    func testAPartsSettingNamesThePartAndTheTrainingSetting() throws {
        let optimizer = try XCTUnwrap(problem(TrainingConfiguration(optimizer: .adam(beta1: 1))))
        XCTAssertEqual(optimizer.setting, "beta1")
        XCTAssertEqual(optimizer.owner, "adam")
        XCTAssertEqual(optimizer.field, .optimizer)
        XCTAssertEqual(optimizer.description, "adam: beta1 must be in [0, 1), got 1")
        let schedule = try XCTUnwrap(problem(TrainingConfiguration(schedule: .step(stepSize: 0, gamma: 0.5))))
        XCTAssertEqual([schedule.owner, schedule.setting], ["step_lr", "step_size"])
        XCTAssertEqual(schedule.field, .schedule)
        XCTAssertEqual(problem(TrainingConfiguration(loss: .huber(delta: 0)))?.setting, "delta")
        XCTAssertEqual(problem(TrainingConfiguration(penalty: .l2(0.1) + .l1(-1)))?.owner, "l1")
    }

    /// `lr_decay` contains `lr`: the setting is named, not found by searching the message.
    func testTheSettingIsNamedNotSearchedFor() {
        let found = Optimizer.adagrad(lr: 0.1, lrDecay: -1).invalidSetting
        XCTAssertEqual(found?.setting, "lr_decay")
        XCTAssertEqual(found?.reason, "lr_decay must be ≥ 0, got -1")
        XCTAssertEqual(Optimizer.sgd(lr: 0.1, nesterov: true).invalidSetting?.setting, "nesterov")
    }

    /// The table is the optimizers' one declaration: every hyper-parameter a case holds
    /// is listed, in torch's order, and building from the list gives the optimizer back.
    func testTheHyperParameterTableRoundTrips() {
        let samples: [Optimizer] = [
            .sgd(lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true, weightDecay: 0.01),
            .adagrad(lr: 0.2, lrDecay: 0.01, weightDecay: 0.02, initialAccumulatorValue: 0.1, eps: 1e-9),
            .rmsprop(lr: 0.3, alpha: 0.9, eps: 1e-7, weightDecay: 0.03, momentum: 0.5, centered: true),
            .adam(lr: 0.4, beta1: 0.8, beta2: 0.95, eps: 1e-6, weightDecay: 0.04, amsgrad: true),
            .adamw(lr: 0.5, beta1: 0.7, beta2: 0.9, eps: 1e-5, weightDecay: 0.05, amsgrad: true),
        ]
        for optimizer in samples {
            let values = Dictionary(uniqueKeysWithValues: optimizer.hyperParameters.map { ($0.name, $0.value) })
            XCTAssertEqual(Optimizer(optimizer.kind, values), optimizer)
            XCTAssertEqual(Optimizer(optimizer.kind, [:]), Optimizer.standard(optimizer.kind))
        }
        XCTAssertEqual(Optimizer.standard(.adam).hyperParameters.map(\.name), ["lr", "beta1", "beta2", "eps", "weight_decay", "amsgrad"])
    }

    /// torch.optim's defaults (torch 2.x), as its documentation states them.
    func testTheDefaultsAreTorchs() {
        func defaults(_ kind: Optimizer.Kind) -> String {
            Optimizer.standard(kind).hyperParameters.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        }
        XCTAssertEqual(defaults(.sgd), "lr=0.001 momentum=0 dampening=0 nesterov=false weight_decay=0")
        XCTAssertEqual(defaults(.adam), "lr=0.001 beta1=0.9 beta2=0.999 eps=1e-08 weight_decay=0 amsgrad=false")
        XCTAssertEqual(defaults(.adamw), "lr=0.001 beta1=0.9 beta2=0.999 eps=1e-08 weight_decay=0.01 amsgrad=false")
        XCTAssertEqual(defaults(.rmsprop), "lr=0.01 alpha=0.99 eps=1e-08 weight_decay=0 momentum=0 centered=false")
        XCTAssertEqual(defaults(.adagrad), "lr=0.01 lr_decay=0 weight_decay=0 initial_accumulator_value=0 eps=1e-10")
    }

    /// The description prints lr and the settings that differ from the table's defaults.
    func testDescriptionShowsTheNonDefaults() {
        XCTAssertEqual(Optimizer.adamw().description, "adamw(lr: 0.001)")
        XCTAssertEqual(Optimizer.sgd(lr: 0.1, momentum: 0.9, nesterov: true).description, "sgd(lr: 0.1, momentum: 0.9, nesterov: true)")
        XCTAssertEqual(Optimizer.adamw(weightDecay: 0).description, "adamw(lr: 0.001, weight_decay: 0)")
    }
}

/// Layers: `Layer.invalidSetting` is the one check, made by `Model.init` and by hosts.
final class LayerSettingTests: XCTestCase {
    func testALayerNamesTheSettingAtFault() {
        XCTAssertEqual(Layer.dropout(1).invalidSetting?.setting, "p")
        XCTAssertEqual(Layer.dense(DenseLayer(units: 0)).invalidSetting?.setting, "units")
        XCTAssertEqual(Layer.dense(DenseLayer(units: 2, activityPenalty: .l1(0.1, proximal: true))).invalidSetting?.setting, "activity_penalty")
        XCTAssertNil(Layer.dense(DenseLayer(units: 2, penalty: .l2(0.1))).invalidSetting)
    }

    /// A bias penalty on a layer without a bias would do nothing: the engine refuses it
    /// too, not only the language.
    func testTheEngineRefusesABiasPenaltyWithoutABias() {
        let layer = Layer.dense(DenseLayer(units: 2, bias: false, biasPenalty: .l2(0.1)))
        XCTAssertEqual(layer.invalidSetting?.setting, "bias_penalty")
        XCTAssertThrowsError(try Model(layers: [layer])) { error in
            XCTAssertEqual(error as? ModelError,
                           .invalidLayer("layer 0 (\(layer)): a layer without a bias (bias: false) has no bias to penalise"))
        }
    }
}

/// The exact solver's settings: checked by the engine, named as scikit-learn names them.
final class SolverSettingTests: XCTestCase {
    func testTheSolverNamesTheSettingAtFault() {
        XCTAssertNil(LinearSolverSettings().invalidSetting)
        XCTAssertEqual(LinearSolverSettings(tolerance: .nan).invalidSetting?.setting, "tol")
        XCTAssertEqual(LinearSolverSettings(maxIterations: 0).invalidSetting?.setting, "max_iter")
    }
}

/// Schedules: one table of settings, from which they are built, checked and printed.
final class ScheduleTableTests: XCTestCase {
    func testAWordOutsideItsChoicesIsRefusedWhereItIsNamed() {
        XCTAssertThrowsError(try LearningRateSchedule(.reduceOnPlateau, ["mode": .choice("maximum")])) { error in
            XCTAssertEqual(error as? InvalidSetting, InvalidSetting("mode", of: "reduce_on_plateau", "mode must be \"min\" or \"max\", got \"maximum\""))
        }
    }

    func testTheTableRoundTripsAndItsDefaultsAreTorchs() throws {
        let plateau = LearningRateSchedule.plateau(.init(factor: 0.5, patience: 3, relativeThreshold: false, minimize: false))
        let values = Dictionary(uniqueKeysWithValues: plateau.hyperParameters.map { ($0.name, $0.value) })
        XCTAssertEqual(try LearningRateSchedule(.reduceOnPlateau, values), plateau)
        XCTAssertEqual(try LearningRateSchedule(.reduceOnPlateau, [:]), .plateau(.init()))
        XCTAssertEqual(try LearningRateSchedule(.warmup, [:]), .linear(startFactor: 1.0 / 3, endFactor: 1, totalIters: 5))
        XCTAssertEqual(try LearningRateSchedule(.stepLR, ["step_size": .count(4)]), .step(stepSize: 4, gamma: 0.1))
        XCTAssertEqual(LearningRateSchedule.Kind.stepLR.hyperParameters.filter(\.isRequired).map(\.name), ["step_size"])
    }
}
