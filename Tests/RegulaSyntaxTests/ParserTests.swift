import XCTest
@testable import RegulaSyntax

/// Source → s-expression, one row per case.
final class ParserTests: XCTestCase {
    func parse(_ text: String) -> ParseResult {
        Parser.parse(SourceFile(name: "t.reg", text: text))
    }

    func assertParses(_ rows: [(String, String)], file: StaticString = #filePath, line: UInt = #line) {
        for (source, expected) in rows {
            let result = parse(source)
            XCTAssertEqual(result.diagnostics.map(\.message), [], "for \(source)", file: file, line: line)
            XCTAssertEqual(ASTPrinter.print(result.program), expected, "for \(source)", file: file, line: line)
        }
    }

    func testPrecedence() {
        assertParses([
            ("1 + 2 * 3", "(+ 1 (* 2 3))"),
            ("-2 ** 2", "(- (** 2 2))"),
            ("2 ** 3 ** 2", "(** 2 (** 3 2))"),
            ("2 ** -1", "(** 2 (- 1))"),
            ("-a * b", "(* (- a) b)"),
            ("a @ b + c", "(+ (@ a b) c)"),
            ("a + b @ c", "(+ a (@ b c))"),
            ("a * b % c / d", "(/ (% (* a b) c) d)"),
            ("a - b - c", "(- (- a b) c)"),
            ("not a == b", "(not (== a b))"),
            ("not a and b", "(and (not a) b)"),
            ("a or b and c", "(or a (and b c))"),
            ("(a < b) == false", "(== (< a b) false)"),
            ("x |> f", "(pipe f x)"),
            ("x |> f(a)", "(pipe f x a)"),
            ("x |> f(a) |> g", "(pipe g (pipe f x a))"),
            ("a + b |> f", "(pipe f (+ a b))"),
            ("x |> f == y", "(== (pipe f x) y)"),
            ("x |> f + 1", "(+ (pipe f x) 1)"),
            ("x |> m.predict(2)", "(pipe (. m predict) x 2)"),
            ("x |> fn (v) { v }", "(pipe (fn (v) (block v)) x)"),
            ("a and not b", "(and a (not b))"),
            ("a == b and c != d", "(and (== a b) (!= c d))"),
            ("- - x", "(- (- x))"),
            ("-x ** -y", "(- (** x (- y)))"),
            ("not\n x", "(not x)"),
            ("d |> split(train: 0.5) |> standardize", "(pipe standardize (pipe split d (kw train 0.5)))"),
        ])
    }

    func testStatements() {
        assertParses([
            ("let x = 1", "(let x 1)"),
            ("var y = x", "(var y x)"),
            ("x = 2", "(= x 2)"),
            ("a[0] = 2", "(= (index a 0) 2)"),
            ("r.loss = 2", "(= (. r loss) 2)"),
            ("fn f(a, b: 1) { return a + b }", "(fn f (a (b 1)) (block (return (+ a b))))"),
            ("fn f() {}", "(fn f () (block))"),
            ("let g = fn (x) { x * 2 }", "(let g (fn (x) (block (* x 2))))"),
            ("if a { 1 } else if b { 2 } else { 3 }", "(if (a (block 1)) (b (block 2)) (else (block 3)))"),
            ("if a {\n 1\n}\nelse {\n 2\n}", "(if (a (block 1)) (else (block 2)))"),
            ("while i < 3 { i = i + 1 }", "(while (< i 3) (block (= i (+ i 1))))"),
            ("for x in xs { print(x) }", "(for x xs (block (call print x)))"),
            ("for i, x in xs { break; continue }", "(for (i x) xs (block (break) (continue)))"),
            ("fn f() { return }", "(fn f () (block (return)))"),
            ("import \"other.reg\"", "(import \"other.reg\")"),
            ("param lam = 1e-3", "(param lam 0.001)"),
            ("param n = -2", "(param n -2)"),
            ("param name = \"a\"", "(param name \"a\")"),
            ("param flag = true", "(param flag true)"),
            ("seed 42", "(seed 42)"),
            ("loss cross_entropy", "(loss cross_entropy)"),
            ("penalty l1(1e-4) + l2(1e-3)", "(penalty (+ (call l1 0.0001) (call l2 0.001)))"),
            ("optimizer adam(lr: 1e-3)", "(optimizer (call adam (kw lr 0.001)))"),
            ("penalty none", "(penalty none)"),
            ("seed (1 + 2)", "(seed (+ 1 2))"),
            ("model mlp {\n dense(256, activation: relu)\n dense(10)\n}", "(model mlp (call dense 256 (kw activation relu)) (call dense 10))"),
            ("model net(inputs: 64) { dense(1) }", "(model net (args (kw inputs 64)) (call dense 1))"),
            ("a; b", "a b"),
        ])
    }

    func testContextualWordsStayNames() {
        assertParses([
            ("loss = 3", "(= loss 3)"),
            ("let loss = mse", "(let loss mse)"),
            ("loss(x)", "(call loss x)"),
            ("print(r.loss, r.penalty)", "(call print (. r loss) (. r penalty))"),
            ("train(m, d, penalty: p, loss: mse)", "(call train m d (kw penalty p) (kw loss mse))"),
            ("let model = 1", "(let model 1)"),
            ("model.layers", "(. model layers)"),
            ("seed", "seed"),
            ("penalty[0]", "(index penalty 0)"),
            ("let r = {loss: 1, seed: 2}", "(let r (record (loss 1) (seed 2)))"),
        ])
    }

    func testExpressions() {
        assertParses([
            ("[1, 2, 3]", "(list 1 2 3)"),
            ("[]", "(list)"),
            ("[1,\n 2,\n]", "(list 1 2)"),
            ("{a: 1, b: 2}", "(record (a 1) (b 2))"),
            ("{}", "(record)"),
            ("let r = {a: 1,\n b: 2}", "(let r (record (a 1) (b 2)))"),
            ("let r = {\n  a: 1,\n  b: 2\n}", "(let r (record (a 1) (b 2)))"),
            ("x[1][2]", "(index (index x 1) 2)"),
            ("m.layers[0].weight", "(. (index (. m layers) 0) weight)"),
            ("f(1)(2)", "(call (call f 1) 2)"),
            ("f(a, b: 1, c: 2,)", "(call f a (kw b 1) (kw c 2))"),
            ("true and false or none", "(or (and true false) none)"),
            ("1_000 + 0.5 + 1e-4 + 2.5E+3", "(+ (+ (+ 1000 0.5) 0.0001) 2500)"),
            ("\"a\\n\\\"b\"", "\"a\\n\\\"b\""),
            ("\"x {a + 1} y {b:.4f}\"", "(str \"x \" (interp (+ a 1)) \" y \" (interp b \".4f\"))"),
            ("\"{{literal}}\"", "\"{literal}\""),
            ("\"{r.acc:>8.3f}\"", "(str (interp (. r acc) \">8.3f\"))"),
            ("\"{f(a: 1)}\"", "(str (interp (call f (kw a 1))))"),
            ("\"{ \"{x}\" }\"", "(str (interp (str (interp x))))"),
            ("\"\\u{e9}\\{\"", "\"\u{e9}{\""),
            ("map(xs, fn (x) {\n  return x * 2\n})", "(call map xs (fn (x) (block (return (* x 2)))))"),
        ])
    }

    func testNewlines() {
        assertParses([
            ("a +\n b", "(+ a b)"),
            ("f(a,\n  b)", "(call f a b)"),
            ("(a\n + b)", "(+ a b)"),
            ("x\n  |> f\n  |> g(1)", "(pipe g (pipe f x) 1)"),
            ("x |>\n f", "(pipe f x)"),
            ("a\n-b", "a (- b)"),
            ("let x =\n 5", "(let x 5)"),
            ("# comment\n\n1 # trailing\n# more\n2", "1 2"),
            ("a\r\nb", "a b"),
        ])
    }
}
