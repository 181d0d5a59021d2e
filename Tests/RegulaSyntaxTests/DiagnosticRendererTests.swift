import Foundation
import XCTest
import RegulaSyntax

final class DiagnosticRendererTests: XCTestCase {
    func render(_ diagnostic: Diagnostic, color: Bool = false) -> String {
        DiagnosticRenderer(useColor: color).render(diagnostic)
    }

    func span(_ source: SourceFile, of text: String) -> Span {
        let bytes = Array(source.text.utf8), needle = Array(text.utf8)
        for start in 0...(bytes.count - needle.count) where Array(bytes[start..<start + needle.count]) == needle {
            return Span(start: start, end: start + needle.count)
        }
        return Span(start: 0, end: 0)
    }

    func testCaretUnderTabsAndWideCharacters() {
        let source = SourceFile(name: "w.reg", text: "\tlet s = \"日本é\u{301}\" + bad\n")
        let d = Diagnostic(id: "unknown-name", message: "unknown name 'bad'", source: source, span: span(source, of: "bad"), label: "not defined")
        XCTAssertEqual(render(d), """
        w.reg:1:19: error: unknown name 'bad'
          |
        1 |     let s = "日本é\u{301}" + bad
          |                       ^~~ not defined

        """)
    }

    func testNotesHintStackAndRelatedInAnotherFile() {
        let main = SourceFile(name: "main.reg", text: "import \"lib.reg\"\nstep(1)\n")
        let lib = SourceFile(name: "lib.reg", text: "fn step(x) {\n  return x + \"a\"\n}\n")
        let d = Diagnostic(
            id: "type-error", message: "cannot add number and string", source: lib, span: span(lib, of: "x + \"a\""),
            related: [RelatedSpan(span: span(main, of: "step(1)"), source: main, label: "called here")],
            notes: ["'+' needs two numbers, two strings or two lists"], hint: "convert with str(x)",
            stack: [StackFrame(function: "step", span: span(main, of: "step(1)"), source: main)])
        XCTAssertEqual(render(d), """
        lib.reg:2:10: error: cannot add number and string
          |
        2 |   return x + "a"
          |          ^~~~~~~
          ::: main.reg:2:1
          |
        2 | step(1)
          | ------- called here
          = note: '+' needs two numbers, two strings or two lists
          = hint: convert with str(x)
          in fn step at main.reg:2:1

        """)
    }

    func testAnAnonymousFunctionsFrameIsInFn() {
        let source = SourceFile(name: "a.reg", text: "map([1], fn (x) { return x / \"a\" })\n")
        let d = Diagnostic(
            id: "type-error", message: "cannot apply '/' to number and string", source: source, span: span(source, of: "x / \"a\""),
            stack: [StackFrame(function: "fn", span: span(source, of: "x / \"a\""), source: source)])
        XCTAssertTrue(render(d).hasSuffix("  in fn at a.reg:1:26\n"), render(d))
    }

    func testWithoutLocationAndWithColour() {
        let d = Diagnostic(id: "file-not-found", message: "cannot read 'x.reg'", source: nil, span: nil)
        XCTAssertEqual(render(d), "error: cannot read 'x.reg'\n")
        let source = SourceFile(name: "c.reg", text: "x\n")
        let coloured = render(Diagnostic(id: "e", message: "m", source: source, span: Span(start: 0, end: 1)), color: true)
        XCTAssertTrue(coloured.contains("\u{1B}[31m"))
        XCTAssertFalse(render(Diagnostic(id: "e", message: "m", source: source, span: Span(start: 0, end: 1))).contains("\u{1B}"))
    }

    func testEndOfFileAndMultiLineSpans() {
        let source = SourceFile(name: "e.reg", text: "let x = [\n  1,\n  2")
        let result = Parser.parse(source)
        XCTAssertTrue(result.isIncomplete)
        let multi = Diagnostic(id: "e", message: "m", source: source, span: Span(start: 8, end: source.bytes.count))
        XCTAssertEqual(render(multi), """
        e.reg:1:9: error: m
          |
        1 | let x = [
          |         ^

        """)
    }

    func testGapsBetweenDistantLinesAreMarked() {
        let source = SourceFile(name: "g.reg", text: "f(\n\n\n\n1 2)\n")
        let rendered = DiagnosticRenderer().render(Parser.parse(source).diagnostics)
        XCTAssertTrue(rendered.contains("\n...\n"), rendered)
    }
}
