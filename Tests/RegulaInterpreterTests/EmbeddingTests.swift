import RegulaInterpreter
import RegulaNN
import RegulaSyntax
import XCTest

/// The facade as a host uses it: several interpreters, host functions, globals, params,
/// the REPL entry point, limits, and the extension points the training library uses.
final class EmbeddingTests: XCTestCase {
    /// An interpreter whose output and diagnostics are collected.
    final class Session {
        let interpreter: Interpreter
        var output = ""
        var diagnostics: [Diagnostic] = []
        init(_ options: InterpreterOptions = InterpreterOptions()) {
            interpreter = Interpreter(options: options)
            interpreter.onOutput = { [unowned self] in self.output += $0 }
            interpreter.onDiagnostic = { [unowned self] in self.diagnostics.append($0) }
        }
        var messages: [String] { diagnostics.map(\.message) }
    }

    func testInterpretersDoNotShareState() {
        let a = Session(), b = Session()
        XCTAssertTrue(a.interpreter.run(source: "let x = 1\nseed 5", name: "<a>"))
        XCTAssertFalse(b.interpreter.run(source: "print(x)", name: "<b>"))
        XCTAssertEqual(b.messages, ["undefined name 'x'"])
        XCTAssertEqual(a.interpreter.global(named: "x"), .number(1))
        XCTAssertNil(b.interpreter.global(named: "x"))
        XCTAssertEqual(a.interpreter.experimentDefaults.seed, 5)
        XCTAssertNil(b.interpreter.experimentDefaults.seed)
    }

    func testABadKernelPathIsADiagnosticAndNothingRuns() {
        let saved = getenv("REGULA_KERNELS").map { String(cString: $0) }
        setenv("REGULA_KERNELS", "avx9000", 1)
        defer { if let saved { setenv("REGULA_KERNELS", saved, 1) } else { unsetenv("REGULA_KERNELS") } }
        let s = Session()
        XCTAssertFalse(s.interpreter.run(source: "print(1)", name: "<a>"))
        XCTAssertEqual(s.output, "")
        XCTAssertEqual(s.diagnostics.map(\.id), ["kernels"])
        XCTAssertEqual(s.messages, ["REGULA_KERNELS=avx9000 is not a kernel path"])
        XCTAssertEqual(s.interpreter.evaluateInteractive("1 + 1"), .failed)
    }

    func testHostFunctionAndGlobals() {
        let s = Session()
        var received: [Value] = []
        s.interpreter.defineHostFunction("record_value") { args in
            received = args
            return .number(Double(args.count))
        }
        s.interpreter.setGlobal("host_data", .list([.number(1), .number(2)]))
        XCTAssertTrue(s.interpreter.run(source: "let n = record_value(1, \"a\", host_data)\nprint(n)", name: "<t>"))
        XCTAssertEqual(s.output, "3\n")
        XCTAssertEqual(received, [.number(1), .string("a"), .list([.number(1), .number(2)])])
        XCTAssertEqual(s.interpreter.global(named: "n"), .number(3))
    }

    func testHostFunctionErrorIsLocated() {
        let s = Session()
        s.interpreter.defineHostFunction("fail") { _ in throw RuntimeError("host says no") }
        XCTAssertFalse(s.interpreter.run(source: "let a = 1\nfail()", name: "<t>"))
        XCTAssertEqual(s.messages, ["host says no"])
        let d = s.diagnostics[0]
        XCTAssertEqual(d.source.map { $0.location(of: d.span?.start ?? -1) }, SourceLocation(line: 2, column: 1))
    }

    func testParamsResolvedForRunRecords() {
        let s = Session(InterpreterOptions(params: ["lam": "0.01"]))
        XCTAssertTrue(s.interpreter.run(source: "param lam = 1e-3\nparam epochs = 5\n", name: "<t>"))
        let params = s.interpreter.resolvedParams
        XCTAssertEqual(params.map(\.name), ["lam", "epochs"])
        XCTAssertEqual(params.map(\.value), [.number(0.01), .number(5)])
        XCTAssertEqual(params.map(\.isOverridden), [true, false])
    }

    func testUnknownParamHasStableID() {
        let s = Session(InterpreterOptions(params: ["nope": "1"]))
        XCTAssertFalse(s.interpreter.run(source: "param lam = 1\nprint(1)", name: "<t>"))
        XCTAssertEqual(s.diagnostics.map(\.id), ["unknown-param"])
        XCTAssertEqual(s.output, "")
    }

    func testHostSeedOverridesScript() {
        let s = Session(InterpreterOptions(seed: 7))
        XCTAssertEqual(s.interpreter.experimentDefaults.seed, 7)
        XCTAssertTrue(s.interpreter.run(source: "seed 42", name: "<t>"))
        XCTAssertEqual(s.interpreter.experimentDefaults.seed, 7)
        s.interpreter.reset()
        XCTAssertEqual(s.interpreter.experimentDefaults.seed, 7)
    }

    func testInteractiveSession() {
        let s = Session()
        let repl = s.interpreter
        XCTAssertEqual(repl.evaluateInteractive("let xs = [1, 2]"), .completed(echo: nil))
        XCTAssertEqual(repl.evaluateInteractive("xs + [3]"), .completed(echo: "[1, 2, 3]"))
        XCTAssertEqual(repl.evaluateInteractive("\"text\""), .completed(echo: "\"text\""))
        XCTAssertEqual(repl.evaluateInteractive("print(1)"), .completed(echo: nil))
        XCTAssertEqual(repl.evaluateInteractive("fn f(x) {"), .needsMoreInput)
        XCTAssertEqual(repl.evaluateInteractive("fn f(x) {\n  return x * 2\n}"), .completed(echo: nil))
        XCTAssertEqual(repl.evaluateInteractive("f(21)"), .completed(echo: "42"))
        XCTAssertEqual(repl.evaluateInteractive("xs[5]"), .failed)
        XCTAssertEqual(s.messages.last, "index 5 is out of range for a list of length 2")
        // State survives the error.
        XCTAssertEqual(repl.evaluateInteractive("len(xs)"), .completed(echo: "2"))
        XCTAssertEqual(repl.evaluateInteractive("var r = {a: {b: 1}}"), .completed(echo: nil))
        XCTAssertEqual(repl.fieldNames(of: "r"), ["a"])
        XCTAssertEqual(repl.fieldNames(of: "r.a"), ["b"])
        XCTAssertEqual(repl.fieldNames(of: "r.zz"), [])
        XCTAssertEqual(repl.globalNames(), ["xs", "f", "r"])
        XCTAssertEqual(repl.describeGlobals().map(\.type), ["list", "function", "record"])
        XCTAssertEqual(s.output, "1\n")
        repl.reset()
        XCTAssertEqual(repl.globalNames(), [])
        XCTAssertEqual(repl.evaluateInteractive("len"), .completed(echo: "<builtin len>"))
    }

    func testRenderedRuntimeErrorShowsTheCallStack() {
        let s = Session()
        let source = "fn ratio(a, b) {\n  return a / b\n}\nfn half(x) { return ratio(x, 0) }\nprint(half(1))\n"
        XCTAssertFalse(s.interpreter.run(source: source, name: "exp.reg"))
        XCTAssertEqual(DiagnosticRenderer().render(s.diagnostics), """
            exp.reg:2:10: error: division by zero
              |
            2 |   return a / b
              |          ^~~~~
              in fn ratio at exp.reg:2:10
              in fn half at exp.reg:4:21

            """)
    }

    func testCheckReportsWithoutRunning() {
        let s = Session()
        let diagnostics = s.interpreter.check(source: "print(1)\nprnt(2)\n", name: "<t>")
        XCTAssertEqual(diagnostics.map(\.message), ["undefined name 'prnt'"])
        XCTAssertEqual(diagnostics.first?.hint, "did you mean 'print'?")
        XCTAssertEqual(s.output, "")
    }

    func testKeywordsAndBuiltinsForCompletion() {
        let names = Interpreter.keywordsAndBuiltins
        for name in ["let", "fn", "model", "print", "range", "logspace", "pi"] {
            XCTAssertTrue(names.contains(name), name)
        }
    }

    func testDeepRecursionIsADiagnosticNotACrash() {
        let s = Session()
        let source = "fn down(n) {\n  if n == 0 { return 0 }\n  return 1 + down(n - 1)\n}\nprint(down(100000))\n"
        XCTAssertFalse(s.interpreter.run(source: source, name: "<t>"))
        XCTAssertEqual(s.messages, ["too many nested calls (the limit is 1000)"])
        XCTAssertEqual(s.diagnostics[0].stack.count, 15)
        XCTAssertEqual(s.diagnostics[0].notes, ["985 more frames not shown"])
    }

    func testLargeStackHoldsDeepRecursion() {
        // With the limit raised, the evaluator's own stack (512 MB thread) holds 20 000 calls.
        let s = Session(InterpreterOptions(maxCallDepth: 20_001))
        let source = "fn down(n) {\n  if n == 0 { return 0 }\n  return 1 + down(n - 1)\n}\nprint(down(20000))\n"
        XCTAssertTrue(s.interpreter.run(source: source, name: "<t>"), s.messages.joined())
        XCTAssertEqual(s.output, "20000\n")
    }

    func testDeeplyNestedValuesPrintCompareAndFree() {
        // At the nesting limit, and on the test's own thread (no large stack): comparing,
        // printing and freeing recurse once per level.
        var s: Session? = Session(InterpreterOptions(stackSize: 0))
        let source = "var x = []\nfor i in range(9999) { x = [x] }\nlet y = x\nprint(x == y, len(str(x)))\n"
        XCTAssertTrue(s?.interpreter.run(source: source, name: "<t>") ?? false, s?.messages.joined() ?? "")
        XCTAssertEqual(s?.output, "true 131\n")
        XCTAssertFalse(s?.interpreter.run(source: "x = [x]", name: "<t>") ?? true)
        XCTAssertEqual(s?.diagnostics.map(\.id), ["too-deep"])
        let kept = s?.interpreter.global(named: "x")
        s = nil
        XCTAssertEqual(kept?.depth, Value.maxDepth)
        XCTAssertEqual(kept?.json.serialized().hasPrefix("["), true)  // 40 levels, then the printed form
    }

    func testAChainOfClosuresIsFreedWithoutRecursion() {
        // Each closure's scope holds the one before: freed link inside link, 5000 links
        // overflowed a 256 KB stack (and a few million the 512 MB one).
        let source = """
            fn wrap(g) { return fn() { return g() } }
            var f = fn() { return 0 }
            for i in range(5000) { f = wrap(f) }
            f = 0
            print("freed")
            """
        let s = Session(InterpreterOptions(stackSize: 256 << 10))
        XCTAssertTrue(s.interpreter.run(source: source, name: "<t>"), s.messages.joined())
        XCTAssertEqual(s.output, "freed\n")
    }

    func testStepLimitStopsInfiniteLoop() {
        let s = Session(InterpreterOptions(maxSteps: 10_000))
        XCTAssertFalse(s.interpreter.run(source: "while true {}", name: "<t>"))
        XCTAssertEqual(s.diagnostics.map(\.id), ["step-limit"])
    }

    func testCollectionLimit() {
        let s = Session(InterpreterOptions(maxCollectionLength: 1000))
        XCTAssertFalse(s.interpreter.run(source: "var a = [1]\nwhile true { a = a + a }", name: "<t>"))
        XCTAssertEqual(s.diagnostics.map(\.id), ["too-large"])
    }

    func testCancellationStopsTheScript() {
        let token = CancellationToken()
        let s = Session(InterpreterOptions(cancellation: token))
        s.interpreter.defineHostFunction("interrupt") { _ in
            token.cancel()
            return .none
        }
        XCTAssertFalse(s.interpreter.run(source: "print(1)\ninterrupt()\nprint(2)", name: "<t>"))
        XCTAssertTrue(s.interpreter.wasInterrupted)
        XCTAssertEqual(s.output, "1\n")
        XCTAssertEqual(s.diagnostics.count, 0)
    }
}
