import Foundation
import XCTest
import RegulaSyntax

/// Golden snapshots: each `Golden/NAME.reg` is parsed and its rendered diagnostics (no
/// colour) must equal `Golden/NAME.expected` exactly. `REGULA_RECORD=1 swift test` rewrites
/// the `.expected` files from the current output.
final class GoldenDiagnosticTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func testGoldenDiagnostics() throws {
        let record = ProcessInfo.processInfo.environment["REGULA_RECORD"] == "1"
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path)
            .filter { $0.hasSuffix(".reg") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 15)
        let renderer = DiagnosticRenderer(useColor: false)
        for file in files {
            let url = Self.directory.appendingPathComponent(file)
            let text = try String(contentsOf: url, encoding: .utf8)
            let result = Parser.parse(SourceFile(name: file, text: text))
            XCTAssertFalse(result.diagnostics.isEmpty, "\(file) should have diagnostics")
            let rendered = renderer.render(result.diagnostics)
            let expectedURL = url.deletingPathExtension().appendingPathExtension("expected")
            if record {
                try rendered.write(to: expectedURL, atomically: true, encoding: .utf8)
                continue
            }
            let expected = (try? String(contentsOf: expectedURL, encoding: .utf8)) ?? "<missing \(expectedURL.lastPathComponent)>"
            XCTAssertEqual(rendered, expected, "golden mismatch for \(file); re-record with REGULA_RECORD=1")
        }
    }
}
