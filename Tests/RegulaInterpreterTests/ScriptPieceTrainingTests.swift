import Foundation
import RegulaInterpreter
import RegulaSyntax
import XCTest

/// Penalties, losses and activations written in the script train like the built-ins they
/// spell out: the same model, data and settings trained once with the built-in and once
/// with the function end with the same weights (float32 rounding apart), and a function
/// that fails or returns the wrong thing is a located error.
final class ScriptPieceTrainingTests: XCTestCase {
    /// Trains a copy of one model twice, `first` and `second` being the keyword arguments
    /// that differ, and returns the largest weight difference relative to the largest weight.
    func relativeDifference(_ setup: String, first: String, second: String, data: String = "parts",
                            file: StaticString = #filePath, line: UInt = #line) throws -> Double {
        let script = """
            seed 5
            \(setup)
            let b = clone(a)
            train(a, \(data), \(first), epochs: 4, batch: 16, shuffle: false)
            train(b, \(data), \(second), epochs: 4, batch: 16, shuffle: false)
            var wa = []
            var wb = []
            for i, layer in a.layers {
              if layer.kind == "dense" {
                wa = wa + [tolist(reshape(layer.weight, -1)), tolist(layer.bias)]
                wb = wb + [tolist(reshape(b.layers[i].weight, -1)), tolist(b.layers[i].bias)]
              }
            }
            """
        let result = TrainingScriptTests.run(script)
        XCTAssertTrue(result.ok, result.diagnostics.map(\.message).joined(separator: "\n"), file: file, line: line)
        func flat(_ name: String) throws -> [Double] {
            try XCTUnwrap(result.interpreter.global(named: name)?.asList, file: file, line: line)
                .flatMap { try XCTUnwrap($0.asList, file: file, line: line) }.map { try XCTUnwrap($0.asNumber, file: file, line: line) }
        }
        let (wa, wb) = (try flat("wa"), try flat("wb"))
        XCTAssertEqual(wa.count, wb.count, file: file, line: line)
        XCTAssertGreaterThan(wa.count, 0, file: file, line: line)
        let scale = wa.map(abs).max() ?? 1
        let difference = zip(wa, wb).map { abs($0 - $1) }.max().map { $0 / scale } ?? 0
        print("\(second): largest weight difference / largest weight = \(difference)")
        return difference
    }

    static let regression = """
        let parts = synthetic_regression(n: 96, features: 6, informative: 3, noise: 0.1).data
        model a {
          dense(8, activation: tanh)
          dense(1)
        }
        """

    static let classification = """
        let parts = synthetic_classification(n: 96, features: 6, classes: 3)
        model a {
          dense(8, activation: relu)
          dense(3)
        }
        """

    func testScriptL2PenaltyTrainsLikeL2() throws {
        let difference = try relativeDifference(
            Self.regression, first: "penalty: l2(1e-3)", second: "penalty: fn (w) { return 1e-3 * sum(w ** 2) }")
        XCTAssertLessThan(difference, 1e-6)
        // The function is not ignored: a stronger one moves the weights.
        let stronger = try relativeDifference(
            Self.regression, first: "penalty: l2(1e-3)", second: "penalty: fn (w) { return 1e-1 * sum(w ** 2) }")
        XCTAssertGreaterThan(stronger, 1e-4)
    }

    func testScriptPenaltyCombinesWithABuiltIn() throws {
        let difference = try relativeDifference(
            Self.regression, first: "penalty: l1(1e-3) + l2(1e-3)", second: "penalty: l1(1e-3) + fn (w) { return 1e-3 * sum(w ** 2) }")
        XCTAssertLessThan(difference, 1e-6)
    }

    func testWrittenOutMseTrainsLikeMse() throws {
        let difference = try relativeDifference(
            Self.regression, first: "loss: mse", second: "loss: fn (o, t) { return mean((o - t) ** 2) }")
        XCTAssertLessThan(difference, 1e-5)
        let other = try relativeDifference(Self.regression, first: "loss: mse", second: "loss: fn (o, t) { return mean(abs(o - t)) }")
        XCTAssertGreaterThan(other, 1e-4)
    }

    func testCrossEntropyCalledOnTensorsTrainsLikeTheLoss() throws {
        let difference = try relativeDifference(
            Self.classification, first: "loss: cross_entropy", second: "loss: fn (o, t) { return cross_entropy(o, t) }")
        XCTAssertLessThan(difference, 1e-5)
    }

    /// A function is a layer line of a model too.
    func testAFunctionIsALayerLine() throws {
        let result = TrainingScriptTests.run("""
            seed 5
            let parts = synthetic_classification(n: 48, features: 6, classes: 3)
            model d {
              dense(8)
              fn (x) { return relu(x) }
              dense(3)
            }
            train(d, parts, epochs: 2, batch: 16)
            """)
        XCTAssertTrue(result.ok, result.diagnostics.map(\.message).joined(separator: "\n"))
    }

    /// The built-in activation and the script one from the same starting weights.
    func testScriptActivationMatchesTheBuiltInFromTheSameWeights() throws {
        let script = """
            seed 5
            let parts = synthetic_classification(n: 96, features: 6, classes: 3)
            model a {
              dense(8, activation: relu)
              dense(3)
            }
            model b {
              dense(8, activation: fn (x) { return relu(x) })
              dense(3)
            }
            train(a, parts, epochs: 0)
            train(b, parts, epochs: 0)
            b.layers[0].weight = a.layers[0].weight
            b.layers[0].bias = a.layers[0].bias
            b.layers[1].weight = a.layers[1].weight
            b.layers[1].bias = a.layers[1].bias
            train(a, parts, epochs: 4, batch: 16, shuffle: false)
            train(b, parts, epochs: 4, batch: 16, shuffle: false)
            let gap = max(abs(a.layers[0].weight - b.layers[0].weight)) + max(abs(a.layers[1].weight - b.layers[1].weight))
            """
        let result = TrainingScriptTests.run(script)
        XCTAssertTrue(result.ok, result.diagnostics.map(\.message).joined(separator: "\n"))
        XCTAssertLessThan(try XCTUnwrap(result.interpreter.global(named: "gap")?.asNumber), 1e-6)
    }

    // MARK: Located errors

    func diagnostic(_ script: String, file: StaticString = #filePath, line: UInt = #line) throws -> Diagnostic {
        let result = TrainingScriptTests.run(script, name: "pieces.reg")
        XCTAssertFalse(result.ok, file: file, line: line)
        return try XCTUnwrap(result.diagnostics.first { $0.severity == .error }, file: file, line: line)
    }

    func location(_ d: Diagnostic) -> String {
        guard let source = d.source, let span = d.span else { return "-" }
        let l = source.location(of: span.start)
        return "\(l.line):\(l.column)"
    }

    func testPenaltyReturningATensorIsLocatedAtItsReturnAndNamesTheTrainCall() throws {
        let d = try diagnostic("""
            \(Self.regression)
            fn bad(w) {
              return w ** 2
            }
            train(a, parts, penalty: bad, epochs: 1)
            """)
        XCTAssertEqual(location(d), "7:10")
        XCTAssertTrue(d.message.hasPrefix("a penalty function must return a number (or a 1-element tensor), but bad returned a tensor of shape [8, "), d.message)
        XCTAssertTrue(d.notes.contains { $0.hasPrefix("called by train at pieces.reg:9:1") }, "\(d.notes)")
    }

    func testActivationOfTheWrongShapeIsLocated() throws {
        let d = try diagnostic("""
            let parts = synthetic_classification(n: 32, features: 4, informative: 2, classes: 2)
            model a {
              dense(8, activation: fn (x) { return sum(x, axis: 1) })
              dense(2)
            }
            train(a, parts, epochs: 1)
            """)
        XCTAssertEqual(location(d), "3:40")
        XCTAssertTrue(d.message.hasPrefix("an activation function must return a tensor of its input's shape [32, 8]"), d.message)
    }

    func testErrorInsideALossIsLocatedInside() throws {
        let d = try diagnostic("""
            \(Self.regression)
            fn bad(o, t) {
              let z = o @ t
              return mean(z)
            }
            train(a, parts, loss: bad, epochs: 1)
            """)
        XCTAssertEqual(location(d), "7:11")
        XCTAssertTrue(d.message.hasPrefix("matmul: shapes"), d.message)
        XCTAssertTrue(d.notes.contains { $0.hasPrefix("called by train at pieces.reg:10:1") }, "\(d.notes)")
    }

    /// A penalty is called with one argument: a function taking none is an error at its
    /// parameter list, where the fix goes, naming the train call that ran it.
    func testPenaltyWithoutAParameterIsAnErrorAtItsParameters() throws {
        let d = try diagnostic("""
            \(Self.regression)
            train(a, parts, penalty: fn () { return 1 }, epochs: 1)
            """)
        XCTAssertEqual(location(d), "6:32")
        XCTAssertEqual(d.message, "a penalty function is called with one argument (w), but fn () takes none")
        XCTAssertEqual(d.hint, "write it as fn (w) { ... }")
        XCTAssertTrue(d.notes.contains { $0.hasPrefix("called by train at pieces.reg:6:1 (as its penalty)") }, "\(d.notes)")
    }

    /// A loss needs two parameters (output, target): one more without a default is located
    /// at the parameters; one with a default is fine.
    func testLossWithTooManyParametersIsLocatedAtThem() throws {
        let d = try diagnostic("""
            \(Self.regression)
            fn weighted(o, t, w) {
              return mean(w * (o - t) ** 2)
            }
            train(a, parts, loss: weighted, epochs: 1)
            """)
        XCTAssertEqual(location(d), "6:13")
        XCTAssertEqual(d.message, "a loss function is called with 2 arguments (output, target), but weighted needs 3")
        let fine = TrainingScriptTests.run("""
            \(Self.regression)
            fn weighted(o, t, w: 2) {
              return mean(w * (o - t) ** 2)
            }
            train(a, parts, loss: weighted, epochs: 1)
            """)
        XCTAssertTrue(fine.ok, fine.diagnostics.map(\.message).joined(separator: "\n"))
    }

    /// In the REPL, after a train whose penalty failed (here by changing the model it
    /// trains), the model is no longer "being trained": the next entries may change it.
    func testAFailedTrainLeavesTheModelChangeableInTheRepl() {
        let interpreter = Interpreter()
        var messages: [String] = []
        interpreter.onDiagnostic = { messages.append($0.message) }
        XCTAssertEqual(interpreter.evaluateInteractive(Self.regression), .completed(echo: nil))
        XCTAssertEqual(interpreter.evaluateInteractive("train(a, parts, epochs: 1, penalty: fn (w) { reset(a); return 0 })"), .failed)
        XCTAssertTrue(messages.first?.hasPrefix("reset: model a is being trained (by train at <repl>:1:1)") ?? false, "\(messages)")
        messages = []
        XCTAssertEqual(interpreter.evaluateInteractive("reset(a)"), .completed(echo: nil))
        XCTAssertEqual(interpreter.evaluateInteractive("train(a, parts, epochs: 1).epochs_run"), .completed(echo: "1"))
        XCTAssertTrue(messages.isEmpty, "\(messages)")
    }

    /// An activation that runs its own model recurses until the call limit: the error says
    /// so once, with each distinct caller noted once rather than a thousand times.
    func testAnActivationRunningItsOwnModelFailsWithFewNotes() throws {
        let d = try diagnostic("""
            let parts = synthetic_classification(n: 32, features: 4, informative: 2, classes: 2)
            model a {
              dense(8, activation: fn (x) { predict(a, parts); return x })
              dense(2)
            }
            train(a, parts, epochs: 1)
            """)
        XCTAssertTrue(d.message.hasPrefix("too many nested calls"), d.message)
        XCTAssertLessThan(d.notes.count, 5, "\(d.notes)")
        XCTAssertTrue(d.notes.contains { $0.hasPrefix("called by train at pieces.reg:6:1 (as its activation)") }, "\(d.notes)")
    }
}
