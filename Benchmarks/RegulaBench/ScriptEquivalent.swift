import RegulaNN
import RegulaTensor

/// What `Benchmarks/wN.reg` computes, done through RegulaNN's API directly: the process
/// time of this against `regula run wN.reg` is the interpreter's overhead.
enum ScriptEquivalent {
    static func run(_ workload: String, root: String, threads: Int) throws {
        switch workload {
        case "w1":
            let raw = try CSVLoader.load(path: root + "/examples/data/digits.csv", target: "digit")
            try train(Standardizer(fitting: raw).apply(to: raw), widths: [256, 256, 10], threads: threads,
                      configuration: TrainingConfiguration(
                          epochs: 20, batchSize: 32, loss: .crossEntropy, penalty: .l1(1e-4) + .l2(1e-3),
                          optimizer: .adam(lr: 1e-3), threads: threads))
        case "w2", "w3":
            let data = try SyntheticData.classification(n: 60_000, features: 784, informative: 784, classes: 10, seed: 0)
            try train(data, widths: [512, 512, 10], threads: threads, configuration: TrainingConfiguration(
                epochs: 1, batchSize: workload == "w2" ? 128 : 512, loss: .crossEntropy, penalty: .l1(1e-5),
                optimizer: .adamw(lr: 1e-3, weightDecay: 1e-2), threads: threads))
        case "w4":
            let raw = try CSVLoader.load(path: root + "/examples/data/diabetes.csv", target: "progression")
            let data = try Standardizer(fitting: raw).apply(to: raw)
            var model = try Model(layers: [.dense(DenseLayer(units: 1, initializer: .zeros))], inputs: data.featureCount)
            let result = try model.train(on: data, configuration: TrainingConfiguration(
                epochs: 20_000, batchSize: data.rows, shuffle: false, loss: .mse,
                penalty: .l2(0.05) + .l1(0.1, proximal: true), optimizer: .sgd(lr: 0.1), earlyStoppingPatience: 50,
                threads: threads))
            print("train loss \(result.trainLoss)")
        default:
            throw BenchError("unknown workload \(workload)")
        }
    }

    private static func train(_ data: Dataset, widths: [Int], threads: Int, configuration: TrainingConfiguration) throws {
        var layers: [Layer] = []
        for (i, units) in widths.enumerated() {
            layers.append(.dense(DenseLayer(units: units, activation: i < widths.count - 1 ? .relu : .identity)))
        }
        var model = try Model(layers: layers, seed: 0)
        let result = try model.train(on: data, configuration: configuration)
        print("train loss \(result.trainLoss)")
    }
}
