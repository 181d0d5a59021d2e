import Foundation
import XCTest

/// The command-line tool is a client of the interpreter's facade alone: it imports
/// RegulaInterpreter (which re-exports what a host needs, HostFacade.swift) and system
/// modules, never the language or the runtime directly.
final class FacadeTests: XCTestCase {
    static let allowed: Set<String> = [
        "RegulaInterpreter", "ArgumentParser", "CReadline", "Foundation", "Glibc", "Musl", "Darwin", "Synchronization",
    ]

    func testTheCommandImportsOnlyTheFacade() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/regula")
        let files = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { $0.hasSuffix(".swift") }
        XCTAssertGreaterThan(files.count, 10)
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasPrefix("import ") || line.hasPrefix("@_exported import ") {
                let module = line.split(separator: " ").last.map(String.init) ?? ""
                XCTAssertTrue(Self.allowed.contains(module), "\(file) imports \(module)")
            }
        }
    }
}
