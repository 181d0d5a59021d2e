import Foundation
import RegulaInterpreter
import RegulaSyntax
import XCTest

/// Functions written in the script, differentiated on the autograd tape: `gradient(f, x)`
/// of a group-lasso penalty, an orthogonality penalty and a log-sum-exp loss against
/// central finite differences of the same formulas computed here in Float64, and the
/// built-in losses on tensors against PyTorch.
final class ScriptDifferentiationTests: XCTestCase {
    /// A fixed 3 × 4 weight matrix (rows are neurons) and 4 × 3 logits with their classes.
    static let weights: [[Double]] = [[0.5, -1.25, 0.75, 0.1], [-0.3, 0.8, 1.5, -0.6], [1.1, 0.2, -0.9, 0.45]]
    static let logits: [[Double]] = [[1.0, 2.0, 0.5], [0.1, -1.0, 2.0], [0.3, 0.3, -0.7], [-1.2, 0.4, 0.9]]
    static let classes: [Int] = [0, 2, 1, 2]

    static func literal(_ rows: [[Double]]) -> String {
        "[" + rows.map { "[" + $0.map { String($0) }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
    }

    /// Runs `script` and returns the global `name` as rows of numbers.
    func matrix(_ script: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> [[Double]] {
        let result = TrainingScriptTests.run(script)
        XCTAssertTrue(result.ok, result.diagnostics.map(\.message).joined(separator: "\n"), file: file, line: line)
        let rows = try XCTUnwrap(result.interpreter.global(named: name)?.asList, file: file, line: line)
        return try rows.map { row in try XCTUnwrap(row.asList, file: file, line: line).map { try XCTUnwrap($0.asNumber, file: file, line: line) } }
    }

    /// Central differences of `f` at `x`, element by element, in Float64.
    static func finiteDifferences(_ f: ([[Double]]) -> Double, at x: [[Double]], h: Double = 1e-6) -> [[Double]] {
        var gradient = x
        for i in x.indices {
            for j in x[i].indices {
                var plus = x, minus = x
                plus[i][j] += h
                minus[i][j] -= h
                gradient[i][j] = (f(plus) - f(minus)) / (2 * h)
            }
        }
        return gradient
    }

    /// The tape's gradient is computed in float32: agreement to 1e-6 relative to the
    /// largest component (measured: 1e-8 to 4e-8).
    func assertClose(_ tape: [[Double]], _ reference: [[Double]], file: StaticString = #filePath, line: UInt = #line) {
        let scale = max(1, reference.joined().map(abs).max() ?? 1)
        let worst = zip(tape.joined(), reference.joined()).map { abs($0 - $1) }.max() ?? 0
        print("largest |tape − finite difference| / scale = \(worst / scale)")
        XCTAssertEqual(tape.count, reference.count, file: file, line: line)
        for (a, b) in zip(tape.joined(), reference.joined()) {
            XCTAssertEqual(a, b, accuracy: 1e-6 * scale, "tape \(tape) vs finite differences \(reference)", file: file, line: line)
        }
    }

    func testGroupLassoGradientMatchesFiniteDifferences() throws {
        let tape = try matrix("""
            fn group_lasso(w) { return sum(sqrt(sum(w ** 2, axis: 1))) }
            let g = tolist(gradient(group_lasso, tensor(\(Self.literal(Self.weights)))))
            """, "g")
        let reference = Self.finiteDifferences({ w in w.map { row in row.map { $0 * $0 }.reduce(0, +).squareRoot() }.reduce(0, +) }, at: Self.weights)
        assertClose(tape, reference)
    }

    func testOrthogonalityGradientMatchesFiniteDifferences() throws {
        let tape = try matrix("""
            fn orthogonality(w) { return sum((w @ transpose(w) - eye(w.shape[0])) ** 2) }
            let g = tolist(gradient(orthogonality, tensor(\(Self.literal(Self.weights)))))
            """, "g")
        let reference = Self.finiteDifferences({ w in
            var total = 0.0
            for i in w.indices {
                for j in w.indices {
                    let dot = zip(w[i], w[j]).map { $0 * $1 }.reduce(0, +) - (i == j ? 1 : 0)
                    total += dot * dot
                }
            }
            return total
        }, at: Self.weights)
        assertClose(tape, reference)
    }

    /// Log-sum-exp written out with a max shift, as a user writes a stable cross-entropy.
    static let logSumExpLoss = """
        fn lse_loss(o, t) {
          let m = max(o, axis: 1, keepdims: true)
          return mean(log(sum(exp(o - m), axis: 1)) + sum(m, axis: 1) - sum(o * one_hot(t, o.shape[1]), axis: 1))
        }
        """

    static func logSumExpReference(_ o: [[Double]]) -> Double {
        var total = 0.0
        for (row, target) in zip(o, classes) {
            let peak = row.max() ?? 0
            total += log(row.map { exp($0 - peak) }.reduce(0, +)) + peak - row[target]
        }
        return total / Double(o.count)
    }

    func testLogSumExpLossGradientMatchesFiniteDifferences() throws {
        let tape = try matrix("""
            \(Self.logSumExpLoss)
            let t = tensor(\(Self.classes))
            let g = tolist(gradient(fn (o) { return lse_loss(o, t) }, tensor(\(Self.literal(Self.logits)))))
            """, "g")
        assertClose(tape, Self.finiteDifferences(Self.logSumExpReference, at: Self.logits))
    }

    /// The built-in loss on tensors and its gradient agree with the written-out one.
    func testCrossEntropyOnTensorsMatchesTheWrittenOutLoss() throws {
        let script = """
            \(Self.logSumExpLoss)
            let o = tensor(\(Self.literal(Self.logits)))
            let t = tensor(\(Self.classes))
            let values = [[cross_entropy(o, t), lse_loss(o, t)]]
            let builtin = tolist(gradient(fn (o) { return cross_entropy(o, t) }, o))
            let written = tolist(gradient(fn (o) { return lse_loss(o, t) }, o))
            """
        let values = try matrix(script, "values")
        XCTAssertEqual(values[0][0], values[0][1], accuracy: 1e-6)
        XCTAssertEqual(values[0][0], Self.logSumExpReference(Self.logits), accuracy: 1e-6)
        assertClose(try matrix(script, "builtin"), try matrix(script, "written"))
    }

    /// `torch.nn.functional.cross_entropy` (and mse, bce) of the same tensors, written by
    /// `Tests/RegulaInterpreterTests/Fixtures/make_loss_fixture.py` with torch 2 in float64.
    func testLossesOnTensorsMatchPyTorch() throws {
        let values = try matrix("""
            let o = tensor(\(Self.literal(Self.logits)))
            let t = tensor(\(Self.classes))
            let r = tensor([[0.5], [-1], [2], [0.25]])
            let y = tensor([[1], [0], [1], [1]])
            let values = [[cross_entropy(o, t), mse(r, y), mae(r, y), huber(0.5)(r, y), bce(r, y)]]
            """, "values")[0]
        let torch = PyTorchLosses.values
        XCTAssertEqual(values.count, torch.count)
        for (ours, theirs) in zip(values, torch) { XCTAssertEqual(ours, theirs, accuracy: 1e-6 * max(1, abs(theirs))) }
    }
}
