import XCTest
@testable import RegulaSyntax

/// Error recovery, incomplete input, nesting limits and interpolation positions.
final class RecoveryTests: XCTestCase {
    func parse(_ text: String) -> ParseResult {
        Parser.parse(SourceFile(name: "t.reg", text: text))
    }

    func testIncompleteInput() {
        for text in ["fn f() {", "[1,", "1 +", "f(", "if x {\n  print(1)", "let x =", "model m {", "x |>", "{a: 1,", "if x {} else", "for x in"] {
            let result = parse(text)
            XCTAssertTrue(result.isIncomplete, "\(text) should be incomplete: \(result.diagnostics.map(\.message))")
            XCTAssertEqual(result.diagnostics.count, 1, "for \(text)")
        }
    }

    func testCompleteOrWrongInputIsNotIncomplete() {
        for text in ["\"abc", "1 + )", "let x = 1", "if x {}", "print(1 !)", "\"{x"] {
            XCTAssertFalse(parse(text).isIncomplete, "for \(text)")
        }
    }

    func testEachIndependentErrorIsReported() {
        let result = parse("let a = 1 +\nlet b = (2\nprint(a b)\nlet ok = 1\n")
        XCTAssertEqual(result.diagnostics.count, 3, "\(result.diagnostics.map(\.message))")
        XCTAssertEqual(ASTPrinter.print(result.program), "(let ok 1)")
    }

    func testErrorsInsideBlocksRecover() {
        let result = parse("fn f() {\n  let = 1\n  return 2\n}\nwhile x {\n  1 +* 2\n}\nprint(3)")
        XCTAssertEqual(result.diagnostics.count, 2, "\(result.diagnostics.map(\.message))")
        XCTAssertEqual(ASTPrinter.print(result.program), "(fn f () (block (return 2))) (while x (block)) (call print 3)")
    }

    func testLocations() {
        let rows: [(String, String, String)] = [
            ("f(a: 1, 2)", "positional-after-keyword", "1:9"),
            ("f(a: 1, a: 2)", "duplicate-argument", "1:9"),
            ("fn f(a: 1, b) {}", "parameter-order", "1:12"),
            ("1 = 2", "invalid-assignment-target", "1:1"),
            ("else {}", "else-without-if", "1:1"),
            ("if a = b {}", "unexpected-token", "1:6"),
            ("a < b < c", "chained-comparison", "1:7"),
            ("import \"{x}.reg\"", "import-not-literal", "1:8"),
            ("param p = f(1)", "param-not-literal", "1:11"),
            ("x.1", "unexpected-token", "1:3"),
            ("print(\"{}\")", "empty-interpolation", "1:8"),
            ("wile x {}", "unknown-keyword", "1:1"),
            ("retrun 1", "unknown-keyword", "1:1"),
        ]
        for (text, id, location) in rows {
            let result = parse(text)
            let first = result.diagnostics.first
            XCTAssertEqual(first?.id, id, "for \(text): \(result.diagnostics.map(\.message))")
            let loc = first.flatMap { d in d.span.map { d.source?.location(of: $0.start) } } ?? nil
            XCTAssertEqual(loc.map { "\($0.line):\($0.column)" }, location, "for \(text)")
        }
    }

    func testInterpolationErrorPointsIntoTheOriginalLine() throws {
        let result = parse("let a = 1\nprint(\"value {a +} and {b c}\")")
        XCTAssertEqual(result.diagnostics.count, 1)
        let diagnostic = try XCTUnwrap(result.diagnostics.first)
        let location = try XCTUnwrap(diagnostic.span.map { diagnostic.source?.location(of: $0.start) } ?? nil)
        XCTAssertEqual(location, SourceLocation(line: 2, column: 18))
        let nested = parse("print(\"{ \"{ x y }\" }\")")
        let span = try XCTUnwrap(nested.diagnostics.first?.span)
        XCTAssertEqual(nested.program.source.text(of: span), "y")
    }

    func testSuggestionHint() {
        XCTAssertEqual(parse("optimzer adam(lr: 1e-3)").diagnostics.first?.hint, "did you mean 'optimizer'?")
        XCTAssertEqual(parse("pnalty l2(1)").diagnostics.first?.hint, "did you mean 'penalty'?")
        XCTAssertEqual(parse("print \"hi\"").diagnostics.first?.hint, "to call 'print', put its arguments in parentheses: print(...)")
        XCTAssertNil(parse("1 2").diagnostics.first?.hint)
    }

    func testDeepNestingIsADiagnosticNotACrash() {
        let inputs = [
            String(repeating: "(", count: 10_000),
            String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000),
            String(repeating: "{a: ", count: 10_000),
            String(repeating: "-", count: 10_000) + "1",
            String(repeating: "not ", count: 10_000) + "x",
            Array(repeating: "2", count: 10_000).joined(separator: " ** "),
            String(repeating: "if x {", count: 10_000),
            String(repeating: "fn () {", count: 10_000),
            String(repeating: "f(", count: 10_000),
            String(repeating: "x[", count: 10_000),
        ]
        for text in inputs {
            let result = parse(text)
            XCTAssertEqual(result.diagnostics.first?.id, "nesting-too-deep", "for \(text.prefix(12))")
            XCTAssertFalse(result.isIncomplete)
        }
    }

    func testDeepInterpolationIsADiagnosticNotACrash() {
        var text = "x"
        for _ in 0..<5_000 { text = "\"{" + text + "}\"" }
        let result = parse("print(" + text + ")")
        XCTAssertTrue(result.diagnostics.contains { $0.id == "nesting-too-deep" })
        var ok = "x"
        for _ in 0..<10 { ok = "\"{" + ok + "}\"" }
        XCTAssertEqual(parse(ok).diagnostics.count, 0)
    }

    func testLongFlatInputIsFine() {
        let sum = Array(repeating: "1", count: 20_000).joined(separator: " + ")
        XCTAssertEqual(parse(sum).diagnostics.count, 0)
        let list = "[" + Array(repeating: "1", count: 20_000).joined(separator: ", ") + "]"
        XCTAssertEqual(parse(list).diagnostics.count, 0)
    }

    func testOverlongChainIsADiagnosticNotACrash() {
        let sum = Array(repeating: "1", count: Parser.maxChain + 2).joined(separator: " + ")
        XCTAssertTrue(parse(sum).diagnostics.contains { $0.id == "nesting-too-deep" })
        let pipes = "1" + String(repeating: " |> f", count: Parser.maxChain + 1)
        XCTAssertTrue(parse(pipes).diagnostics.contains { $0.id == "nesting-too-deep" })
    }

    func testParseExpression() {
        let ok = Parser.parseExpression(SourceFile(name: "--param", text: "1e-2"))
        XCTAssertEqual(ok.expression.map(ASTPrinter.print), "0.01")
        let bad = Parser.parseExpression(SourceFile(name: "--param", text: "1 2"))
        XCTAssertNil(bad.expression)
        XCTAssertEqual(bad.diagnostics.count, 1)
        XCTAssertTrue(Parser.parseExpression(SourceFile(name: "x", text: "[1,")).isIncomplete)
    }
}
