import XCTest
@testable import RegulaPlot

final class ReportTests: XCTestCase {
    func testPNGChecksums() {
        XCTAssertEqual(PNGEncoder.crc32(Array("IEND".utf8)), 0xAE42_6082)
        XCTAssertEqual(PNGEncoder.adler32(Array("Wikipedia".utf8)), 0x11E6_0398)
        let png = PNGEncoder.indexed(width: 2, height: 2, pixels: [0, 1, 1, 0], palette: [(0, 0, 0), (255, 255, 255)])
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        XCTAssertEqual(Array(png.suffix(8)), [0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
    }

    func testAOneEpochRunIsVisibleInTheReport() {
        // One point per curve: a path of a lone "M" draws nothing, so each gets a dot.
        let curves = RunCurves(dataLoss: [Point(1, 0.7)], validationLoss: [Point(1, 0.9)], penalty: [Point(1, 0.1)],
                               bestEpoch: 1, lossName: "mse")
        let svg = SVGRenderer().render(Figures.run(curves, title: "run"), id: "r")
        XCTAssertEqual(svg.components(separatedBy: "<path class=\"dot ").count - 1, 3, svg)
        // Points joined by a line get none; a point between NaNs does.
        var values: [Double] = (0..<200).map { Double($0 % 7) }
        values[99] = .nan
        values[100] = 5
        values[101] = .nan
        let numbers = SVGRenderer().render(Figures.numbers(values, title: "n"), id: "n")
        XCTAssertEqual(numbers.components(separatedBy: "<path class=\"dot ").count - 1, 1, numbers)
    }

    func testWeightMapBlocksKeepExactZeros() {
        // 4 × 4, the top-left 2 × 2 block all zero, one more zero elsewhere.
        var values = (0..<16).map { Float($0 % 3 == 0 ? -1 : 2) }
        for i in [0, 1, 4, 5, 15] { values[i] = 0 }
        let map = WeightMap(name: "w", rows: 4, columns: 4, values: values, block: 2)
        XCTAssertEqual(map.cellRows, 2)
        XCTAssertEqual(map.cellColumns, 2)
        XCTAssertEqual(map.magnitudes[0], 0, "an all-zero block stays exactly 0")
        XCTAssertGreaterThan(map.magnitudes[3], 0, "a block with one zero is not")
        XCTAssertEqual(map.zeros, 5)
        XCTAssertEqual(Colormap.index(of: 0, scale: 1), 0)
        XCTAssertEqual(Colormap.index(of: 1e-9, scale: 1), 2, "the smallest non-zero is the darkest ramp colour, not white")
        XCTAssertEqual(WeightMap.blockSize(for: [(256, 256)], budget: 65_536), 1)
        XCTAssertEqual(WeightMap.blockSize(for: [(256, 256)], budget: 20_000), 2)
    }

    /// A session far larger than a report should show in full: 200 runs of 5,000 epochs,
    /// wide weight matrices, a 100-λ path over 50 features, 150 histograms.
    func testLargeSessionStaysAFewMegabytes() {
        let epochs = 5000
        let shapes = [(1024, 784), (1024, 1024), (10, 1024)]
        let matrices = shapes.map { shape in (0..<(shape.0 * shape.1)).map { Float(($0 * 7919) % 1000) / 1000 - 0.5 } }
        let dataLoss = (1...epochs).map { Point(Double($0), 2 * exp(-Double($0) / 500)) }
        let validation = (1...epochs).map { Point(Double($0), 0.5 + sin(Double($0))) }
        let penalty = (1...epochs).map { Point(Double($0), 0.01 / Double($0)) }
        var runs: [TrainingPanel] = []
        for k in 0..<200 {
            let curves = RunCurves(dataLoss: dataLoss, validationLoss: validation, penalty: penalty, bestEpoch: 100, lossName: "mse")
                .downsampled(limit: 1000)
            let block = WeightMap.blockSize(for: shapes.map { (rows: $0.0, columns: $0.1) }, budget: 48_000)
            let maps = k % 8 == 0 ? zip(shapes, matrices).map { shape, values in
                WeightMap(name: "w", rows: shape.0, columns: shape.1, values: values, block: block)
            } : nil
            runs.append(TrainingPanel(number: k + 1, group: "mlp", title: "mlp", details: "", curves: curves,
                                      summary: [Fact("penalty", "l1(0.001)")], weights: maps))
        }
        let lambdas = (0..<100).map { pow(10, -4 + Double($0) * 0.04) }
        let path = RegularizationPath(lambdas: lambdas, coefficients: lambdas.map { l in (0..<50).map { j in max(0, Double(j) / 50 - l) } },
                                      cvMean: lambdas.map { 1 + $0 }, cvSE: lambdas.map { _ in 0.1 }, lambdaMin: 0.01, lambda1SE: 0.1)
        var exhibits = [FigureExhibit(heading: "path", figures: Figures.path(path, title: "path"))]
        for _ in 0..<150 {
            exhibits.append(FigureExhibit(heading: "histogram", figures: [Figures.histogram(HistogramData(counts: Array(repeating: 10, count: 200), edges: (0...200).map(Double.init)), title: "h")]))
        }
        let output = String(repeating: "epoch 1 loss 0.1234\n", count: 5000)
        let html = HTMLReport.render(ReportDocument(title: "big", runs: runs, exhibits: exhibits,
                                                    transcript: [TranscriptEntry(name: "big.reg", source: "train()\n", output: output, isInteractive: false)]))
        let megabytes = Double(html.utf8.count) / 1e6
        XCTAssertLessThan(megabytes, 6, "the report is \(megabytes) MB")
        XCTAssertTrue(html.contains("64 of 200 runs are drawn"))
        XCTAssertEqual(html.components(separatedBy: "<figure class=\"panel\" id=\"run-").count - 1, HTMLReport.maxPanels)
    }

    func testReportIsSelfContained() {
        let curves = TerminalRendererTests.run()
        let map = WeightMap(name: "layer 1 weight", rows: 3, columns: 2, values: [0, 1, -1, 0, 0.5, 0], block: 1)
        let document = ReportDocument(
            title: "a <b> & c", facts: [Fact("seed", "1")],
            runs: [TrainingPanel(number: 1, group: "m", title: "m · penalty none", details: "sgd", curves: curves,
                                 summary: [Fact("penalty", "none")], weights: [map])],
            transcript: [TranscriptEntry(name: "x.reg", source: "print(\"<hi>\")\n", output: "<hi>\n", isInteractive: false)])
        let html = HTMLReport.render(document)
        XCTAssertTrue(html.contains("<title>a &lt;b&gt; &amp; c — Regula report</title>"))
        XCTAssertTrue(html.contains("default-src 'none'"), "a content security policy forbids every fetch")
        XCTAssertFalse(html.contains("<script"))
        XCTAssertFalse(html.contains("src=\"http"))
        XCTAssertFalse(html.contains("href=\"http"))
        XCTAssertTrue(html.contains("data:image/png;base64,"))
        XCTAssertTrue(html.contains("prefers-color-scheme:dark"))
        XCTAssertTrue(html.contains("@media print"))
        XCTAssertTrue(html.contains("3 of 6 entries (50.0%) exactly 0"))
        XCTAssertTrue(html.contains("&lt;hi&gt;"))
        XCTAssertTrue(html.contains("role=\"img\""))
    }
}
