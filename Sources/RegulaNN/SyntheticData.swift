import RegulaTensor

/// A synthetic regression problem and the truth behind it.
public struct SyntheticRegression: Sendable {
    public var dataset: Dataset
    /// The true coefficients, one per feature: nonzero for the informative features
    /// (the first `informative` ones), exactly zero for the rest.
    public var coefficients: [Float]
    /// The true intercept.
    public var intercept: Float
}

/// Seeded synthetic data sets, all drawn from `RandomGenerator(seed:, stream: .data,
/// index:)`, so the same arguments give the same data on every machine.
public enum SyntheticData {
    /// The largest `n × features` accepted (400 MB of float32).
    public static let maxElements = 100_000_000

    /// `y = X·w + b + noise·ε`: X and ε standard normal; w has `informative` nonzero
    /// entries (the first ones, magnitudes uniform in [1, 3), random signs) and zeros after
    /// them: the classic set-up where L1 recovers the informative features. b is uniform in
    /// [−1, 1). Features are named `x0`, `x1`, ...; the target `y`.
    public static func regression(
        n: Int, features: Int, informative: Int, noise: Double, seed: UInt64, index: UInt64 = 0
    ) throws -> SyntheticRegression {
        try validate("synthetic_regression", n: n, features: features, informative: informative)
        guard noise.isFinite, noise >= 0 else {
            throw DataError(.invalidArgument, "synthetic_regression: noise must be a finite number ≥ 0 (got \(noise))", argument: "noise")
        }
        var random = RandomGenerator(seed: seed, stream: .data, index: index)
        var coefficients = [Double](repeating: 0, count: features)
        for j in 0..<informative {
            let magnitude = random.uniform(1, 3)
            coefficients[j] = random.nextUInt64() & 1 == 0 ? magnitude : -magnitude
        }
        let intercept = random.uniform(-1, 1)
        var x = [Float](repeating: 0, count: n * features)
        var y = [Float](repeating: 0, count: n)
        for row in 0..<n {
            var sum = intercept
            for j in 0..<features {
                let value = Float(random.normal())
                x[row * features + j] = value
                sum += coefficients[j] * Double(value)
            }
            y[row] = Float(sum + noise * random.normal())
            if !y[row].isFinite {
                throw DataError(
                    .invalidArgument,
                    "synthetic_regression: noise \(noise) makes target values too large for float32 (|y| over 3.4e38); use a smaller noise",
                    argument: "noise")
            }
        }
        let dataset = Dataset(
            features: Tensor(shape: [n, features], scalars: x), targets: y,
            featureNames: (0..<features).map { "x\($0)" }, targetName: "y", task: .regression)
        return SyntheticRegression(
            dataset: dataset, coefficients: coefficients.map { Float($0) }, intercept: Float(intercept))
    }

    /// A classification problem with `classes` Gaussian blobs: each class has a centre in
    /// the space of the first `informative` features (standard normal × `separation`);
    /// a row's informative features are its class centre plus standard normal noise, the
    /// other features pure standard normal noise. Classes are balanced (row i has class
    /// i mod classes before a shuffle). Features `x0`, `x1`, ...; the target `class`.
    public static func classification(
        n: Int, features: Int, informative: Int, classes: Int, separation: Double = 2,
        seed: UInt64, index: UInt64 = 0
    ) throws -> Dataset {
        try validate("synthetic_classification", n: n, features: features, informative: informative)
        guard informative >= 1 else {
            throw DataError(.invalidArgument, "synthetic_classification: informative must be at least 1", argument: "informative")
        }
        guard classes >= 2, classes <= 10_000 else {
            throw DataError(.invalidArgument, "synthetic_classification: classes must be between 2 and 10000 (got \(classes))", argument: "classes")
        }
        guard separation.isFinite, separation >= 0 else {
            throw DataError(.invalidArgument, "synthetic_classification: separation must be a finite number ≥ 0", argument: "separation")
        }
        var random = RandomGenerator(seed: seed, stream: .data, index: index)
        let centres = (0..<classes).map { _ in (0..<informative).map { _ in separation * random.normal() } }
        var labels = (0..<n).map { $0 % classes }
        random.shuffle(&labels)
        var x = [Float](repeating: 0, count: n * features)
        for row in 0..<n {
            for j in 0..<features {
                let centre = j < informative ? centres[labels[row]][j] : 0
                x[row * features + j] = Float(centre + random.normal())
                if !x[row * features + j].isFinite {
                    throw DataError(
                        .invalidArgument,
                        "synthetic_classification: separation \(separation) makes feature values too large for float32 (over 3.4e38); use a smaller separation",
                        argument: "separation")
                }
            }
        }
        return Dataset(
            features: Tensor(shape: [n, features], scalars: x), targets: labels.map { Float($0) },
            featureNames: (0..<features).map { "x\($0)" }, targetName: "class",
            task: .classification(classes: classes))
    }

    private static func validate(_ function: String, n: Int, features: Int, informative: Int) throws {
        guard n >= 1 else { throw DataError(.invalidArgument, "\(function): n must be at least 1 (got \(n))", argument: "n") }
        guard features >= 1 else {
            throw DataError(.invalidArgument, "\(function): features must be at least 1 (got \(features))", argument: "features")
        }
        guard informative >= 0, informative <= features else {
            throw DataError(
                .invalidArgument, "\(function): informative must be between 0 and features = \(features) (got \(informative))",
                argument: "informative")
        }
        let (elements, overflow) = n.multipliedReportingOverflow(by: features)
        guard !overflow, elements <= maxElements else {
            throw DataError(
                .invalidArgument, "\(function): n × features = \(n) × \(features) is too large (at most \(maxElements) values)")
        }
    }
}
