import Foundation
import RegulaInterpreter
import RegulaSyntax
import XCTest

/// Every script in `examples/` runs to the end through the facade, as `regula run` would
/// run it, with `--param epochs=2` so the suite stays fast, and prints its table.
final class ExamplesTests: XCTestCase {
    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples")

    /// Lines (or parts of lines) each example must print: its table's header and rows.
    static let expectedOutput: [String: [String]] = [
        "overfitting.reg": [
            "penalty                  train loss  val loss     gap   |w|_2  |w|<1e-3  zeros  test acc",
            "\nnone ", "\nl2(0.001) ", "\nl1(0.0001) ", "\nl1(0.0001) + l2(0.001) ",
            "weights with penalty l1(0.0001):\nhistogram: 84480 values in 12 bins",
        ],
        "l1_sparsity.reg": [
            "feature              true           none l1 subgradient    l1 proximal",
            "\nx0 ", "\nx19 ", "\nexact 0s ", "\nval mse ",
        ],
        "elastic_net.reg": [
            "alpha           0.1    0.316        1     3.16       10     31.6      100",
            "\nbmi ", "\ns6 ", "\nnonzero ", "\nval mse ", "lowest validation mse at alpha = ",
        ],
        "weight_decay.reg": [
            "SGD (lr 0.05, momentum 0.9)        train loss  val loss   |w|_2    max |Δw|",
            "Adam (lr 0.001)                    train loss  val loss   |w|_2    max |Δw|",
            "\nsgd + penalty l2(0.005) ", "\nsgd(weight_decay: 0.01) ",
            "\nadam(weight_decay: 0.01) ", "\nadamw(weight_decay: 0.01) ", "\nadamw(weight_decay: 1) ",
        ],
        "group_lasso.reg": [
            "penalty                  train loss  val loss  test acc  |w| ≤ tol  neurons off",
            "\nnone ", "\nl1(0.001) ", "\ngroup_lasso(0.01) ",
        ],
        "choosing_lambda.reg": [
            "path of lin: 100 λ × l1(1) (mse), 10-fold cross-validation", "lambda_min = ", "lambda_1se = ",
            "path of mlp: 4 λ × l2(1) (cross_entropy), 5-fold cross-validation", "\nnetwork at lambda_1se = ",
        ],
    ]

    func exampleFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: Self.examples.path)
            .filter { $0.hasSuffix(".reg") }.sorted()
    }

    func testEveryExampleIsCovered() throws {
        let files = try exampleFiles()
        XCTAssertGreaterThanOrEqual(files.count, 4)
        for file in files {
            XCTAssertNotNil(Self.expectedOutput[file], "\(file) has no expected output in ExamplesTests")
            let text = try String(contentsOf: Self.examples.appendingPathComponent(file), encoding: .utf8)
            XCTAssertTrue(text.contains("\nparam epochs = "), "\(file) must declare `param epochs` for this test")
        }
    }

    func testExamplesRunWithFewEpochs() throws {
        for file in try exampleFiles() {
            let path = Self.examples.appendingPathComponent(file).path
            let source = try String(contentsOfFile: path, encoding: .utf8)
            let interpreter = Interpreter(options: InterpreterOptions(params: ["epochs": "2"]))
            var output = ""
            var diagnostics: [Diagnostic] = []
            interpreter.onOutput = { output += $0 }
            interpreter.onDiagnostic = { diagnostics.append($0) }
            let succeeded = interpreter.run(source: source, name: path)
            let rendered = DiagnosticRenderer().render(diagnostics)
            XCTAssertTrue(succeeded, "\(file) failed:\n\(rendered)")
            XCTAssertTrue(diagnostics.isEmpty, "an example should run without errors or warnings: \(file):\n\(rendered)")
            for expected in Self.expectedOutput[file] ?? [] {
                XCTAssertTrue(output.contains(expected), "\(file) should print \(expected.debugDescription); it printed:\n\(output)")
            }
            if file == "weight_decay.reg" {
                // The equivalences the example teaches hold to the last bit at any epoch count.
                let lines = output.split(separator: "\n").map(String.init)
                for label in ["sgd(weight_decay: 0.01)", "adam(weight_decay: 0.01)"] {
                    let line = lines.first { $0.hasPrefix(label + " ") }
                    XCTAssertEqual(line?.split(separator: " ").last, "0", "\(label) should give the weights of l2(0.005): \(line ?? "missing")")
                }
            }
        }
    }
}
