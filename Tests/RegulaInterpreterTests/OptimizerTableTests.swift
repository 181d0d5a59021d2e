import RegulaInterpreter
import RegulaNN
import RegulaSyntax
import XCTest

/// The optimizer builtins come from the engine's hyper-parameter table: their signatures
/// (what `:help` and docs/builtins.md show) list exactly the table's names and defaults,
/// and an engine error lands at the argument it names.
final class OptimizerTableTests: XCTestCase {
    func testSignaturesAreTheEnginesTable() throws {
        for kind in Optimizer.Kind.allCases {
            let documentation = try XCTUnwrap(Interpreter().documentation(of: kind.rawValue))
            let parameters = Optimizer.standard(kind).hyperParameters.map { parameter -> String in
                switch parameter.value {
                case .number(let x): return "\(parameter.name): \(Value.number(x).repr)"
                case .flag(let b): return "\(parameter.name): \(b)"
                }
            }
            XCTAssertEqual(documentation.signature, "\(kind.rawValue)(\((parameters + ["schedule: none"]).joined(separator: ", ")))")
            XCTAssertEqual(documentation.writtenSignature, documentation.signature, "the summary repeats the derived signature")
        }
    }

    func run(_ source: String) -> (output: String, diagnostics: [Diagnostic]) {
        let interpreter = Interpreter()
        var output = "", diagnostics: [Diagnostic] = []
        interpreter.onOutput = { output += $0 }
        interpreter.onDiagnostic = { diagnostics.append($0) }
        _ = interpreter.run(source: source, name: "<test>")
        return (output, diagnostics)
    }

    /// One diagnostic, at the argument the engine names, whatever else the call gives.
    func testAnEngineErrorIsAtTheArgumentItNames() throws {
        let source = "let o = rmsprop(lr: 0.1, momentum: 0.5, alpha: 2)"
        let diagnostics = run(source).diagnostics
        XCTAssertEqual(diagnostics.map(\.message), ["rmsprop: alpha must be in [0, 1], got 2"])
        let span = try XCTUnwrap(diagnostics.first?.span)
        let text = Array(source.utf8)[span.start..<span.end]
        XCTAssertEqual(String(decoding: text, as: UTF8.self), "2")
    }

    func testStrOfAnOptimizerShowsTheNonDefaults() {
        XCTAssertEqual(run("print(str(adagrad(lr: 0.1, eps: 1e-6)), adamw())").output, "adagrad(lr: 0.1, eps: 1e-06) adamw(lr: 0.001)\n")
    }
}
