import Foundation
import RegulaNN
import XCTest

/// Every input a fuzz target of `Sources/RegulaFuzz` failed on (docs/fuzzing.md), kept in
/// `Fixtures/fuzz/` and replayed with the target's checks: the reader fails with a
/// message that has no control character and stays short.
final class FuzzRegressionTests: XCTestCase {
    private func inputs(_ suffix: String) throws -> [URL] {
        let directory = try XCTUnwrap(Bundle.module.url(forResource: "fuzz", withExtension: nil, subdirectory: "Fixtures"))
        return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasSuffix(suffix) }.sorted { $0.path < $1.path }
    }

    private func assertTerminalSafe(_ message: String, _ input: URL) {
        XCTAssertFalse(message.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) },
                       "\(input.lastPathComponent): \(message.debugDescription)")
        XCTAssertLessThan(message.utf8.count, 4_000, input.lastPathComponent)
    }

    /// 2026-12-02, `safetensors` target: a `__metadata__` key holding `\u0000` was quoted
    /// raw in "__metadata__ entry '...' is not a string"; a tensor name holding DEL in
    /// "tensor '...': F64 value ... is too large for float32".
    func testSafeTensorsInputs() throws {
        let files = try inputs(".safetensors")
        XCTAssertFalse(files.isEmpty)
        for file in files {
            do {
                _ = try SafeTensors.decode([UInt8](Data(contentsOf: file)), name: "<fuzz>.safetensors")
                XCTFail("\(file.lastPathComponent) decoded")
            } catch let error as DataError {
                assertTerminalSafe(error.message, file)
            }
        }
    }
}
