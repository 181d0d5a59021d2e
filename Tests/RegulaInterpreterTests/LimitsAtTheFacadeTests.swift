import RegulaInterpreter
import RegulaSyntax
import XCTest

/// Issue 12 at the facade: what a host sees of the string limit and of a run that trains
/// no epoch.
final class LimitsAtTheFacadeTests: XCTestCase {
    /// A REPL echo of a value whose text would pass the limit is a located error (the
    /// text of a list of 10⁷ copies of a long string used to be built, then the
    /// allocation failed); the summary `:vars` shows is built only as far as it shows.
    func testAnEchoOverTheLimitIsALocatedError() {
        let interpreter = Interpreter(options: InterpreterOptions(maxCollectionLength: 1_000))
        var diagnostics: [Diagnostic] = []
        interpreter.onDiagnostic = { diagnostics.append($0) }
        XCTAssertEqual(interpreter.evaluateInteractive("let s = join(range(300))"), .completed(echo: nil))
        XCTAssertEqual(interpreter.evaluateInteractive("1 + 1\n[s, s]"), .failed)
        XCTAssertEqual(diagnostics.map(\.id), ["too-large"])
        let line = diagnostics.first.flatMap { d in d.span.flatMap { d.source?.location(of: $0.start).line } }
        XCTAssertEqual(line, 2, "at the statement whose value is echoed")
        XCTAssertEqual(interpreter.evaluateInteractive("let pair = [s, s]"), .completed(echo: nil))
        let summary = interpreter.describeGlobals().first { $0.name == "pair" }?.summary
        XCTAssertEqual(summary?.count, 60)
        XCTAssertTrue(summary?.hasSuffix("...") ?? false)
    }

    /// `epochs: 0` used to end with a progress line of NaNs (`data nan + penalty nan = nan`).
    func testARunOfNoEpochReportsNoProgressLine() {
        let interpreter = Interpreter()
        var reported: [TrainingProgress] = []
        interpreter.onTrainingProgress = { reported.append($0) }
        let ok = interpreter.run(source: """
            seed 1
            let d = synthetic_regression(n: 16, features: 2, informative: 1, noise: 0.1).data
            model m { dense(1) }
            let r = train(m, d, epochs: 0)
            """, name: "<test>")
        XCTAssertTrue(ok)
        XCTAssertTrue(reported.allSatisfy { $0.dataLoss.isFinite }, "\(reported.map(\.dataLoss))")
    }
}
