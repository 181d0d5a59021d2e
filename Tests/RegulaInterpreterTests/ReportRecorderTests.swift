import RegulaInterpreter
import RegulaPlot
import XCTest

/// What a report records of a session: every `train`, bounded however long the session,
/// and nothing that changes a number.
final class ReportRecorderTests: XCTestCase {
    static let sweep = """
        seed 2
        let data = synthetic_classification(n: 40, features: 6, informative: 3, classes: 2) |> split(train: 0.75, val: 0.25)
        model m {
          dense(5, activation: relu)
          dense(2)
        }
        optimizer sgd(lr: 0.1)
        var out = []
        for k in range(300) {
          reset(m)
          let r = train(m, data.train, penalty: l1(0.001 * k, proximal: true), epochs: 2, batch: 10, validate: data.val)
          out = append(out, r.val_loss)
        }
        print(out[299], norm(weights(m), 2))
        """

    private func run(recording: Bool) -> (output: String, recorder: ReportRecorder?) {
        let interpreter = Interpreter()
        var output = ""
        interpreter.onOutput = { output += $0 }
        let recorder = recording ? ReportRecorder(interpreter, regulaVersion: "test") : nil
        recorder?.begin(name: "sweep.reg", source: Self.sweep)
        XCTAssertTrue(interpreter.run(source: Self.sweep, name: "sweep.reg"))
        return (output, recorder)
    }

    func testTheSourceSectionHoldsTheScriptAndItsImports() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "fn twice(x) { return 2 * x }\n".write(to: directory.appendingPathComponent("lib.reg"), atomically: true, encoding: .utf8)
        let script = "import \"lib.reg\"\nprint(twice(21))\n", path = directory.appendingPathComponent("main.reg").path
        let interpreter = Interpreter()
        interpreter.onOutput = { _ in }
        let recorder = ReportRecorder(interpreter, regulaVersion: "test")
        recorder.begin(name: path, source: script)
        XCTAssertTrue(interpreter.run(source: script, name: path))
        let transcript = recorder.document(title: "main.reg").transcript
        XCTAssertEqual(transcript.map(\.source), [script, "fn twice(x) { return 2 * x }\n"])
        XCTAssertEqual(transcript.first?.output, "42\n")
        let html = HTMLReport.render(recorder.document(title: "main.reg"))
        XCTAssertTrue(html.contains("<details open><summary>\(path)</summary>"))
        XCTAssertTrue(html.contains("lib.reg</summary>"), "the import, folded")
    }

    func testALongSweepIsRecordedWithinBoundsAndChangesNoNumber() throws {
        let plain = run(recording: false)
        let recorded = run(recording: true)
        XCTAssertEqual(plain.output, recorded.output, "recording changes no digit")
        let log = try XCTUnwrap(recorded.recorder?.exhibits)
        XCTAssertEqual(log.trainings.count, 300, "every run is in the table")
        XCTAssertLessThanOrEqual(log.trainings.filter { $0.curves != nil }.count, ExhibitLog.maxCurveRuns)
        XCTAssertLessThanOrEqual(log.trainings.filter { $0.weights != nil }.count, ExhibitLog.maxWeightRuns)
        XCTAssertNotNil(log.trainings[0].weights, "the first run keeps its weights")
        XCTAssertEqual(log.trainings[299].summary.first { $0.name == "penalty" }?.value, "l1(0.299, proximal: true)")
        let html = HTMLReport.render(try XCTUnwrap(recorded.recorder?.document(title: "sweep.reg", status: "succeeded")))
        XCTAssertEqual(html.components(separatedBy: "<figure class=\"panel\" id=\"run-").count - 1, HTMLReport.maxPanels)
        XCTAssertTrue(html.contains("<dd>succeeded</dd>"))
        XCTAssertLessThan(html.utf8.count, 3_000_000)
    }

    func testAPathIsDrawnAsCoefficientsAndItsCrossValidationCurve() throws {
        let script = """
            seed 3
            let d = synthetic_regression(n: 60, features: 5, informative: 2, noise: 0.5)
            model lin { dense(1) }
            loss mse
            let p = path(lin, d.data, penalty: l1(1), lambdas: 12, folds: 3)
            """
        let interpreter = Interpreter()
        interpreter.onOutput = { _ in }
        let recorder = ReportRecorder(interpreter, regulaVersion: "test")
        recorder.begin(name: "path.reg", source: script)
        XCTAssertTrue(interpreter.run(source: script, name: "path.reg"))
        let html = HTMLReport.render(recorder.document(title: "path.reg"))
        XCTAssertTrue(html.contains("path of lin: coefficients"), "the coefficient paths")
        XCTAssertTrue(html.contains("path of lin: cross-validated error"), "the CV curve")
        XCTAssertTrue(html.contains("λ_1se"), "λ_1se is marked")
    }
}
