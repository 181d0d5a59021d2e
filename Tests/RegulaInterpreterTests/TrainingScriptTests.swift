import Foundation
import RegulaInterpreter
import RegulaSyntax
import XCTest

/// The training library end to end: the fixtures in `Scripts/training/` (output and
/// diagnostics in their comments), the language's example program (docs/language.md, the seed's story), determinism, cancellation
/// and run-record entries.
final class TrainingScriptTests: XCTestCase {
    static var scripts: URL {
        get throws { try XCTUnwrap(Bundle.module.url(forResource: "Scripts", withExtension: nil)).appendingPathComponent("training") }
    }

    /// The repository's root (for `examples/data`).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testTrainingScripts() throws {
        try ScriptTests.runFixtures(in: try Self.scripts, minimumCount: 60)
    }

    /// `REGULA_SHOW=/tmp/out.txt swift test --filter testShowFixtures` writes every
    /// fixture's actual output and diagnostics in the fixtures' `# expect` form, for
    /// writing new ones.
    func testShowFixtures() throws {
        guard let target = ProcessInfo.processInfo.environment["REGULA_SHOW"] else { return }
        var shown = ""
        func print(_ line: String) { shown += line + "\n" }
        defer { try? shown.write(toFile: target, atomically: true, encoding: .utf8) }
        // REGULA_SHOW_DIR: another directory of scripts (e.g. examples/).
        let directory = try ProcessInfo.processInfo.environment["REGULA_SHOW_DIR"].map { URL(fileURLWithPath: $0) } ?? Self.scripts
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path).filter({ $0.hasSuffix(".reg") }).sorted() {
            let path = directory.appendingPathComponent(file).path
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let result = Self.run(text, name: path)
            print("=== \(file)")
            for line in result.output.split(separator: "\n", omittingEmptySubsequences: false).dropLast() { print("# expect: \(line)") }
            let main = SourceFile(name: path, text: text)
            for d in result.diagnostics {
                print("# expect \(d.severity.rawValue) \(ScriptTests.location(d, main: main)): \(d.message)")
                if let hint = d.hint { print("#   hint: \(hint)") }
            }
        }
    }

    struct Result {
        var ok: Bool
        var output: String
        var diagnostics: [Diagnostic]
        var interpreter: Interpreter
    }

    static func run(_ source: String, name: String = "<test>", options: InterpreterOptions = InterpreterOptions(),
                    progress: ((TrainingProgress, Interpreter) -> Void)? = nil) -> Result {
        let interpreter = Interpreter(options: options)
        var output = ""
        var diagnostics: [Diagnostic] = []
        interpreter.onOutput = { output += $0 }
        interpreter.onDiagnostic = { diagnostics.append($0) }
        if let progress { interpreter.onTrainingProgress = { [unowned interpreter] in progress($0, interpreter) } }
        let ok = interpreter.run(source: source, name: name)
        return Result(ok: ok, output: output, diagnostics: diagnostics, interpreter: interpreter)
    }

    /// The language's example program (the one docs/language.md opens with), verbatim except for fewer epochs, runs and prints one line per
    /// penalty in the promised shape, then saves the model.
    func testSpecExampleRuns() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regula-spec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("data"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(
            at: Self.root.appendingPathComponent("examples/data/digits.csv"), to: directory.appendingPathComponent("data/digits.csv"))
        let program = Self.specExample.replacingOccurrences(of: "epochs: 60", with: "epochs: 2")
        XCTAssertTrue(Interpreter().check(source: Self.specExample, name: "spec.reg").isEmpty)
        let path = directory.appendingPathComponent("spec.reg").path
        let result = Self.run(program, name: path)
        XCTAssertTrue(result.ok, result.diagnostics.map(\.message).joined(separator: "\n"))
        let lines = result.output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4, result.output)
        let pattern = #"^(none|l2\(0\.001\)|l1\(0\.0001\)|l1\(0\.0001\) \+ l2\(0\.001\)): train \d+\.\d{4}  val \d+\.\d{4}  test acc \d+\.\d%  zeros \d+\.\d%$"#
        for line in lines { XCTAssertNotNil(line.range(of: pattern, options: .regularExpression), line) }
        XCTAssertEqual(lines.map { String($0.prefix { $0 != ":" }) }, ["none", "l2(0.001)", "l1(0.0001)", "l1(0.0001) + l2(0.001)"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.appendingPathComponent("mlp.safetensors").path))
        let entries = result.interpreter.journal.entries
        XCTAssertEqual(entries.map(\.kind), ["train", "evaluate", "train", "evaluate", "train", "evaluate", "train", "evaluate", "train"])
        XCTAssertEqual(result.interpreter.journal.files.map(\.kind), ["data"])
    }

    static let specExample = """
        # The seed's story: a big network, a small training set, and what penalties do to it.
        seed 42
        param lam = 1e-3                      # overridable: regula run x.reg --param lam=1e-2

        let digits = csv("data/digits.csv", target: "digit")
        let parts  = digits |> split(train: 0.15, val: 0.15, test: 0.7) |> standardize

        model mlp {
          dense(256, activation: relu)
          dense(256, activation: relu)
          dense(10)
        }

        loss cross_entropy
        optimizer adam(lr: 1e-3)

        for p in [none, l2(lam), l1(lam / 10), l1(lam / 10) + l2(lam)] {
          reset(mlp)
          let r = train(mlp, parts.train, penalty: p, epochs: 60, batch: 32, validate: parts.val)
          let t = evaluate(mlp, parts.test)
          print("{p}: train {r.train_loss:.4f}  val {r.val_loss:.4f}  test acc {t.accuracy:.1%}  zeros {sparsity(mlp):.1%}")
        }

        penalty l1(1e-4) + l2(1e-3)
        optimizer adamw(lr: 1e-3, weight_decay: 1e-4)
        let run = train(mlp, parts.train, epochs: 60, batch: 32, validate: parts.val, early_stop: 10)
        save(mlp, "mlp.safetensors")
        """

    /// A small experiment whose final weights print in full precision.
    static func experiment(inserting extra: String = "") -> String {
        """
        seed 11
        let s = synthetic_classification(n: 90, features: 5, informative: 3, classes: 3)
        let parts = s |> split(train: 0.6, val: 0.4) |> standardize
        model net {
          dense(8, activation: relu)
          dropout(0.2)
          dense(3)
        }
        \(extra)
        let r = train(net, parts.train, epochs: 3, batch: 16, validate: parts.val, penalty: l1(1e-3))
        print(sum(weights(net)), norm(weights(net)), r.train_loss, r.val_loss)
        """
    }

    func testSameScriptTwiceGivesIdenticalOutput() {
        let a = Self.run(Self.experiment()), b = Self.run(Self.experiment())
        XCTAssertTrue(a.ok, a.diagnostics.map(\.message).joined())
        XCTAssertEqual(a.output, b.output)
        XCTAssertFalse(a.output.isEmpty)
    }

    func testInsertedInspectionChangesNoNumber() {
        let plain = Self.run(Self.experiment())
        let extras = [
            "print(parts.train)", "print(evaluate(net, parts.val))", "print(summary(net))",
            "print(histogram(parts.train.x))", "print(randn(2, 2).shape)", "let e = evaluate(net, parts.train)",
        ]
        for extra in extras {
            let changed = Self.run(Self.experiment(inserting: extra))
            XCTAssertTrue(changed.ok, extra + ": " + changed.diagnostics.map(\.message).joined())
            XCTAssertEqual(changed.output.split(separator: "\n").last, plain.output.split(separator: "\n").last, extra)
        }
    }

    func testSeedChangesTheNumbers() {
        let a = Self.run(Self.experiment()), b = Self.run(Self.experiment(), options: InterpreterOptions(seed: 12))
        XCTAssertNotEqual(a.output, b.output)
    }

    func testProgressIsReportedEveryEpochAndAtTheEnd() {
        var reports: [TrainingProgress] = []
        let result = Self.run(Self.experiment()) { progress, _ in reports.append(progress) }
        XCTAssertTrue(result.ok)
        XCTAssertEqual(reports.map(\.epoch), [1, 2, 3, 3])
        XCTAssertEqual(reports.map(\.isFinal), [false, false, false, true])
        XCTAssertEqual(reports.first?.totalEpochs, 3)
        XCTAssertNotNil(reports.first?.validationLoss)
        XCTAssertGreaterThan(reports.first?.penalty ?? 0, 0)
    }

    func testInterruptStopsAScript() {
        let source = Self.experiment().replacingOccurrences(of: "epochs: 3", with: "epochs: 1000")
        var epochs = 0
        let result = Self.run(source) { progress, interpreter in
            epochs = progress.epoch
            if progress.epoch == 2 { interpreter.options.cancellation.cancel() }
        }
        XCTAssertFalse(result.ok)
        XCTAssertTrue(result.interpreter.wasInterrupted)
        XCTAssertTrue(result.diagnostics.isEmpty, result.diagnostics.map(\.message).joined())
        XCTAssertEqual(result.output, "")
        XCTAssertLessThan(epochs, 4)
    }

    func testInterruptInTheReplKeepsThePartialRun() {
        let interpreter = Interpreter()
        var messages: [String] = []
        interpreter.onDiagnostic = { messages.append($0.message) }
        interpreter.onTrainingProgress = { [unowned interpreter] progress in
            if progress.epoch == 2 { interpreter.options.cancellation.cancel() }
        }
        XCTAssertEqual(interpreter.evaluateInteractive(Self.experiment().components(separatedBy: "let r =")[0]), .completed(echo: nil))
        let outcome = interpreter.evaluateInteractive("let r = train(net, parts.train, epochs: 1000, batch: 16)")
        XCTAssertEqual(outcome, .completed(echo: nil))
        XCTAssertTrue(interpreter.wasInterrupted)
        XCTAssertTrue(messages.isEmpty, messages.joined())
        // The next entry starts with a fresh token: the session goes on.
        XCTAssertEqual(interpreter.evaluateInteractive("r.epochs_run"), .completed(echo: "2"))
        XCTAssertEqual(interpreter.evaluateInteractive("r.stopped"), .completed(echo: "\"interrupted\""))
        XCTAssertFalse(interpreter.wasInterrupted)
    }

    func testTrainAndEvaluateAreJournaled() throws {
        let directory = try Self.scripts
        let source = """
            seed 3
            let d = csv("data/iris30.csv", target: "species")
            model m {
              dense(3)
            }
            let r = train(m, d, epochs: 2, batch: 10, penalty: l2(0.01))
            let e = evaluate(m, d)
            """
        let result = Self.run(source, name: directory.appendingPathComponent("journal.reg").path)
        XCTAssertTrue(result.ok, result.diagnostics.map(\.message).joined())
        let journal = result.interpreter.journal
        XCTAssertEqual(journal.files.map(\.path), ["data/iris30.csv"])
        XCTAssertEqual(journal.files.first?.sha256.count, 64)
        XCTAssertEqual(journal.entries.map(\.kind), ["train", "evaluate"])
        guard case .record(let details) = journal.entries[0].details else { return XCTFail("train details are not a record") }
        XCTAssertEqual(details["penalty"], .string("l2(0.01)"))
        XCTAssertEqual(details["loss"], .string("cross_entropy"))
        XCTAssertEqual(details["optimizer"], .string("adam(lr: 0.001)"))
        XCTAssertEqual(details["seed"], .number(3))
        XCTAssertEqual(details["epochs"], .number(2))
        XCTAssertEqual(details["history"]?.asList?.count, 2)
        XCTAssertNotNil(details["model"]?.asString?.range(of: "dense(3)"))
    }

    func testWriteCsvQuotesTextAndLeavesNoneEmpty() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("regula-rows-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = Self.run("write_csv([{a: 1, b: \"x, \\\"y\\\"\"}, {a: 2.5, c: none}], \"\(path)\")")
        XCTAssertTrue(result.ok, result.diagnostics.map(\.message).joined())
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "a,b,c\n1,\"x, \"\"y\"\"\",\n2.5,,\n")
    }

    func testReplEchoesModelsRunsAndSummariesAsText() {
        let interpreter = Interpreter()
        XCTAssertEqual(interpreter.evaluateInteractive("model m(inputs: 2) {\n  dense(1)\n}"), .completed(echo: nil))
        XCTAssertEqual(interpreter.evaluateInteractive("m"), .completed(echo: """
            model m: 2 inputs → 1 output, 3 parameters
              #  layer     output  parameters
              0  dense(1)  [N, 1]           3
            """))
        guard case .completed(let echo?) = interpreter.evaluateInteractive("summary(m)") else { return XCTFail("no echo") }
        XCTAssertTrue(echo.hasPrefix("model m: 2 inputs"), echo)
        XCTAssertEqual(interpreter.evaluateInteractive("[l1(0.1) + l2(0.2), m.layers[0]]"), .completed(echo: "[l1(0.1) + l2(0.2), dense(1)]"))
    }

    func testWarningsAreGivenOncePerCallSiteAndAgainInEachReplEntry() {
        let interpreter = Interpreter()
        var warnings: [String] = []
        interpreter.onDiagnostic = { if $0.severity == .warning { warnings.append($0.id) } }
        let setUp = "let s = synthetic_regression(n: 20, features: 2, informative: 1, noise: 0.1)\nmodel m {\n  dense(1)\n}"
        XCTAssertEqual(interpreter.evaluateInteractive(setUp), .completed(echo: nil))
        let entry = "for i in range(3) { let r = train(m, s.data, epochs: 1, penalty: l2(0.1), optimizer: sgd(weight_decay: 0.1)) }"
        XCTAssertEqual(interpreter.evaluateInteractive(entry), .completed(echo: nil))
        XCTAssertEqual(warnings, ["l2-and-weight-decay"])
        XCTAssertEqual(interpreter.evaluateInteractive(entry), .completed(echo: nil))
        XCTAssertEqual(warnings, ["l2-and-weight-decay", "l2-and-weight-decay"])
    }

    func testTrainingRespectsTheHostsStepLimit() {
        let source = "let s = synthetic_regression(n: 20, features: 2, informative: 1, noise: 0.1)\nmodel m {\n  dense(1)\n}\nlet r = train(m, s.data, epochs: 1000000000, batch: 1)"
        let result = Self.run(source, options: InterpreterOptions(maxSteps: 10_000))
        XCTAssertFalse(result.ok)
        XCTAssertEqual(result.diagnostics.map(\.id), ["step-limit"])
    }
}
