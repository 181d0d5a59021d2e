import Foundation
import RegulaInterpreter
import XCTest

/// The builtin tables are the one source of a builtin's name, signature and summary: the
/// REPL's `:help NAME` prints them, and the index at the end of docs/builtins.md and the
/// names in the fuzz dictionary (Sources/RegulaFuzz/regula.dict) are generated from them.
/// `REGULA_RECORD=1 swift test --filter BuiltinDocumentationTests` (or
/// scripts/record-outputs.sh) rewrites both after a builtin is added or changed; without
/// it, a stale index or dictionary fails here.
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
        try checkGenerated(Self.reference, begin: Self.begin, end: Self.end, content: Self.index())
    }

    static let fuzzDictionary = reference.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/RegulaFuzz/regula.dict")
    static let fuzzBegin = "# Keywords, builtins and constants: generated from the builtin tables by BuiltinDocumentationTests (REGULA_RECORD=1); do not edit by hand"
    static let fuzzEnd = "# End of the generated names"

    /// The fuzz dictionary's names as the tables give them, one quoted name a line.
    static func fuzzNames() -> String {
        Interpreter.keywordsAndBuiltins.map { "\"\($0)\"\n" }.joined()
    }

    func testTheFuzzDictionaryNamesAreGeneratedFromTheTables() throws {
        try checkGenerated(Self.fuzzDictionary, begin: Self.fuzzBegin, end: Self.fuzzEnd, content: Self.fuzzNames())
    }

    /// `:help NAME`, the reference index and the fuzz dictionary say what the tables say.
    func testHelpIndexAndFuzzDictionaryAgreeWithTheTables() throws {
        let interpreter = Interpreter()
        let reference = try String(contentsOf: Self.reference, encoding: .utf8)
        let dictionary = Set(try String(contentsOf: Self.fuzzDictionary, encoding: .utf8).split(separator: "\n").map(String.init))
        for builtin in BuiltinDocumentation.standardLibrary() {
            XCTAssertEqual(interpreter.documentation(of: builtin.name), builtin, ":help \(builtin.name)")
            XCTAssertTrue(reference.contains("- `\(builtin.signature)`: \(builtin.details)\n"), "docs/builtins.md lacks \(builtin.name)")
            XCTAssertTrue(dictionary.contains("\"\(builtin.name)\""), "regula.dict lacks \(builtin.name)")
        }
    }

    /// Checks (or with REGULA_RECORD=1 rewrites) the section of `file` between the lines
    /// `begin` and `end`.
    private func checkGenerated(_ file: URL, begin: String, end: String, content: String) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        let generated = begin + "\n" + content + end
        guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex) else {
            return XCTFail("\(file.lastPathComponent) has no generated section; add the lines '\(begin)' and '\(end)'")
        }
        let current = String(text[start.lowerBound..<stop.upperBound])
        if ProcessInfo.processInfo.environment["REGULA_RECORD"] == "1" {
            try text.replacingCharacters(in: start.lowerBound..<stop.upperBound, with: generated)
                .write(to: file, atomically: true, encoding: .utf8)
            return
        }
        XCTAssertEqual(current, generated, "\(file.lastPathComponent)'s generated section is stale; re-record with REGULA_RECORD=1")
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
