import Foundation
import RegulaInterpreter
import XCTest

/// The builtin tables are the one source of a builtin's signature and summary: the REPL's
/// `:help NAME` prints them, and the index at the end of docs/builtins.md is generated
/// from them. `REGULA_RECORD=1 swift test --filter BuiltinDocumentationTests` rewrites
/// the index after a builtin is added or changed; without it, a stale index fails here.
final class BuiltinDocumentationTests: XCTestCase {
    static let reference = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/builtins.md")
    static let begin = "<!-- index: generated from the builtin tables by BuiltinDocumentationTests (REGULA_RECORD=1); do not edit by hand -->"
    static let end = "<!-- end of the generated index -->"

    func testEveryBuiltinHasASummaryThatStartsWithItsSignature() {
        let builtins = BuiltinDocumentation.standardLibrary()
        XCTAssertGreaterThan(builtins.count, 50)
        for builtin in builtins {
            XCTAssertNotNil(builtin.writtenSignature, "\(builtin.name)'s summary should start with its signature: '\(builtin.summary)'")
            XCTAssertFalse(builtin.description.isEmpty, builtin.name)
        }
    }

    /// The index as the tables give it: one line per builtin, as `:help NAME` prints it.
    static func index() -> String {
        BuiltinDocumentation.standardLibrary()
            .map { "- `\($0.signature)`: \($0.details)\n" }
            .joined()
    }

    func testTheReferenceIndexIsGeneratedFromTheTables() throws {
        let text = try String(contentsOf: Self.reference, encoding: .utf8)
        let generated = Self.begin + "\n" + Self.index() + Self.end
        guard let start = text.range(of: Self.begin), let stop = text.range(of: Self.end, range: start.upperBound..<text.endIndex) else {
            return XCTFail("docs/builtins.md has no generated index; add the section with REGULA_RECORD=1")
        }
        let current = String(text[start.lowerBound..<stop.upperBound])
        if ProcessInfo.processInfo.environment["REGULA_RECORD"] == "1" {
            try text.replacingCharacters(in: start.lowerBound..<stop.upperBound, with: generated)
                .write(to: Self.reference, atomically: true, encoding: .utf8)
            return
        }
        XCTAssertEqual(current, generated, "docs/builtins.md's index is stale; re-record with REGULA_RECORD=1")
    }

    func testHelpOfABuiltin() throws {
        let documentation = try XCTUnwrap(Interpreter().documentation(of: "elastic_net"))
        XCTAssertEqual(documentation.signature, "elastic_net(alpha, l1_ratio: 0.5, proximal: false)")
        XCTAssertEqual(documentation.details, "elastic_net(α, l1_ratio: 0.5, proximal: false): l1(α·ρ, proximal:) + l2(α·(1−ρ)/2)")
        let round = try XCTUnwrap(Interpreter().documentation(of: "round"))
        XCTAssertEqual(round.signature, "round(x, digits: 0)")
        XCTAssertEqual(round.details, "x rounded half away from zero")
        XCTAssertNil(Interpreter().documentation(of: "pi"), "a constant, not a builtin function")
        // Activations and losses are values that can be called: :help shows the call.
        XCTAssertEqual(Interpreter().documentation(of: "relu")?.signature, "relu(x)")
        XCTAssertEqual(Interpreter().documentation(of: "cross_entropy")?.signature, "cross_entropy(output, target)")
    }
}
