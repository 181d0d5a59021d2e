import Foundation
import XCTest

/// `plot` on the command line and in the REPL, `--report` and `:report` beyond what the
/// browser sees: widths, colour, errors, and that recording a report changes no number.
final class PlotCommandTests: XCTestCase {
    static let training = """
        seed 7
        let data = synthetic_classification(n: 90, features: 5, informative: 2, classes: 3) |> split(train: 0.7, val: 0.3)
        model m {
          dense(8, activation: relu)
          dense(3)
        }
        optimizer adam(lr: 0.01)
        for p in [none, l2(0.01)] {
          reset(m)
          let r = train(m, data.train, penalty: p, epochs: 25, batch: 8, validate: data.val)
          print("{p}: {r.train_loss} {r.val_loss} {norm(weights(m), 2)}")
          plot(r)
        }
        """

    func testRecordingAReportChangesNoNumber() throws {
        let directory = try TemporaryDirectory()
        let script = try directory.write("train.reg", Self.training)
        let plain = try RegulaProcess.run(["run", script], timeout: 120)
        let reported = try RegulaProcess.run(["run", script, "--report", directory.path("r.html")], timeout: 120)
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertEqual(reported.status, 0, reported.stderr)
        XCTAssertEqual(plain.stdout, reported.stdout, "the same digits, the same plots")
        XCTAssertTrue(plain.stdout.contains("training data loss"))
        let html = try String(contentsOfFile: directory.path("r.html"), encoding: .utf8)
        XCTAssertEqual(html.components(separatedBy: "<figure class=\"panel\" id=\"run-").count - 1, 2)
        XCTAssertTrue(html.contains("<td>l2(0.01)</td>"), "the runs table names the penalty")
    }

    func testPlotIsAsWideAsColumnsAndPlainInAPipe() throws {
        let directory = try TemporaryDirectory()
        let script = try directory.write("p.reg", "plot([3, 1, 4, 1, 5, 9, 2, 6], title: \"digits of pi\")\n")
        for columns in [40, 100] {
            let result = try RegulaProcess.run(["run", script], environment: ["COLUMNS": String(columns)])
            XCTAssertEqual(result.status, 0, result.stderr)
            let widths = result.stdout.split(separator: "\n").map(\.count)
            XCTAssertEqual(widths.max(), columns, result.stdout)
            XCTAssertFalse(result.stdout.contains("\u{1B}"), "no colour into a pipe")
            XCTAssertTrue(result.stdout.hasPrefix("digits of pi\nvalue\n"), result.stdout)
        }
        let piped = try RegulaProcess.run(["run", script], environment: ["COLUMNS": nil])
        XCTAssertEqual(piped.stdout.split(separator: "\n").map(\.count).max(), 80, "80 columns when not a terminal")
    }

    func testPlotAndReportInThePipedRepl() throws {
        let directory = try TemporaryDirectory()
        let input = "plot([1, 2, 3])\nlet h = histogram(tensor([1, 2, 2, 3]), bins: 3)\nplot(h)\n:report \(directory.path("s.html"))\n"
        let result = try RegulaProcess.run(["repl"], input: input, environment: ["COLUMNS": "60"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("┤"), result.stdout)
        XCTAssertTrue(result.stdout.contains("report written to \(directory.path("s.html")) ("), result.stdout)
        XCTAssertTrue(result.stdout.contains("0 runs, 2 figures)"), "the histogram once, though made and plotted: \(result.stdout)")
        let html = try String(contentsOfFile: directory.path("s.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("<h2>Session</h2>"))
        XCTAssertTrue(html.contains("regula&gt; plot([1, 2, 3])"))
        XCTAssertTrue(html.contains("histogram(tensor([1, 2, 2, 3]), bins: 3)"))
    }

    /// A recorded run draws 80 columns without colour, whatever the terminal: `verify`
    /// then reproduces its output in another width.
    func testARecordedRunPlotsAtEightyColumnsAndVerifies() throws {
        let directory = try TemporaryDirectory()
        let script = try directory.write("p.reg", "plot([3, 1, 4, 1, 5])\n")
        let recorded = try RegulaProcess.run(["run", script, "--record", directory.path("r.json")], environment: ["COLUMNS": "120"])
        XCTAssertEqual(recorded.status, 0, recorded.stderr)
        XCTAssertEqual(recorded.stdout.split(separator: "\n").map(\.count).max(), 80)
        let verified = try RegulaProcess.run(["verify", directory.path("r.json")], environment: ["COLUMNS": "50"])
        XCTAssertEqual(verified.status, 0, verified.stdout + verified.stderr)
    }

    func testReportErrors() throws {
        let directory = try TemporaryDirectory()
        let script = try directory.write("p.reg", "print(1)\n")
        // A report that cannot be written is refused before the script runs (a long
        // training would otherwise be lost at the end).
        let unwritable = try RegulaProcess.run(["run", script, "--report", directory.path("missing/dir/r.html")])
        XCTAssertEqual(unwritable.status, 2)
        XCTAssertEqual(unwritable.stdout, "", "the script did not run")
        XCTAssertTrue(unwritable.stderr.contains("missing/dir does not exist"), unwritable.stderr)
        let toDirectory = try RegulaProcess.run(["run", script, "--report", directory.url.path])
        XCTAssertEqual(toDirectory.status, 2)
        XCTAssertEqual(toDirectory.stdout, "")
        XCTAssertTrue(toDirectory.stderr.contains("is a directory; name a file in it"), toDirectory.stderr)
        let empty = try RegulaProcess.run(["run", script, "--report", ""])
        XCTAssertEqual(empty.status, 2)
        XCTAssertTrue(empty.stderr.contains("--report expects a file name"), empty.stderr)
        let overwrite = try RegulaProcess.run(["run", script, "--report", script])
        XCTAssertEqual(overwrite.status, 2)
        XCTAssertTrue(overwrite.stderr.contains("would overwrite the script"), overwrite.stderr)
        XCTAssertEqual(try String(contentsOfFile: script, encoding: .utf8), "print(1)\n", "the script is untouched")
        let other = try directory.write("other.reg", "print(3)\n")
        let overOther = try RegulaProcess.run(["run", script, "--report", other])
        XCTAssertEqual(overOther.status, 2)
        XCTAssertTrue(overOther.stderr.contains("would overwrite a script"), overOther.stderr)
        XCTAssertEqual(try String(contentsOfFile: other, encoding: .utf8), "print(3)\n", "another script is untouched")
        // Nor does :report replace a script: one the session loaded, or any `.reg` file.
        let loaded = try directory.write("keep.txt", "print(2)\n")
        let overScript = try RegulaProcess.run(["repl"], input: ":load \(loaded)\n:report \(loaded)\n:report \(script)\n")
        XCTAssertEqual(overScript.status, 1)
        XCTAssertEqual(overScript.stderr.components(separatedBy: "would overwrite a script").count - 1, 2, overScript.stderr)
        XCTAssertEqual(try String(contentsOfFile: loaded, encoding: .utf8), "print(2)\n", "the loaded script is untouched")
        XCTAssertEqual(try String(contentsOfFile: script, encoding: .utf8), "print(1)\n", "the .reg file is untouched")
        let repl = try RegulaProcess.run(["repl"], input: ":report\n")
        XCTAssertEqual(repl.status, 1)
        XCTAssertTrue(repl.stderr.contains(":report needs a file name"), repl.stderr)
    }

    func testAFailingScriptStillGetsItsReport() throws {
        let directory = try TemporaryDirectory()
        let script = try directory.write("bad.reg", "print(\"before\")\nprint(1 / 0)\n")
        let result = try RegulaProcess.run(["run", script, "--report", directory.path("r.html")])
        XCTAssertEqual(result.status, 1)
        let html = try String(contentsOfFile: directory.path("r.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("<dd>failed</dd>"))
        XCTAssertTrue(html.contains("division by zero"), "the error is in the output")
    }
}
