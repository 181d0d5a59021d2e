import RegulaSyntax
import XCTest

/// Issue 12: a string echoed by the REPL or quoted in a message (`repr`) cannot carry
/// terminal escapes, and still reads back as the same string.
final class LiteralTextTests: XCTestCase {
    func testControlCharactersAreEscapedAndReadBack() throws {
        let text = "\u{1B}]0;pwned\u{7} \u{1B}[31mred\u{9B}\u{7F} ok\n"
        let quoted = LiteralText.quoted(text)
        XCTAssertEqual(quoted, #""\u{1B}]0;pwned\u{7} \u{1B}[31mred\u{9B}\u{7F} ok\n""#)
        let parsed = Parser.parseExpression(SourceFile(name: "<t>", text: quoted))
        XCTAssertTrue(parsed.diagnostics.isEmpty, "\(parsed.diagnostics.map(\.message))")
        guard case .string(let parts)? = parsed.expression?.kind, case .text(let back)? = parts.first else {
            return XCTFail("not a string literal")
        }
        XCTAssertEqual(back, text)
    }
}
