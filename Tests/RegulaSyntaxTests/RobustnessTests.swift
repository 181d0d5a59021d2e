import XCTest
import RegulaSyntax

/// Random token soup and random byte mutations of real programs: the lexer, parser and
/// renderer must never trap or hang, and every error must carry a location.
final class RobustnessTests: XCTestCase {
    /// A 64-bit linear congruential generator (Knuth's MMIX constants): deterministic,
    /// local to the test, and random enough to pick tokens.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state ^ (state >> 29)
        }
    }

    static let vocabulary = [
        "let", "var", "fn", "if", "else", "while", "for", "in", "break", "continue", "return", "import", "param",
        "true", "false", "none", "and", "or", "not", "seed", "loss", "penalty", "optimizer", "model", "x", "f",
        "1", "2.5", "1e-3", "1_000", "1e", "\"s\"", "\"a{x}b\"", "\"{x:.2f}\"", "\"{", "\"", "}\"", "+", "-", "*",
        "/", "%", "**", "@", "==", "!=", "<", "<=", ">", ">=", "=", "|>", ".", ",", ":", ";", "(", ")", "[", "]",
        "{", "}", "\n", "\n", " ", "\t", "#c\n", "é", "日", "!", "\\", "\r\n",
    ]

    func check(_ text: String) {
        let result = Parser.parse(SourceFile(name: "fuzz.reg", text: text))
        for diagnostic in result.diagnostics {
            XCTAssertNotNil(diagnostic.span, "no span for \(diagnostic.message) in \(text.debugDescription)")
        }
        _ = DiagnosticRenderer(useColor: true).render(result.diagnostics)
        _ = ASTPrinter.print(result.program)
    }

    func testTokenSoup() {
        var generator = Generator(state: 42)
        for _ in 0..<800 {
            let count = Int.random(in: 1...40, using: &generator)
            let text = (0..<count).map { _ in Self.vocabulary.randomElement(using: &generator) ?? "" }.joined(separator: Bool.random(using: &generator) ? " " : "")
            check(text)
        }
    }

    func testMutatedPrograms() {
        let program = """
        seed 42
        param lam = 1e-3
        let parts = d |> split(train: 0.5, val: 0.5) |> standardize
        model mlp(inputs: 4) {
          dense(8, activation: relu)
          dense(1)
        }
        fn f(a, b: 2) { return a ** -b }
        for i, p in [none, l2(lam)] {
          if i == 0 { continue } else { print("{p}: {f(i):>8.3f} {{x}} \\u{e9}") }
        }
        """
        let bytes = Array(program.utf8)
        var generator = Generator(state: 7)
        for _ in 0..<500 {
            var mutated = bytes
            for _ in 0..<Int.random(in: 1...4, using: &generator) where !mutated.isEmpty {
                let at = Int.random(in: 0..<mutated.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: mutated.remove(at: at)
                case 1: mutated.insert(UInt8.random(in: 0...255, using: &generator), at: at)
                case 2: mutated[at] = bytes[Int.random(in: 0..<bytes.count, using: &generator)]
                default: mutated.insert(contentsOf: mutated[at..<min(mutated.count, at + 8)], at: at)
                }
            }
            check(String(decoding: mutated, as: UTF8.self))
        }
    }
}
