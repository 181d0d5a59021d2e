import XCTest
@testable import RegulaPlot

final class AxisScaleTests: XCTestCase {
    func testLogScaleWhenValuesSpanTwoDecades() {
        XCTAssertTrue(AxisScale.prefersLog([2.3, 0.01]))
        XCTAssertTrue(AxisScale.prefersLog([1, 100]))
        XCTAssertFalse(AxisScale.prefersLog([1, 99]))
        XCTAssertFalse(AxisScale.prefersLog([0, 1000]), "zero cannot be drawn on a log scale")
        XCTAssertFalse(AxisScale.prefersLog([-1, 1000]))
        XCTAssertFalse(AxisScale.prefersLog([]))
    }

    func testNiceSteps() {
        XCTAssertEqual(AxisScale.niceStep(7), 10)
        XCTAssertEqual(AxisScale.niceStep(1.5), 2)
        XCTAssertEqual(AxisScale.niceStep(0.3), 0.5)
        XCTAssertEqual(AxisScale.niceStep(0.01), 0.01, accuracy: 1e-15)
    }

    func testLinearTicksCoverTheDataInWholeSteps() {
        let scale = AxisScale(AxisSpec("epoch"), values: [1, 60], tickTarget: 6)
        XCTAssertFalse(scale.isLog)
        XCTAssertEqual(scale.ticks.map(\.label), ["0", "10", "20", "30", "40", "50", "60"])
        XCTAssertEqual(scale.lower, 0)
        XCTAssertEqual(scale.upper, 60)
        XCTAssertEqual(scale.position(30) ?? -1, 0.5, accuracy: 1e-12)
    }

    func testFractionalAndExponentLabels() {
        let scale = AxisScale(AxisSpec("y", scale: .linear), values: [-0.5, 0.5], tickTarget: 8)
        XCTAssertEqual(scale.ticks.map(\.label), ["-0.6", "-0.4", "-0.2", "0", "0.2", "0.4", "0.6"])
        XCTAssertEqual(TickLabel.linear(2e-5, step: 1e-5), "2e-5")
        XCTAssertEqual(TickLabel.linear(250_000, step: 50_000), "2.5e5")
    }

    func testLogTicksAtDecades() {
        let scale = AxisScale(AxisSpec("loss"), values: [0.0012, 2.3], tickTarget: 5)
        XCTAssertTrue(scale.isLog)
        XCTAssertEqual(scale.ticks.map(\.label), ["0.001", "0.01", "0.1", "1", "10"])
        XCTAssertEqual(scale.position(0.1) ?? -1, 0.5, accuracy: 1e-12)
        XCTAssertNil(scale.position(0), "0 has no place on a log scale")
        let wide = AxisScale(AxisSpec("x"), values: [1e-8, 1e4], tickTarget: 4)
        XCTAssertEqual(wide.ticks.map(\.label), ["1e-8", "1e-5", "0.01", "10", "10000"], "every third decade")
    }

    func testReversedAxisPutsLargeValuesLeft() {
        let scale = AxisScale(AxisSpec("λ", scale: .log, reversed: true), values: [0.001, 1], tickTarget: 4)
        XCTAssertEqual(scale.position(1) ?? -1, 0, accuracy: 1e-12)
        XCTAssertEqual(scale.position(0.001) ?? -1, 1, accuracy: 1e-12)
    }

    func testAnAskedLogScaleFallsBackToLinearForNonPositiveValues() {
        XCTAssertFalse(AxisScale(AxisSpec("x", scale: .log), values: [0, 10], tickTarget: 4).isLog)
    }

    func testDownsamplingKeepsExtremesAndTheLimit() {
        var points = (0..<10_000).map { Point(Double($0), sin(Double($0) / 100)) }
        points[5_000].y = 7
        let kept = Downsample.minMax(points, limit: 500)
        XCTAssertLessThanOrEqual(kept.count, 500)
        XCTAssertTrue(kept.contains(points[5_000]), "a spike survives")
        XCTAssertEqual(kept.map(\.x), kept.map(\.x).sorted(), "points stay in order")
        XCTAssertEqual(Downsample.minMax(Array(points.prefix(10)), limit: 500).count, 10)
    }

    func testValuesNearTheLargestDoubleArePlacedWithoutOverflow() {
        // plot([1e308, -1e308]) trapped: the range's width overflowed to infinity.
        let scale = AxisScale(AxisSpec("v", scale: .linear), values: [1e308, -1e308], tickTarget: 5)
        XCTAssertTrue(scale.lower.isFinite && scale.upper.isFinite)
        XCTAssertEqual(scale.position(0) ?? -1, 0.5, accuracy: 1e-12)
        XCTAssertEqual(scale.position(1e308) ?? -1, (1e308 / 2 - scale.lower / 2) / (scale.upper / 2 - scale.lower / 2), accuracy: 1e-12)
        XCTAssertFalse(scale.ticks.isEmpty)
        XCTAssertTrue(scale.ticks.allSatisfy { $0.value.isFinite })
        let extreme = AxisScale(AxisSpec("v", scale: .linear), values: [-1.7e308, 1.7e308], tickTarget: 5)
        XCTAssertTrue(extreme.lower.isFinite && extreme.upper.isFinite)
        XCTAssertNotNil(extreme.position(1.7e308))
        XCTAssertTrue(extreme.ticks.map(\.value).contains(0), "\(extreme.ticks)")
        let constant = AxisScale(AxisSpec("v", scale: .linear), values: [1.7e308], tickTarget: 3)
        XCTAssertTrue(constant.upper.isFinite)
        XCTAssertTrue((0.4...0.7).contains(constant.position(1.7e308) ?? -1), "a constant sits mid-axis")
        for values in [[1e308, -1e308], [-1.7e308, 1.7e308, 0], [1.7e308, 1.7e308]] {
            let text = TerminalRenderer(width: 60, colour: false).render(Figures.numbers(values, title: "big"))
            XCTAssertTrue(text.contains("⠀") || text.contains { ("\u{2801}"..."\u{28FF}").contains($0) }, text)
            XCTAssertFalse(SVGRenderer().render(Figures.numbers(values, title: "big"), id: "b").contains("nan"))
        }
    }
}
