import RegulaNN
import RegulaTensor

/// A flat JSON object written field by field (the children's one-line reports).
struct Report {
    private var fields: [(String, String)] = []

    mutating func add(_ key: String, _ value: Double) { fields.append((key, value.isFinite ? "\(value)" : "null")) }
    mutating func add(_ key: String, _ value: Int) { fields.append((key, "\(value)")) }
    mutating func add(_ key: String, _ value: String) { fields.append((key, "\"\(value)\"")) }
    mutating func add(_ key: String, _ values: [Double]) {
        fields.append((key, "[" + values.map { "\($0)" }.joined(separator: ", ") + "]"))
    }

    var json: String { "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}" }
}

/// W1–W3: an MLP trained through RegulaNN's public API.
struct MLPWorkload {
    let name: String
    let widths: [Int]
    let batch: Int
    let epochs: Int
    let penalty: Penalty
    let optimizer: Optimizer

    static func named(_ name: String) -> MLPWorkload? {
        switch name {
        case "w1":
            return MLPWorkload(name: name, widths: [64, 256, 256, 10], batch: 32, epochs: 20,
                               penalty: .l1(1e-4) + .l2(1e-3), optimizer: .adam(lr: 1e-3))
        case "w2", "w3":
            return MLPWorkload(name: name, widths: [784, 512, 512, 10], batch: name == "w2" ? 128 : 512, epochs: 1,
                               penalty: .l1(1e-5), optimizer: .adamw(lr: 1e-3, weightDecay: 1e-2))
        default:
            return nil
        }
    }

    func model() throws -> Model {
        var layers: [Layer] = []
        for l in 1..<widths.count {
            layers.append(.dense(DenseLayer(units: widths[l], activation: l < widths.count - 1 ? .relu : .identity)))
        }
        return try Model(layers: layers, inputs: widths[0], seed: 0)
    }

    func configuration(threads: Int, epochs: Int? = nil) -> TrainingConfiguration {
        TrainingConfiguration(
            epochs: epochs ?? self.epochs, batchSize: batch, loss: .crossEntropy, penalty: penalty,
            optimizer: optimizer, seed: 0, threads: threads)
    }

    func data(root: String) throws -> Dataset {
        if name == "w1" {
            let raw = try CSVLoader.load(path: root + "/examples/data/digits.csv", target: "digit", task: .classification)
            return try Standardizer(fitting: raw).apply(to: raw)
        }
        return teacherData(rows: 60_000, features: widths[0], classes: widths[widths.count - 1])
    }

    /// Trains once and reports throughput, CPU time, GEMM speed against OpenBLAS on the same
    /// shapes (probed before and after the run), peak memory and allocations per step.
    func run(root: String, threads: Int) throws -> Report {
        let data = try data(root: root)
        let roofline = GemmRoofline(widths: widths, batch: batch)
        // The run's own products, alone: as many steps as the run takes (full batches).
        let steps = epochs * ((data.rows + batch - 1) / batch)
        let peakBefore = roofline.gflops(threads: threads)
        let before = roofline.gflops(threads: threads, steps: steps)
        var model = try model()
        var epochSeconds = 0.0
        let wall = Clock.wall(), cpu = Clock.cpu()
        var cpuAtLastEpoch = cpu
        let result = try model.train(on: data, configuration: configuration(threads: threads)) { record in
            epochSeconds += record.seconds
            cpuAtLastEpoch = Clock.cpu()  // before the final scoring of the whole training data
        }
        let trainCall = Clock.wall() - wall, cpuSeconds = cpuAtLastEpoch - cpu
        let after = roofline.gflops(threads: threads, steps: steps)
        let peakAfter = roofline.gflops(threads: threads)
        let samples = Double(data.rows * result.epochsRun)
        var report = Report()
        report.add("workload", name)
        report.add("threads", threads)
        report.add("samples_per_second", samples / epochSeconds)
        report.add("seconds", epochSeconds)
        report.add("train_call_seconds", trainCall)
        report.add("cpu_seconds", cpuSeconds)
        report.add("gflops", samples / Double(batch) * roofline.flopsPerStep / epochSeconds / 1e9)
        report.add("sgemm_gflops_before", before)
        report.add("sgemm_gflops_after", after)
        report.add("sgemm_peak_gflops", (peakBefore + peakAfter) / 2)
        report.add("max_rss_mb", Clock.maxRSSMegabytes())
        report.add("allocs_per_step", try allocationsPerStep(data: data, threads: threads))
        report.add("final_loss", result.trainLoss)
        return report
    }

    /// Allocations of one steady-state step: a one-epoch run of 2k steps minus one of k
    /// steps, divided by k (per-run and per-epoch allocations cancel). NaN without the
    /// malloc counter.
    func allocationsPerStep(data: Dataset, threads: Int) throws -> Double {
        guard let read = MallocCounter.read else { return .nan }
        let k = Swift.min(20, data.rows / (2 * batch))
        guard k > 0 else { return .nan }
        func count(steps: Int) throws -> UInt64 {
            let part = data.subset(rows: Array(0..<(steps * batch)))
            var model = try model()
            var atEpochEnd: UInt64 = 0
            let start = read()
            _ = try model.train(on: part, configuration: configuration(threads: threads, epochs: 1)) { _ in
                atEpochEnd = read()
            }
            return atEpochEnd - start
        }
        let short = try count(steps: k), long = try count(steps: 2 * k)
        return (Double(long) - Double(short)) / Double(k)
    }
}

/// `rows` standard-normal rows labelled by the arg-max of a fixed random linear teacher
/// (both drawn from Regula's `.data` stream, seed 0).
func teacherData(rows: Int, features: Int, classes: Int) -> Dataset {
    var random = RandomGenerator(seed: 0, stream: .data)
    let x = (0..<(rows * features)).map { _ in Float(random.normal()) }
    let teacher = (0..<(features * classes)).map { _ in Float(random.normal()) }
    var scores = [Float](repeating: 0, count: rows * classes)
    x.withUnsafeBufferPointer { px in
        teacher.withUnsafeBufferPointer { pt in
            scores.withUnsafeMutableBufferPointer { ps in
                guard let a = px.baseAddress, let b = pt.baseAddress, let c = ps.baseAddress else { return }
                Float.gemm(transposeA: false, transposeB: false, m: rows, n: classes, k: features, alpha: 1,
                           a: a, lda: features, b: b, ldb: classes, beta: 0, c: c, ldc: classes)
            }
        }
    }
    let labels = (0..<rows).map { r -> Float in
        var best = 0
        for j in 1..<classes where scores[r * classes + j] > scores[r * classes + best] { best = j }
        return Float(best)
    }
    return Dataset(
        features: Tensor(shape: [rows, features], scalars: x), targets: labels,
        featureNames: (0..<features).map { "x\($0)" }, targetName: "class", task: .classification(classes: classes))
}

/// W4: a linear elastic-net fit on diabetes to convergence by proximal gradient descent.
///
/// scikit-learn minimises `1/(2n)‖y − Xw − b‖² + αρ‖w‖₁ + α(1−ρ)/2‖w‖²`; twice that is
/// Regula's `mse + l1(2αρ) + l2(α(1−ρ))`, so both have the same minimiser. The L1 part is
/// proximal (exact zeros, like coordinate descent's).
struct ElasticNetWorkload {
    let alpha = 0.1, ratio = 0.5

    func run(root: String, repeats: Int = 20) throws -> Report {
        let raw = try CSVLoader.load(path: root + "/examples/data/diabetes.csv", target: "progression", task: .regression)
        let data = try Standardizer(fitting: raw).apply(to: raw)
        let configuration = TrainingConfiguration(
            epochs: 20_000, batchSize: data.rows, shuffle: false, loss: .mse,
            penalty: .l2(alpha * (1 - ratio)) + .l1(2 * alpha * ratio, proximal: true),
            optimizer: .sgd(lr: 0.1), earlyStoppingPatience: 50, seed: 0)
        var fitted = try Model(layers: [.dense(DenseLayer(units: 1, initializer: .zeros))], inputs: data.featureCount)
        var epochs = 0
        let start = Clock.wall()
        for _ in 0..<repeats {
            var model = try Model(layers: [.dense(DenseLayer(units: 1, initializer: .zeros))], inputs: data.featureCount)
            let result = try model.train(on: data, configuration: configuration)
            epochs = result.epochsRun
            fitted = model
        }
        let seconds = (Clock.wall() - start) / Double(repeats)
        var report = Report()
        report.add("workload", "w4")
        report.add("threads", 1)
        report.add("seconds_per_fit", seconds)
        report.add("epochs", epochs)
        if case .dense(let d) = fitted.layers[0], let w = d.weight, let b = d.bias {
            report.add("coef", w.scalars.map { Double($0) })
            report.add("intercept", Double(b.scalars[0]))
        }
        report.add("max_rss_mb", Clock.maxRSSMegabytes())
        return report
    }
}
