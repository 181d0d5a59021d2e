import RegulaInterpreter
import RegulaNN
import RegulaSyntax
import XCTest

/// The optimizer and schedule builtins come from the engine's hyper-parameter tables: their signatures
/// (what `:help` and docs/builtins.md show) list exactly the table's names and defaults,
/// and an engine error lands at the argument it names.
final class OptimizerTableTests: XCTestCase {
    /// `name: default` as the docs write it, or the name alone for a required setting.
    static func written(_ parameter: HyperParameter) -> String {
        guard !parameter.isRequired else { return parameter.name }
        switch parameter.value {
        case .number(let x): return "\(parameter.name): \(Value.number(x).repr)"
        case .count(let n): return "\(parameter.name): \(n)"
        case .flag(let b): return "\(parameter.name): \(b)"
        case .choice(let word): return "\(parameter.name): \"\(word)\""
        }
    }

    func testSignaturesAreTheEnginesTable() throws {
        var expected = Optimizer.Kind.allCases.map { kind in
            (kind.rawValue, Optimizer.standard(kind).hyperParameters.map(Self.written) + ["schedule: none"])
        }
        expected += LearningRateSchedule.Kind.allCases.map { ($0.rawValue, $0.hyperParameters.map(Self.written)) }
        for (name, parameters) in expected {
            let documentation = try XCTUnwrap(Interpreter().documentation(of: name))
            XCTAssertEqual(documentation.signature, "\(name)(\(parameters.joined(separator: ", ")))")
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

    /// A schedule prints as written: required settings and the one after them by position,
    /// the other non-defaults by name.
    func testStrOfAScheduleShowsTheNonDefaults() {
        let output = run("print(step_lr(10), step_lr(10, 0.5), cosine(5, eta_min: 0.01), warmup(total_iters: 3), reduce_on_plateau(threshold_mode: \"abs\"))").output
        XCTAssertEqual(output, "step_lr(10) step_lr(10, 0.5) cosine(5, 0.01) warmup(total_iters: 3) reduce_on_plateau(threshold_mode: \"abs\")\n")
    }

    func testAScheduleWordOutsideItsChoicesIsAtItsArgument() {
        XCTAssertEqual(run("let s = reduce_on_plateau(mode: \"maximum\")").diagnostics.map(\.message),
                       ["reduce_on_plateau: mode must be \"min\" or \"max\", got \"maximum\""])
    }
}
