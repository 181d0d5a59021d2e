import Foundation
import RegulaInterpreter
import RegulaNN
import RegulaTensor
import XCTest

/// Whole scripts against PyTorch: each case of `Scripts/parity/expected.json` (written by
/// `scripts/parity/parity.py --fixtures`, which also ran the same thing in `torch.optim`)
/// is a `.reg` script that reads a CSV, standardises it, declares a model, `load`s the
/// initial weights PyTorch drew, trains with `shuffle: false` and `save`s the weights. The
/// saved weights, the reported `train_loss` and the per-epoch history must match
/// PyTorch's to float32 rounding. Covers the language's plumbing (layer `penalty:` /
/// `bias_penalty:` / `activity_penalty:`, the `loss` / `penalty` / `optimizer` statements,
/// schedules, `validate:` with `split |> standardize`, two runs in a row).
final class ParityTests: XCTestCase {
    struct Fixture: Decodable {
        let tolerance: Double
        let datasets: [String: String]
        let cases: [Case]
    }

    struct Case: Decodable {
        let name: String
        let script: String
        let dataset: String
        let shapes: [String: [Int]]
        let initial: [String: [Double]]
        let expected: [String: [Double]]
        let train_loss: Double
        let history: [Epoch]
    }

    struct Epoch: Decodable {
        let data_loss: Double
        let penalty: Double
        let lr: Double
        let val_loss: Double?
    }

    func testScriptsReachPyTorchsWeights() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Scripts", withExtension: nil))
            .appendingPathComponent("parity/expected.json")
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        XCTAssertGreaterThanOrEqual(fixture.cases.count, 8)
        for c in fixture.cases {
            try check(c, data: try XCTUnwrap(fixture.datasets[c.dataset]), tolerance: fixture.tolerance)
        }
    }

    private func check(_ c: Case, data: String, tolerance: Double) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regula-parity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try data.write(to: directory.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
        let initial = try c.initial.keys.sorted().map { name in
            (name: name, tensor: Tensor<Float>(shape: try XCTUnwrap(c.shapes[name]), scalars: c.initial[name]!.map { Float($0) }))
        }
        try SafeTensors.write(initial, to: directory.appendingPathComponent("init.safetensors").path)
        let path = directory.appendingPathComponent("case.reg").path

        let result = TrainingScriptTests.run(c.script, name: path)
        XCTAssertTrue(result.ok, "\(c.name): \(result.diagnostics.map(\.message))")
        guard result.ok else { return }

        // The weights, normwise: max |Δw| over the largest |w| of the model.
        let saved = try SafeTensors.read(path: directory.appendingPathComponent("out.safetensors").path)
        XCTAssertEqual(saved.tensors.map(\.name).sorted(), c.expected.keys.sorted(), c.name)
        let scale = c.expected.values.flatMap { $0 }.map(abs).max() ?? 1
        for (name, expected) in c.expected {
            let actual = try XCTUnwrap(saved.tensor(named: name), "\(c.name): \(name)").scalars
            XCTAssertEqual(actual.count, expected.count, "\(c.name): \(name)")
            let worst = zip(actual, expected).map { abs(Double($0) - $1) }.max() ?? 0
            XCTAssertLessThanOrEqual(worst / scale, tolerance, "\(c.name): \(name) differs from PyTorch's by \(worst)")
        }

        // The reported loss and the per-epoch history.
        let printed = result.output.split(separator: "\n").first { $0.hasPrefix("train_loss ") }
        let trainLoss = try XCTUnwrap(printed.flatMap { Double($0.dropFirst("train_loss ".count)) }, c.name)
        XCTAssertEqual(trainLoss, c.train_loss, accuracy: tolerance * abs(c.train_loss), "\(c.name): train_loss")
        let rows = try String(contentsOf: directory.appendingPathComponent("history.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try XCTUnwrap(rows.first)
        XCTAssertEqual(rows.count - 1, c.history.count, c.name)
        for (epoch, (row, expected)) in zip(rows.dropFirst(), c.history).enumerated() {
            func column(_ name: String) throws -> Double {
                try XCTUnwrap(header.firstIndex(of: name).flatMap { Double(row[$0]) }, "\(c.name): \(name)")
            }
            let label = "\(c.name), epoch \(epoch + 1)"
            XCTAssertEqual(try column("data_loss"), expected.data_loss, accuracy: tolerance * abs(expected.data_loss), label)
            XCTAssertEqual(try column("penalty"), expected.penalty, accuracy: tolerance * max(abs(expected.data_loss), 1e-3), label)
            XCTAssertEqual(try column("lr"), expected.lr, accuracy: 1e-12, label)
            if let val = expected.val_loss {
                XCTAssertEqual(try column("val_loss"), val, accuracy: tolerance * abs(val), label)
            }
        }
    }
}
