import XCTest
@testable import RegulaSyntax

/// Source → tokens, one row per case. Tokens are written `kind:text` (`id:x`, `num:1.5`,
/// `kw:let`, `str`, `nl`) or as their text for punctuation.
final class LexerTests: XCTestCase {
    func describe(_ token: Token) -> String {
        switch token.kind {
        case .identifier: return "id:\(token.text)"
        case .number: return "num:\(ASTPrinter.number(token.number))"
        case .string: return "str:\(token.text)"
        case .keyword: return "kw:\(token.text)"
        case .newline: return "nl"
        case .endOfInput: return "eof"
        case .invalid: return "invalid:\(token.text)"
        default: return token.text
        }
    }

    func lex(_ text: String) -> (tokens: [String], errors: [String]) {
        let (tokens, diagnostics) = Lexer.tokenize(SourceFile(name: "t.reg", text: text))
        return (tokens.map(describe).dropLast().map { $0 }, diagnostics.map(\.id))
    }

    func testTokens() {
        let rows: [(String, [String])] = [
            ("let x = 42", ["kw:let", "id:x", "=", "num:42"]),
            ("0.5 1e-4 1_000 2.5E+3 1e3", ["num:0.5", "num:0.0001", "num:1000", "num:2500", "num:1000"]),
            ("1.foo", ["num:1", ".", "id:foo"]),
            (".5", [".", "num:5"]),
            ("+ - * / % ** @ == != < <= > >= = |> . , : ;", ["+", "-", "*", "/", "%", "**", "@", "==", "!=", "<", "<=", ">", ">=", "=", "|>", ".", ",", ":", ";"]),
            ("( ) [ ] { }", ["(", ")", "[", "]", "{", "}"]),
            ("a**-b", ["id:a", "**", "-", "id:b"]),
            ("if else while for in break continue return", ["kw:if", "kw:else", "kw:while", "kw:for", "kw:in", "kw:break", "kw:continue", "kw:return"]),
            ("import param true false none and or not fn var", ["kw:import", "kw:param", "kw:true", "kw:false", "kw:none", "kw:and", "kw:or", "kw:not", "kw:fn", "kw:var"]),
            ("seed loss penalty optimizer model", ["id:seed", "id:loss", "id:penalty", "id:optimizer", "id:model"]),
            ("_x9 letter", ["id:_x9", "id:letter"]),
            ("a # comment\n\n\n# another\nb", ["id:a", "nl", "id:b"]),
            ("\n\na", ["id:a"]),
            ("a\r\nb", ["id:a", "nl", "id:b"]),
            ("\"hi\" \"\"", ["str:\"hi\"", "str:\"\""]),
            ("\"a {x} b\"", ["str:\"a {x} b\""]),
            ("\"{ \"}\" }\"", ["str:\"{ \"}\" }\""]),
            ("\u{FEFF}let x", ["kw:let", "id:x"]),
            // Unicode names (UAX #31), stored in NFC: a decomposed `é` reads as the precomposed one.
            ("let λ = 1e-3", ["kw:let", "id:λ", "=", "num:0.001"]),
            ("α+β2", ["id:α", "+", "id:β2"]),
            ("café cafe\u{301}", ["id:caf\u{E9}", "id:caf\u{E9}"]),
            ("naïve _ñ 日本 学习率 Ω_1", ["id:naïve", "id:_ñ", "id:日本", "id:学习率", "id:Ω_1"]),
            ("x\u{301}y", ["id:x\u{301}y"]),
            ("λ.field λ(1)", ["id:λ", ".", "id:field", "id:λ", "(", "num:1", ")"]),
            ("\"{λ:.2f}\"", ["str:\"{λ:.2f}\""]),
        ]
        for (source, expected) in rows {
            let (tokens, errors) = lex(source)
            XCTAssertEqual(tokens, expected, "for \(source)")
            XCTAssertEqual(errors, [], "for \(source)")
        }
    }

    func testErrors() {
        let rows: [(String, [String])] = [
            ("1e", ["invalid-number"]),
            ("1e+", ["invalid-number"]),
            ("1__0", ["invalid-number"]),
            ("1_", ["invalid-number"]),
            ("2x", ["invalid-number"]),
            ("1e999", ["invalid-number"]),
            ("\"a\\q\"", ["invalid-escape"]),
            ("\"\\u{110000}\"", ["invalid-escape"]),
            ("\"\\u{}\"", ["invalid-escape"]),
            ("\"\\u41\"", ["invalid-escape"]),
            ("\"abc", ["unterminated-string"]),
            ("\"abc\nx", ["unterminated-string"]),
            ("\"{x\"", ["unclosed-interpolation"]),
            ("\"{x", ["unclosed-interpolation"]),
            ("a ! b", ["unexpected-character"]),
            ("a & b", ["unexpected-character"]),
            ("é", []),
            ("×", ["unexpected-character"]),
            ("😀", ["unexpected-character"]),
            ("x😀", ["unexpected-character"]),
            ("\u{301}x", ["invalid-name-start"]),
            ("٣x", ["invalid-name-start"]),
            ("x₀", ["unexpected-character"]),
            ("2λ", ["invalid-number"]),
            ("'a'", ["unexpected-character", "unexpected-character"]),
        ]
        for (source, expected) in rows {
            XCTAssertEqual(lex(source).errors, expected, "for \(source)")
        }
    }

    func testInvisibleCharactersAreNamedByCodePoint() {
        let (_, diagnostics) = Lexer.tokenize(SourceFile(name: "t.reg", text: "a\u{00A0}= 1\nb\u{200B}"))
        XCTAssertEqual(diagnostics.map(\.message), ["unexpected character U+00A0", "unexpected character U+200B"])
        let (_, visible) = Lexer.tokenize(SourceFile(name: "t.reg", text: "x = ¬y"))
        XCTAssertEqual(visible.map(\.message), ["unexpected character '¬'"])
    }

    func testUnicodeNamesAreNamesAndOtherCharactersKeepAClearError() {
        let (tokens, diagnostics) = Lexer.tokenize(SourceFile(name: "t.reg", text: "let naïve = λ2 + 日本\n"))
        XCTAssertEqual(diagnostics.map(\.id), [])
        XCTAssertEqual(tokens.filter { $0.kind == .identifier }.map(\.text), ["naïve", "λ2", "日本"])

        let (_, emoji) = Lexer.tokenize(SourceFile(name: "t.reg", text: "let 😀 = 1\n"))
        XCTAssertEqual(emoji.map(\.message), ["unexpected character '😀'"])
        XCTAssertEqual(emoji.first?.hint, Messages.hintSymbolInName)

        // NFC: Swift's `==` already treats the two spellings alike, so look at the scalars,
        // which is what a record file, a dictionary key or a printed name sees.
        let (spelled, _) = Lexer.tokenize(SourceFile(name: "t.reg", text: "cafe\u{301}"))
        XCTAssertEqual(spelled.first.map { Array($0.text.unicodeScalars) }, ["c", "a", "f", "\u{E9}"])

        // A word that starts with a combining mark is one error, still read as a name.
        let (marked, mark) = Lexer.tokenize(SourceFile(name: "t.reg", text: "let \u{301}a = 1\n"))
        XCTAssertEqual(mark.map(\.message), ["a name cannot start with the combining mark U+0301"])
        let (_, number) = Lexer.tokenize(SourceFile(name: "t.reg", text: "2λ"))
        XCTAssertEqual(number.map(\.message), ["invalid number '2λ': unexpected 'λ' in a number"])
        let (_, digit) = Lexer.tokenize(SourceFile(name: "t.reg", text: "٣x"))
        XCTAssertEqual(digit.map(\.message), ["'٣x' is not a valid name: a name cannot start with '٣'"])
        XCTAssertEqual(marked.map(\.kind), [.keyword(.let), .identifier, .equal, .number, .newline, .endOfInput])
    }

    func testClassicMacLineEndingsAreNamedOnce() {
        // A lone CR used to read as a space: "# note\rprint(1)\r" was one comment and ran nothing.
        let (_, diagnostics) = Lexer.tokenize(SourceFile(name: "t.reg", text: "# note\rprint(1)\rprint(2)\r"))
        XCTAssertEqual(diagnostics.map(\.id), ["lone-carriage-return"])
        XCTAssertEqual(diagnostics.first?.span, Span(start: 6, end: 7))
        XCTAssertEqual(lex("print(1)\r\nprint(2)\r\n").errors, [], "CRLF is fine")
    }

    func testStringSegments() throws {
        let source = SourceFile(name: "t.reg", text: "\"a\\tb {x:.2f} {{c}}\\u{e9}\"")
        let (tokens, diagnostics) = Lexer.tokenize(source)
        XCTAssertEqual(diagnostics.count, 0)
        let segments = try XCTUnwrap(tokens.first?.segments)
        XCTAssertEqual(segments.count, 3)
        guard case .text(let first, _) = segments[0], case .interpolation(let inner, let span, let format, let formatSpan) = segments[1],
              case .text(let last, _) = segments[2] else { return XCTFail("segments \(segments)") }
        XCTAssertEqual(first, "a\tb ")
        XCTAssertEqual(last, " {c}é")
        XCTAssertEqual(format, ".2f")
        XCTAssertEqual(formatSpan.map { source.text(of: $0) }, ".2f")
        XCTAssertEqual(source.text(of: span), "{x:.2f}")
        XCTAssertEqual(inner.first.map { source.text(of: $0.span) }, "x")
        XCTAssertEqual(inner.last?.kind, .interpolationEnd)
    }

    func testSpansAreByteOffsets() {
        let source = SourceFile(name: "t.reg", text: "\"é\" + x")
        let (tokens, _) = Lexer.tokenize(source)
        XCTAssertEqual(tokens.map(\.span), [Span(start: 0, end: 4), Span(start: 5, end: 6), Span(start: 7, end: 8), Span(start: 8, end: 8)])
    }
}
