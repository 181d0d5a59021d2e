import CAllocationCounter
import RegulaNN
import RegulaTensor
import XCTest

/// A built-in model's steady-state training step allocates nothing (docs/performance.md).
/// The counter in `CAllocationCounter` (the test executable's own malloc family) counts
/// the allocations (on every thread) in the last epoch of a three-epoch run, from
/// the end of epoch 2 to the end of epoch 3: once with `k` steps an epoch and once with
/// `2k`. The per-epoch allocations are the same in both, so the difference is `k` times
/// what one step allocates. (The window leaves out building the network, whose count
/// varies from run to run: an array's capacity follows the size malloc happened to give.)
final class AllocationFreeStepTests: XCTestCase {
    static let batch = 8, steps = 6

    override func setUpWithError() throws {
        guard regula_allocation_counter_available() == 1 else {
            throw XCTSkip("the allocation counter replaces glibc's malloc; this C library is not glibc")
        }
    }

    /// Allocations counted while `body` runs.
    func allocations(_ body: () throws -> Void) rethrows -> UInt64 {
        regula_allocation_counting_start()
        defer { regula_allocation_counting_stop() }
        try body()
        return regula_allocation_count()
    }

    /// Allocations in the third epoch of a run of `steps` steps an epoch, and in the whole
    /// run up to its end. A fresh model each time.
    func epochAllocations(_ layers: [Layer], _ data: Dataset, _ config: TrainingConfiguration,
                          steps: Int) throws -> (epoch: UInt64, run: UInt64) {
        let part = data.subset(rows: Array(0..<(steps * Self.batch)))
        var model = try Model(layers: layers, seed: 3)
        var atEpochEnd: [UInt64] = []
        atEpochEnd.reserveCapacity(8)  // appending in the callback allocates nothing
        regula_allocation_counting_start()
        defer { regula_allocation_counting_stop() }
        _ = try model.train(on: part, configuration: config) { _ in atEpochEnd.append(regula_allocation_count()) }
        XCTAssertEqual(atEpochEnd.count, 3, "the run stopped early")
        guard atEpochEnd.count == 3 else { return (0, 0) }
        return (atEpochEnd[2] - atEpochEnd[1], atEpochEnd[2])
    }

    /// Allocations per extra step, from the measurement closest to 0 of up to five: another
    /// thread of the test process may allocate while the counter runs, rarely; an
    /// allocation a step makes shows in every measurement, `k` times.
    func allocationsPerStep(_ layers: [Layer], _ data: Dataset, _ config: TrainingConfiguration,
                            file: StaticString = #filePath, line: UInt = #line) throws -> Double {
        var config = config
        config.epochs = 3
        config.batchSize = Self.batch
        _ = try epochAllocations(layers, data, config, steps: 2)  // one-time set-up (metadata, lazy globals)
        var differences: [Int64] = []
        for _ in 0..<5 {
            let short = try epochAllocations(layers, data, config, steps: Self.steps)
            let long = try epochAllocations(layers, data, config, steps: 2 * Self.steps)
            // The run allocates (the network, its buffers): the counter sees the engine.
            XCTAssertGreaterThan(short.run, 0, "the counter saw no allocation at all", file: file, line: line)
            differences.append(Int64(long.epoch) - Int64(short.epoch))
            if differences.last == 0 { break }
        }
        print("allocations of \(Self.steps) extra steps, per measurement: \(differences)")
        let closest = differences.min(by: { abs($0) < abs($1) }) ?? 0
        return Double(closest) / Double(Self.steps)
    }

    /// dense + relu + dropout, an L1 + L2 penalty on the weights and an activity penalty.
    static func network(outputs: Int) -> [Layer] {
        [.dense(DenseLayer(units: 16, activation: .relu, activityPenalty: .l1(1e-4))), .dropout(0.2),
         .dense(DenseLayer(units: 16, activation: .relu)), .dropout(0.1), .dense(DenseLayer(units: outputs))]
    }

    static let penalty = Penalty.l1(1e-4) + .l2(1e-3)

    func testTheCounterSeesAnAllocationOfTheSwiftRuntime() {
        // An array's storage comes from swift_allocObject in libswiftCore, a shared library.
        let counted = allocations { withExtendedLifetime([Int](repeating: 7, count: 1000)) {} }
        XCTAssertGreaterThanOrEqual(counted, 1)
    }

    func testAdamCrossEntropyStepAllocatesNothing() throws {
        let config = TrainingConfiguration(loss: .crossEntropy, penalty: Self.penalty, optimizer: .adam(lr: 1e-3))
        XCTAssertEqual(try allocationsPerStep(Self.network(outputs: 3), TestData.classification(rows: 200), config), 0)
    }

    func testSGDMomentumMSEStepAllocatesNothing() throws {
        let config = TrainingConfiguration(loss: .mse, penalty: Self.penalty, optimizer: .sgd(lr: 1e-3, momentum: 0.9))
        XCTAssertEqual(try allocationsPerStep(Self.network(outputs: 1), TestData.regression(rows: 200), config), 0)
    }

    func testAdamMSEAndSGDMomentumCrossEntropyOnTwoThreadsAllocateNothing() throws {
        let adam = TrainingConfiguration(loss: .mse, penalty: Self.penalty, optimizer: .adam(lr: 1e-3), threads: 2)
        XCTAssertEqual(try allocationsPerStep(Self.network(outputs: 1), TestData.regression(rows: 200), adam), 0)
        let sgd = TrainingConfiguration(
            loss: .crossEntropy, penalty: Self.penalty, optimizer: .sgd(lr: 1e-3, momentum: 0.9), threads: 2)
        XCTAssertEqual(try allocationsPerStep(Self.network(outputs: 3), TestData.classification(rows: 200), sgd), 0)
    }

    /// The measurement finds a step that allocates: an activation written outside the
    /// engine makes its output tensor (and the pullback's) on every step.
    func testAStepThatAllocatesIsCaught() throws {
        let copy = ExternalFunction(description: "fn copy") { inputs, _ in
            let x = inputs[0]
            return (Tensor(shape: x.shape, scalars: x.scalars.map { $0 }), { g in Tensor(shape: g.shape, scalars: g.scalars.map { $0 }) })
        }
        let layers: [Layer] = [.dense(DenseLayer(units: 16)), .function(copy), .dense(DenseLayer(units: 3))]
        let config = TrainingConfiguration(loss: .crossEntropy, optimizer: .adam(lr: 1e-3))
        XCTAssertGreaterThanOrEqual(try allocationsPerStep(layers, TestData.classification(rows: 200), config), 1)
    }
}
