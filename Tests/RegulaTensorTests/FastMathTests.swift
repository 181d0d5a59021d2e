import Foundation
import RegulaTensor
import XCTest

/// Float32 exp, tanh and sigmoid run on polynomials rather than libm: they must stay
/// within a few ulp of the true values and keep the special values right.
final class FastMathTests: XCTestCase {
    private func maxRelativeError(_ op: UnaryOp, _ reference: (Double) -> Double, over range: ClosedRange<Float>) -> Double {
        let n = 40_001
        let xs = (0..<n).map { range.lowerBound + (range.upperBound - range.lowerBound) * Float($0) / Float(n - 1) }
        let ys = Tensor<Float>(xs).applying(op).scalars
        var worst = 0.0
        for (x, y) in zip(xs, ys) {
            let exact = reference(Double(x))
            guard exact != 0 else { continue }
            worst = max(worst, abs(Double(y) - exact) / abs(exact))
        }
        return worst
    }

    func testExpIsWithinAFewUlp() {
        XCTAssertLessThan(maxRelativeError(.exp, Foundation.exp, over: -87...88.7), 3e-7)
        XCTAssertLessThan(maxRelativeError(.exp, Foundation.exp, over: -1...1), 3e-7)
    }

    func testTanhAndSigmoidAreWithinAFewUlp() {
        XCTAssertLessThan(maxRelativeError(.tanh, Foundation.tanh, over: -10...10), 5e-7)
        XCTAssertLessThan(maxRelativeError(.tanh, Foundation.tanh, over: -0.7...0.7), 5e-7)
        XCTAssertLessThan(maxRelativeError(.sigmoid, { 1 / (1 + Foundation.exp(-$0)) }, over: -80...30), 5e-7)
    }

    func testSpecialValues() {
        let x = Tensor<Float>([0, .infinity, -.infinity, .nan, 89, -88, -200, 88.7])
        let e = x.exp().scalars
        XCTAssertEqual(e[0], 1)
        XCTAssertEqual(e[1], .infinity)
        XCTAssertEqual(e[2], 0)
        XCTAssertTrue(e[3].isNaN)
        XCTAssertEqual(e[4], .infinity)
        XCTAssertEqual(e[6], 0)
        XCTAssertTrue(e[7].isFinite && e[7] > 3e38, "just below the overflow bound")
        let t = x.tanh().scalars
        XCTAssertEqual(Array(t[0..<3]), [0, 1, -1])
        XCTAssertTrue(t[3].isNaN)
        XCTAssertEqual(Tensor<Float>([1e-30, -1e-30]).tanh().scalars, [1e-30, -1e-30], "tiny inputs keep their value")
        XCTAssertEqual(Tensor<Float>([-.infinity, .infinity]).sigmoid().scalars, [0, 1])
    }

    func testLog1pOfUnitIsCorrectlyRoundedAlmostEverywhere() {
        // Against the exact value rounded once (Double's log1p, then Float): equal or,
        // in the rare near-tie, one ulp apart.
        var x: Float = 0, checked = 0
        while x <= 1 {
            let mine = regulaLog1pOfUnit(x), exact = Float(Double.log(onePlus: Double(x)))
            XCTAssertLessThanOrEqual(abs(mine - exact), exact.ulp, "x = \(x)")
            checked += 1
            x = x < 1e-30 ? 1e-30 : x * 1.0001 + 1e-9
        }
        XCTAssertGreaterThan(checked, 100_000)
        XCTAssertEqual(regulaLog1pOfUnit(Float(0)), 0)
        XCTAssertEqual(regulaLog1pOfUnit(Float(1)), Float(Double.log(2)))
        XCTAssertTrue(regulaLog1pOfUnit(Float.nan).isNaN)
    }

    func testPublicTanhIsTheFloatPolynomial() {
        for x: Float in [-20, -3, -0.7, -0.1, 0, 1e-8, 0.3, 0.62, 0.63, 2, 9] {
            XCTAssertEqual(ActivationFormula.tanh(x), Tensor(shape: [1], scalars: [x]).tanh().scalars[0], "x = \(x)")
        }
    }
}
