import Foundation
import RegulaNN
import RegulaTensor
import XCTest

final class SafeTensorsTests: XCTestCase {
    private let sample: [(name: String, tensor: Tensor<Float>)] = [
        ("0.weight", Tensor(shape: [2, 3], scalars: [1, -2.5, .pi, 0x1p-140, -0.0, .greatestFiniteMagnitude])),
        ("0.bias", Tensor(shape: [2], scalars: [.infinity, Float(bitPattern: 0x7FC0_1234)])),
        ("naïve \"name\"\n", Tensor(shape: [], scalars: [42])),
        ("empty", Tensor(shape: [0, 3], scalars: [])),
    ]

    private func bits(_ tensor: Tensor<Float>?) -> [UInt32] { tensor?.scalars.map(\.bitPattern) ?? [] }

    func testRoundTripIsBitExactAndKeepsOrderAndMetadata() throws {
        let bytes = try SafeTensors.encode(sample, metadata: ["format": "pt", "note": "λ = 1e-3"])
        let headerLength = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        XCTAssertEqual((8 + headerLength) % 8, 0, "data is 8-byte aligned")
        XCTAssertEqual(bytes.count, 8 + headerLength + 4 * (6 + 2 + 1))
        let file = try SafeTensors.decode(bytes, name: "x")
        XCTAssertEqual(file.tensors.map(\.name), sample.map(\.name))
        for (read, written) in zip(file.tensors, sample) {
            XCTAssertEqual(read.tensor.shape, written.tensor.shape)
            XCTAssertEqual(bits(read.tensor), bits(written.tensor), read.name)
        }
        XCTAssertEqual(file.metadata, ["format": "pt", "note": "λ = 1e-3"])
    }

    func testWriteAndReadAFile() throws {
        let directory = try DataFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/model.safetensors"
        try SafeTensors.write(sample, to: path)
        let file = try SafeTensors.read(path: path)
        XCTAssertEqual(bits(file.tensor(named: "0.weight")), bits(sample[0].tensor))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["model.safetensors"])
    }

    func testWritingRejectsReservedAndDuplicateNames() {
        let t = Tensor<Float>(shape: [1], scalars: [1])
        XCTAssertEqual(
            assertDataError(.invalidArgument) { try SafeTensors.encode([("__metadata__", t)]) }?.message,
            "safetensors: '__metadata__' is reserved and cannot name a tensor")
        XCTAssertEqual(
            assertDataError(.invalidArgument) { try SafeTensors.encode([("a", t), ("a", t)]) }?.message,
            "safetensors: two tensors are named 'a'")
    }

    /// `torch_mlp.safetensors` was written by `safetensors.torch.save_file` (make_fixtures.py).
    func testAFileWrittenByPyTorchLoads() throws {
        let file = try SafeTensors.read(path: DataFixtures.safetensors("torch_mlp.safetensors"))
        XCTAssertEqual(file.tensors.map(\.name), ["0.bias", "0.weight", "2.bias", "2.weight"])
        XCTAssertEqual(file.metadata, ["format": "pt"])
        let w0 = try XCTUnwrap(file.tensor(named: "0.weight"))
        XCTAssertEqual(w0.shape, [3, 4])
        XCTAssertEqual(w0.scalars, (0..<12).map { (Float($0) - 6) / 8 })
        XCTAssertEqual(file.tensor(named: "0.bias"), Tensor(shape: [3], scalars: [0, 0.25, 0.5]))
        XCTAssertEqual(file.tensor(named: "2.weight"), Tensor(shape: [2, 3], scalars: (0..<6).map { (Float($0) - 3) / 16 }))
        XCTAssertEqual(file.tensor(named: "2.bias"), Tensor(shape: [2], scalars: [0.5, -0.5]))
    }

    func testOtherFloatDTypesConvertToFloat32() throws {
        let file = try SafeTensors.read(path: DataFixtures.safetensors("torch_dtypes.safetensors"))
        XCTAssertEqual(file.tensor(named: "half")?.scalars, [1, -2.5, 65504, 0x1p-24, 0x1p-14, 0])
        XCTAssertEqual(file.tensor(named: "brain")?.scalars, [1, -2.5, 0x1p100, -0x1p-100])
        XCTAssertEqual(file.tensor(named: "double"), Tensor(shape: [2, 2], scalars: [0.5, -0.25, 1024, 3]))
        XCTAssertEqual(file.tensor(named: "scalar"), Tensor(shape: [], scalars: [7]))
        XCTAssertEqual(file.tensor(named: "empty")?.shape, [0, 3])
    }

    func testUnsupportedDTypeIsNamed() {
        let error = assertDataError(.unsupportedDType) {
            try SafeTensors.read(path: DataFixtures.safetensors("torch_int64.safetensors"), displayName: "int.safetensors")
        }
        XCTAssertEqual(
            error?.message,
            "int.safetensors: tensor 'steps': dtype I64 is not supported (Regula reads F32, and F64, F16, BF16 converted to float32)")
    }

    func testMissingFile() {
        XCTAssertEqual(
            assertDataError(.fileNotFound) { try SafeTensors.read(path: "/nonexistent/m.safetensors") }?.message,
            "/nonexistent/m.safetensors: no such file")
    }

    /// A state dict PyTorch wrote for `Sequential(Linear(5, 64), ReLU, Linear(64, 64), ReLU,
    /// Linear(64, 2))` (keys `0.*`, `2.*`, `4.*`) loads into `dense(64, activation: relu)` ×2
    /// + `dense(2)` and predicts what PyTorch predicted (make_fixtures.py stored both).
    func testTorchSequentialLoadsAndPredictsTheSame() throws {
        struct Reference: Decodable { let inputs: [[Float]]; let predictions: [[Float]] }
        let reference = try JSONDecoder().decode(
            Reference.self, from: Data(contentsOf: URL(fileURLWithPath: DataFixtures.safetensors("torch_sequential.json"))))
        let file = try SafeTensors.read(path: DataFixtures.safetensors("torch_sequential.safetensors"))
        var model = try Model(layers: [
            .dense(DenseLayer(units: 64, activation: .relu)), .dense(DenseLayer(units: 64, activation: .relu)), .dense(DenseLayer(units: 2)),
        ])
        try model.loadStateDict(file.tensors)
        XCTAssertEqual(model.inputWidth, 5)
        XCTAssertEqual(model.stateDict.map(\.name), ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"])
        let x = Tensor(shape: [reference.inputs.count, 5], scalars: reference.inputs.flatMap { $0 })
        let predicted = try model.predict(x)
        for (a, b) in zip(predicted.scalars, reference.predictions.flatMap { $0 }) {
            XCTAssertEqual(a, b, accuracy: 1e-5 * max(1, abs(b)))
        }

        // The numbering of one index per model line (0, 1, 2) is refused with both lists.
        let byLine = file.tensors.map { entry in (name: entry.name.replacingOccurrences(of: "2.", with: "1.").replacingOccurrences(of: "4.", with: "2."), tensor: entry.tensor) }
        var fresh = try Model(layers: model.layers)
        XCTAssertThrowsError(try fresh.loadStateDict(byLine)) { error in
            XCTAssertTrue("\(error)".contains("missing '4.weight', '4.bias'; unexpected '1.bias', '1.weight'"), "\(error)")
            XCTAssertTrue("\(error)".contains("the model expects 0.weight, 0.bias, 2.weight, 2.bias, 4.weight, 4.bias"), "\(error)")
        }
    }
}
