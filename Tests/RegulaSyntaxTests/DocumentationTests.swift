import Foundation
import XCTest
import RegulaSyntax

/// Every ```reg code block in `docs/*.md` and `grammar/*.md` must parse without errors
/// (blocks that show mistakes on purpose are fenced ```reg-error and must fail).
final class DocumentationTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// (file, first line, code, expects errors) for every reg block.
    func codeBlocks() throws -> [(String, Int, String, Bool)] {
        var blocks: [(String, Int, String, Bool)] = []
        for folder in ["docs", "grammar"] {
            let directory = Self.root.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".md") {
                let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
                var current: (line: Int, lines: [String], isError: Bool)?
                for (number, line) in text.components(separatedBy: "\n").enumerated() {
                    let trimmed = line.trimmingCharacters(in: .whitespaces)
                    if var open = current {
                        if trimmed == "```" {
                            blocks.append(("\(folder)/\(name)", open.line, open.lines.joined(separator: "\n"), open.isError))
                            current = nil
                        } else {
                            open.lines.append(line)
                            current = open
                        }
                    } else if trimmed == "```reg" || trimmed == "```reg-error" {
                        current = (number + 2, [], trimmed == "```reg-error")
                    }
                }
            }
        }
        return blocks
    }

    func testCodeBlocksParse() throws {
        let blocks = try codeBlocks()
        XCTAssertGreaterThan(blocks.count, 10, "docs/language.md should hold many examples")
        for (file, line, code, expectsErrors) in blocks {
            let result = Parser.parse(SourceFile(name: "\(file):\(line)", text: code))
            if expectsErrors {
                XCTAssertFalse(result.diagnostics.isEmpty, "\(file) block at line \(line) should fail to parse")
            } else {
                XCTAssertEqual(DiagnosticRenderer().render(result.diagnostics), "", "\(file) block at line \(line)")
            }
        }
    }

    /// The grammar names a rule for every parse function and vice versa (spot check of
    /// the rules that have their own function).
    func testGrammarHasTheParserRules() throws {
        let grammar = try String(contentsOf: Self.root.appendingPathComponent("grammar/regula.ebnf"), encoding: .utf8)
        for rule in ["program", "statement", "binding", "simple-statement", "function-declaration", "if-statement",
                     "while-statement", "for-statement", "return-statement", "import-statement", "param-statement",
                     "literal", "setting-statement", "model-statement", "block", "expression", "binary", "prefix",
                     "postfix", "arguments", "argument", "primary", "list", "record", "field", "function-literal",
                     "parameters", "parameter", "string", "interpolation", "number", "escape"] {
            XCTAssertTrue(grammar.contains("\n\(rule) ") || grammar.contains("\n\(rule)="), "grammar lacks rule \(rule)")
        }
    }
}
