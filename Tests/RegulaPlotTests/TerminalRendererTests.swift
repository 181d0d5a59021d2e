import XCTest
@testable import RegulaPlot

final class TerminalRendererTests: XCTestCase {
    func testBrailleLineOfKnownDots() {
        var canvas = BrailleCanvas(columns: 2, rows: 1)
        canvas.line(from: (0, 3), to: (3, 0))
        // Dots (0,3) (1,2) | (2,1) (3,0): bits 0x40|0x20 and 0x02|0x08.
        XCTAssertEqual(canvas.lines, ["\u{2860}\u{280A}"])
        XCTAssertEqual(canvas.lines, ["⡠⠊"])
    }

    func testDottedPatternSkipsEveryOtherDot() {
        var canvas = BrailleCanvas(columns: 2, rows: 1)
        canvas.line(from: (0, 0), to: (3, 0), pattern: [true, false])
        XCTAssertEqual(canvas.lines, ["⠁⠁"])
    }

    func testOutOfRangeDotsAreIgnored() {
        var canvas = BrailleCanvas(columns: 1, rows: 1)
        canvas.set(-1, 0)
        canvas.set(2, 0)
        canvas.set(0, 4)
        XCTAssertEqual(canvas.lines, [" "])
    }

    static func run(epochs: Int = 60) -> RunCurves {
        RunCurves(dataLoss: (1...epochs).map { Point(Double($0), 2.3 * exp(-Double($0) / 6) + 0.0005) },
                  validationLoss: (1...epochs).map { Point(Double($0), 0.3 + 0.5 * exp(-Double($0) / 5) + 0.004 * Double($0)) },
                  penalty: (1...epochs).map { Point(Double($0), 0.05) }, bestEpoch: 14, lossName: "cross_entropy")
    }

    func testRunFigureFitsTheWidthAndHasAxesAndLegend() {
        for width in [40, 80, 137] {
            let text = TerminalRenderer(width: width, colour: false).render(Figures.run(Self.run(), title: "run"))
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            for line in lines { XCTAssertLessThanOrEqual(line.count, width, "\(width): \(line)") }
            XCTAssertEqual(lines.map(\.count).max(), width, "as wide as the terminal")
            XCTAssertTrue(text.contains("loss (cross_entropy) (log scale)"), text)
            XCTAssertTrue(text.contains("epoch"))
            XCTAssertTrue(text.contains("training data loss") && text.contains("validation loss") && text.contains("penalty"))
            XCTAssertTrue(text.contains("┆ best epoch 14"))
            XCTAssertTrue(text.contains("└┬"), "the x axis starts with a tick at epoch 0")
            XCTAssertFalse(text.contains("\u{1B}"), "no escapes without colour")
        }
    }

    func testYAxisTicksAreLabelledAtDecades() {
        let text = TerminalRenderer(width: 80, colour: false).render(Figures.run(Self.run(), title: ""))
        let labelled = text.split(separator: "\n").filter { $0.contains("┤") }.map { $0.split(separator: "┤")[0].trimmingCharacters(in: .whitespaces) }
        XCTAssertEqual(labelled, ["10", "1", "0.1", "0.01", "0.001", "1e-4"])
    }

    func testColourOnlyWhenAsked() {
        let text = TerminalRenderer(width: 80, colour: true).render(Figures.run(Self.run(), title: "run"))
        XCTAssertTrue(text.contains("\u{1B}[34m"), "training in blue")
        XCTAssertTrue(text.contains("\u{1B}[33m"), "validation in yellow")
        XCTAssertTrue(text.contains("\u{1B}[0m"))
    }

    func testHistogramBarsUseBlocks() {
        let data = HistogramData(counts: [1, 4, 2], edges: [0, 1, 2, 3])
        let text = TerminalRenderer(width: 60, height: 8, colour: false).render(Figures.histogram(data, title: "h"))
        XCTAssertTrue(text.contains("█"))
        XCTAssertTrue(text.contains("count"))
        let rows = text.split(separator: "\n")
        // The tallest bar (4) reaches the top row of the plot; the shortest (1) does not.
        XCTAssertTrue(rows[2].contains("█"), text)
    }

    func testEmptyHistogramDrawsNoBarAndCountsFromZero() {
        // histogram(zeros(0)): one bin [0, 0] holding 0 values.
        let figure = Figures.histogram(HistogramData(counts: [0], edges: [0, 0]), title: "h")
        let text = TerminalRenderer(width: 60, height: 8, colour: false).render(figure)
        let plotRows = text.split(separator: "\n").filter { $0.contains("┤") || $0.contains("│") }
        XCTAssertFalse(plotRows.contains { $0.contains("█") }, text)
        let labels = text.split(separator: "\n").filter { $0.contains("┤") }.map { $0.split(separator: "┤")[0].trimmingCharacters(in: .whitespaces) }
        XCTAssertEqual(labels.last, "0", text)
        XCTAssertFalse(labels.contains { $0.hasPrefix("-") }, text)
        XCTAssertFalse(SVGRenderer().render(figure, id: "h").contains("text-anchor=\"end\">-"), "no negative count ticks in the report")
    }

    func testPathNamesEveryLineAtItsEnd() {
        let lambdas = (0..<20).map { pow(10, -3 + Double($0) * 0.15) }
        let coefficients = lambdas.map { lambda in [max(0, 1 - lambda), -max(0, 0.5 - lambda), 0.2 * max(0, 0.1 - lambda)] }
        let path = RegularizationPath(lambdas: lambdas, coefficients: coefficients, cvMean: lambdas.map { 1 + $0 },
                                      cvSE: lambdas.map { _ in 0.1 }, lambdaMin: 0.01, lambda1SE: 0.05, featureNames: ["age", "bmi"])
        let figures = Figures.path(path, title: "diabetes")
        XCTAssertEqual(figures.count, 2, "coefficients and the CV curve")
        XCTAssertEqual(figures[0].series.count, 3)
        XCTAssertEqual(figures[1].series[0].errorBars.count, 20)
        XCTAssertEqual(figures[1].markers.map(\.label), ["λ_min = 0.01", "λ_1se = 0.05"])
        let text = TerminalRenderer(width: 80, colour: false).render(figures[0])
        for name in ["age", "bmi", "x2"] { XCTAssertTrue(text.contains(" \(name)"), text) }
        XCTAssertTrue(text.contains("λ (log scale)"))
        // λ decreases to the right: 1 is labelled left of 0.001.
        let ticks = text.split(separator: "\n").first { $0.contains("0.001") } ?? ""
        XCTAssertLessThan(ticks.range(of: "1 ")?.lowerBound ?? ticks.endIndex, ticks.range(of: "0.001")?.lowerBound ?? ticks.startIndex)
        let cv = TerminalRenderer(width: 80, colour: false).render(figures[1])
        XCTAssertTrue(cv.contains("┆ λ_min = 0.01") && cv.contains("┆ λ_1se = 0.05"), cv)
    }

    func testMultiOutputPathHasOneFigurePerOutput() {
        let path = RegularizationPath(lambdas: [1, 0.1], coefficients: [[[0, 0], [0, 0]], [[1, 2], [3, 4]]] as [[[Double]]])
        XCTAssertEqual(Figures.path(path, title: "p").map(\.title), ["p: coefficients of output 0", "p: coefficients of output 1"])
    }

    func testLongNamesAreCutToTheWidth() {
        let long = String(repeating: "validation ", count: 20)
        var figure = Figures.numbers([1, 2, 3], title: long)
        figure.series[0].name = long
        figure.markers = [Marker(x: 1, label: long, colour: 3)]
        figure.y.label = long
        for line in TerminalRenderer(width: 40, colour: false).render(figure).split(separator: "\n") {
            XCTAssertLessThanOrEqual(line.count, 40, String(line))
        }
    }

    func testNumbersAndNonFiniteValues() {
        let text = TerminalRenderer(width: 50, colour: false).render(Figures.numbers([1, .nan, 3, .infinity, 2], title: ""))
        XCTAssertTrue(text.contains("index"))
        XCTAssertFalse(text.isEmpty)
    }
}
