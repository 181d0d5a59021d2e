import Foundation
import XCTest

/// `regula run --report` writes a page that a real browser renders as intended: headless
/// Chromium loads it in a frame of a small harness page whose script measures what was
/// drawn (panels, lines, colours in both schemes, the heat maps' pixels) and writes it
/// into the DOM, which `--dump-dom` prints.
final class ReportBrowserTests: XCTestCase {
    /// Two runs of one model (the second with proximal L1 under SGD: exact zeros), a
    /// histogram and a regularization path given as a record.
    static let script = """
        seed 3
        let data = synthetic_classification(n: 120, features: 8, informative: 3, classes: 2) |> split(train: 0.7, val: 0.3)
        model net {
          dense(6, activation: relu)
          dense(2)
        }
        loss cross_entropy
        optimizer sgd(lr: 0.2)
        for p in [none, l1(0.02, proximal: true)] {
          reset(net)
          let r = train(net, data.train, penalty: p, epochs: 40, batch: 16, validate: data.val)
          print("{p}: train {r.train_loss:.4f} val {r.val_loss:.4f} zeros {sparsity(net):.1%}")
        }
        print(histogram(weights(net), bins: 8))
        plot({lambdas: [1, 0.3, 0.1, 0.03, 0.01], coefficients: [[0, 0], [0.2, 0], [0.5, -0.1], [0.8, -0.3], [0.9, -0.4]],
              cv_mean: [1.0, 0.7, 0.5, 0.55, 0.6], cv_se: [0.05, 0.05, 0.04, 0.05, 0.06], lambda_min: 0.1, lambda_1se: 0.3,
              features: ["x0", "x1"]})
        """

    static let harness = """
        <!DOCTYPE html><html><body><iframe id="r" src="report.html" style="width:1280px;height:2400px"></iframe>
        <pre id="out">not loaded</pre>
        <script>
        window.addEventListener('load', () => {
          const out = {};
          try {
            const frame = document.getElementById('r');
            const d = frame.contentDocument, w = frame.contentWindow;
            out.title = d.title;
            out.panels = d.querySelectorAll('#loss figure.panel').length;
            out.shownFigures = [...d.querySelectorAll('svg.figure')].filter(s => { const b = s.getBoundingClientRect(); return b.width > 200 && b.height > 60; }).length;
            out.svgTitles = [...d.querySelectorAll('svg[role=img] > title')].map(t => t.textContent);
            out.lossLines = [...d.querySelectorAll('#loss path.line')].map(p => p.getTotalLength());
            out.trainStroke = w.getComputedStyle(d.querySelector('#loss path.line.s0')).stroke;
            out.validationStroke = w.getComputedStyle(d.querySelector('#loss path.line.s1')).stroke;
            out.background = w.getComputedStyle(d.documentElement).backgroundColor;
            out.tickLabels = [...d.querySelectorAll('#loss text.tick')].map(t => t.textContent);
            out.axisLabels = [...new Set([...d.querySelectorAll('text.lbl')].map(t => t.textContent))];
            const images = [...d.querySelectorAll('svg.map image')];
            out.maps = images.length; out.decoded = 0; out.white = [];
            for (const im of images) {
              const [cw, ch] = im.dataset.cells.split('x').map(Number);
              const c = document.createElement('canvas'); c.width = cw; c.height = ch;
              const g = c.getContext('2d'); g.imageSmoothingEnabled = false; g.drawImage(im, 0, 0, cw, ch);
              const px = g.getImageData(0, 0, cw, ch).data;
              let opaque = 0, white = 0;
              for (let k = 0; k < px.length; k += 4) { if (px[k+3] == 255) opaque++; if (px[k] == 255 && px[k+1] == 255 && px[k+2] == 255) white++; }
              if (opaque == cw * ch) out.decoded++;
              out.white.push(white);
            }
            out.mapDescriptions = images.map(im => im.closest('svg').querySelector('desc').textContent);
            out.resources = w.performance.getEntriesByType('resource').map(e => e.name);
            out.outputText = d.querySelector('#output pre').textContent;
            out.sourceLines = d.querySelectorAll('#source .ln').length;
          } catch (e) { out.error = String(e); }
          document.getElementById('out').textContent = JSON.stringify(out);
        });
        </script></body></html>
        """

    struct Rendered: Decodable {
        var title: String
        var panels: Int
        var shownFigures: Int
        var svgTitles: [String]
        var lossLines: [Double]
        var trainStroke: String
        var validationStroke: String
        var background: String
        var tickLabels: [String]
        var axisLabels: [String]
        var maps: Int
        var decoded: Int
        var white: [Int]
        var mapDescriptions: [String]
        var resources: [String]
        var outputText: String
        var sourceLines: Int
    }

    func testReportRendersInChromium() throws {
        let browser = try HeadlessChromium.required()
        let directory = try TemporaryDirectory()
        let scriptPath = try directory.write("experiment.reg", Self.script)
        try directory.write("harness.html", Self.harness)
        let result = try RegulaProcess.run(["run", scriptPath, "--report", directory.path("report.html")], timeout: 120)
        XCTAssertEqual(result.status, 0, result.stderr)
        let html = try String(contentsOfFile: directory.path("report.html"), encoding: .utf8)
        XCTAssertFalse(html.contains("<script"), "the report needs no script")

        for dark in [false, true] {
            let dom = try browser.run(["--allow-file-access-from-files", "--virtual-time-budget=20000", "--dump-dom",
                                       "file://" + directory.path("harness.html")], darkScheme: dark)
            let rendered = try decode(dom)
            XCTAssertEqual(rendered.title, "\(scriptPath) — Regula report")
            XCTAssertEqual(rendered.panels, 2, "one panel per train call")
            // 2 loss + 1 penalty chart (the unpenalized run has none), the histogram, the
            // path's coefficients and CV curve.
            XCTAssertEqual(rendered.shownFigures, 6)
            XCTAssertEqual(rendered.lossLines.count, 5, "training and validation in each panel, the penalty of the second")
            for length in rendered.lossLines { XCTAssertGreaterThan(length, 100, "a drawn curve") }
            XCTAssertTrue(rendered.axisLabels.contains("epoch"))
            XCTAssertTrue(rendered.axisLabels.contains { $0.hasPrefix("data loss") }, "\(rendered.axisLabels)")
            XCTAssertTrue(rendered.axisLabels.contains("λ (log scale)"))
            XCTAssertTrue(rendered.tickLabels.contains("40"), "the epoch axis reaches 40")
            XCTAssertTrue(rendered.svgTitles.contains("path: cross-validated error"))
            XCTAssertTrue(rendered.svgTitles.contains { $0.hasPrefix("layer 1 weight (6 × 8)") }, "\(rendered.svgTitles)")
            XCTAssertEqual(rendered.maps, 4, "two weight matrices for each run")
            XCTAssertEqual(rendered.decoded, 4, "every heat map decodes to a full image")
            XCTAssertEqual(rendered.white[0], 0, "no exact zeros without a penalty")
            XCTAssertGreaterThan(rendered.white[2] + rendered.white[3], 0, "proximal L1's exact zeros are white")
            XCTAssertTrue(rendered.mapDescriptions[0].contains("exactly 0"))
            XCTAssertEqual(rendered.resources, [], "nothing fetched")
            XCTAssertTrue(rendered.outputText.contains("histogram: 60 values in 8 bins"))
            XCTAssertTrue(rendered.outputText.contains("λ_min = 0.1"), "plot's text is in the output")
            XCTAssertEqual(rendered.sourceLines, Self.script.split(separator: "\n", omittingEmptySubsequences: false).count)
            if dark {
                XCTAssertEqual(rendered.background, "rgb(13, 17, 23)")
                XCTAssertEqual(rendered.trainStroke, "rgb(88, 166, 255)")
            } else {
                XCTAssertEqual(rendered.background, "rgb(255, 255, 255)")
                XCTAssertEqual(rendered.trainStroke, "rgb(31, 111, 235)")
                XCTAssertEqual(rendered.validationStroke, "rgb(232, 89, 12)")
            }
        }
    }

    /// A screenshot of the report itself (no harness): the browser paints the page.
    func testScreenshotPaintsThePage() throws {
        let browser = try HeadlessChromium.required()
        let directory = try TemporaryDirectory()
        let scriptPath = try directory.write("experiment.reg", Self.script)
        XCTAssertEqual(try RegulaProcess.run(["run", scriptPath, "--report", directory.path("report.html")], timeout: 120).status, 0)
        _ = try browser.run(["--window-size=1200,1600", "--screenshot=" + directory.path("shot.png"), "file://" + directory.path("report.html")])
        let png = try Data(contentsOf: URL(fileURLWithPath: directory.path("shot.png")))
        XCTAssertEqual(Array(png.prefix(4)), [0x89, 0x50, 0x4E, 0x47])
        // IHDR: the page's width and height.
        let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = png[20..<24].reduce(0) { $0 << 8 | Int($1) }
        XCTAssertEqual(width, 1200)
        XCTAssertEqual(height, 1600)
        XCTAssertGreaterThan(png.count, 50_000, "a page full of figures, not a blank one")
    }

    private func decode(_ dom: String) throws -> Rendered {
        guard let start = dom.range(of: "<pre id=\"out\">"), let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex) else {
            throw XCTSkip("unreachable")
        }
        let json = String(dom[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        do {
            return try JSONDecoder().decode(Rendered.self, from: Data(json.utf8))
        } catch {
            XCTFail("the harness reported: \(json.prefix(2000))")
            throw error
        }
    }
}
