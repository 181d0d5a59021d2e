import Foundation
@testable import RegulaSyntax
import XCTest

/// Issue 12: a file of garbage costs a screenful of errors, rendered in time linear in
/// the input (20,000 `$` on one line took 77 s in `regula check`).
final class ErrorLimitTests: XCTestCase {
    func testErrorsStopAfterTheLimitWithOneMoreSayingSo() {
        let source = SourceFile(name: "junk.reg", text: String(repeating: "$", count: 20_000))
        let diagnostics = Parser.parse(source).diagnostics
        XCTAssertEqual(diagnostics.count, ErrorLimit.maxErrors + 1)
        XCTAssertEqual(diagnostics.last?.id, ErrorLimit.tooManyErrorsID)
        XCTAssertEqual(diagnostics.last?.message, "too many errors (100), stopping")
        let nuls = Parser.parse(SourceFile(name: "<stdin>", text: String(repeating: "\0", count: 1 << 18)))
        XCTAssertLessThanOrEqual(nuls.diagnostics.count, ErrorLimit.maxErrors + 1)
    }

    func testAFileWithFewErrorsKeepsThemAll() {
        let text = (1...5).map { "let x\($0) = $\n" }.joined()
        let diagnostics = Parser.parse(SourceFile(name: "a.reg", text: text)).diagnostics
        XCTAssertEqual(diagnostics.count, 5)
        XCTAssertFalse(diagnostics.contains { $0.id == ErrorLimit.tooManyErrorsID })
    }

    /// Rendering a diagnostic on a very long line lays out only a window around the caret,
    /// so each diagnostic costs the same whatever the line's length.
    func testALongLineIsLaidOutOnlyAroundTheMarker() {
        let line = String(repeating: "a", count: 1_000_000) + "$" + String(repeating: "b", count: 1_000_000)
        let source = SourceFile(name: "long.reg", text: line)
        let layout = DisplayLine(source: source, line: 0, tabWidth: 4, focus: 1_000_000)
        XCTAssertLessThanOrEqual(layout.endOffset - 1_000_000 + DisplayLine.maxLaidOutBytes / 2, DisplayLine.maxLaidOutBytes + 4)
        XCTAssertTrue(layout.clippedBefore && layout.clippedAfter)
        let diagnostic = Diagnostic(id: "x", message: "bad", source: source, span: Span(start: 1_000_000, end: 1_000_001))
        let rendered = DiagnosticRenderer().render(diagnostic)
        XCTAssertLessThan(rendered.utf8.count, 1_000)
        XCTAssertTrue(rendered.hasPrefix("long.reg:1:1000001: error: bad\n"), rendered)
        let caretLine = rendered.split(separator: "\n")[3]
        let sourceLine = rendered.split(separator: "\n")[2]
        let caret = caretLine.firstIndex(of: "^").map { caretLine.distance(from: caretLine.startIndex, to: $0) }
        let dollar = sourceLine.firstIndex(of: "$").map { sourceLine.distance(from: sourceLine.startIndex, to: $0) }
        XCTAssertEqual(caret, dollar, "the caret is under the culprit:\n\(rendered)")
    }

    /// A message quoting its input (a CSV cell, a tensor name) cannot drive the terminal.
    func testControlCharactersInMessagesAreEscaped() {
        let diagnostic = Diagnostic(id: "x", message: "bad \u{1B}[31mEVIL\u{7}", source: nil, span: nil, hint: "\u{1B}]0;t\u{7}")
        let rendered = DiagnosticRenderer(useColor: false).render(diagnostic)
        XCTAssertFalse(rendered.contains("\u{1B}"), rendered)
        XCTAssertTrue(rendered.contains("bad \\u{1B}[31mEVIL\\u{7}"), rendered)
    }
}
