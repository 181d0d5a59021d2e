import RegulaNN
import RegulaTensor

/// Small deterministic datasets for the tests.
enum TestData {
    /// `rows` points in `features` dimensions, class = the arg-max of a fixed linear map.
    static func classification(rows: Int, features: Int = 4, classes: Int = 3, seed: UInt64 = 1) -> Dataset {
        var random = RandomGenerator(seed: seed, stream: .data)
        let x = (0..<(rows * features)).map { _ in Float(random.normal()) }
        let targets = (0..<rows).map { r -> Float in
            var best = 0, bestScore = -Float.infinity
            for c in 0..<classes {
                var score: Float = 0
                for j in 0..<features { score += x[r * features + j] * Float(((c + 1) * (j + 2)) % 5 - 2) }
                if score > bestScore { best = c; bestScore = score }
            }
            return Float(best)
        }
        return Dataset(features: Tensor(shape: [rows, features], scalars: x), targets: targets,
                       featureNames: (0..<features).map { "x\($0)" }, targetName: "class",
                       task: .classification(classes: classes))
    }

    /// `y = 2·x₀ − x₁ + noise`: only the first two of `features` columns matter.
    static func regression(rows: Int, features: Int = 6, noise: Double = 0.1, seed: UInt64 = 2) -> Dataset {
        var random = RandomGenerator(seed: seed, stream: .data)
        let x = (0..<(rows * features)).map { _ in Float(random.normal()) }
        let y = (0..<rows).map { r in 2 * x[r * features] - x[r * features + 1] + Float(noise * random.normal()) }
        return Dataset(features: Tensor(shape: [rows, features], scalars: x), targets: y,
                       featureNames: (0..<features).map { "x\($0)" }, targetName: "y", task: .regression)
    }

    static func mlp(units: Int = 16, outputs: Int = 3) -> [Layer] {
        [.dense(DenseLayer(units: units, activation: .relu)), .dense(DenseLayer(units: outputs))]
    }

    /// All weights and biases, flattened.
    static func parameters(_ model: Model) -> [Float] { model.stateDict.flatMap { $0.tensor.scalars } }
}
