import RegulaNN
import RegulaTensor
import XCTest

/// One small training run under every kernel path this CPU has gives the same
/// safetensors bytes: products on 2 threads (split in row blocks), Adam with elastic net,
/// dropout, a partial last batch.
final class KernelPathTrainingTests: XCTestCase {
    private func trainedBytes() throws -> [UInt8] {
        // 128 × 256 × 256 multiply-adds: the first layer's products are split over the threads.
        let data = TestData.classification(rows: 300, features: 256, classes: 4, seed: 5)
        var model = try Model(layers: [
            .dense(DenseLayer(units: 256, activation: .relu)), .dropout(0.2),
            .dense(DenseLayer(units: 48, activation: .tanh)), .dense(DenseLayer(units: 4)),
        ], seed: 11)
        let config = TrainingConfiguration(
            epochs: 3, batchSize: 128, loss: .crossEntropy, penalty: .elasticNet(alpha: 1e-3, l1Ratio: 0.5),
            optimizer: .adam(lr: 1e-2), seed: 3, threads: 2)
        _ = try model.train(on: data, configuration: config)
        return try SafeTensors.encode(model.stateDict.map { ($0.name, $0.tensor) })
    }

    func testEveryPathGivesTheSameSafetensorsBytes() throws {
        let before = Kernels.current
        defer { try? Kernels.select(before) }
        var results: [(KernelPath, [UInt8])] = []
        for path in Kernels.available {
            try Kernels.select(path)
            results.append((path, try trainedBytes()))
        }
        XCTAssertGreaterThan(results.count, 0)
        let (firstPath, reference) = results[0]
        for (path, bytes) in results.dropFirst() {
            XCTAssertEqual(bytes, reference, "\(path.rawValue) and \(firstPath.rawValue) trained different weights")
        }
    }
}
