import Foundation
import XCTest

/// What `regula run` shows around training when stderr is not a terminal, and Ctrl-C.
/// (The in-place progress line on a terminal is checked in `ReplTerminalTests`.)
final class TrainingOutputTests: XCTestCase {
    func testNoProgressLinesOrEscapeCodesWhenStderrIsNotATerminal() throws {
        let directory = try TemporaryDirectory()
        let script = try directory.write("train.reg", Scripts.training(epochs: 3))
        for extra in [[], ["--quiet"]] {
            let result = try RegulaProcess.run(["run", script] + extra)
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(result.stdout, "started\nepochs run: 3\n")
            XCTAssertFalse(result.stderr.contains("epoch"), result.stderr)
            XCTAssertFalse(result.stderr.contains("\u{1B}"), result.stderr)
            XCTAssertFalse(result.stderr.contains("\r"), result.stderr)
        }
    }

    func testCtrlCStopsTrainingAndExits130() throws {
        let directory = try TemporaryDirectory()
        let script = try directory.write("long.reg", Scripts.training(epochs: 1_000_000))
        let running = try RegulaProcess.start(["run", script])
        XCTAssertTrue(running.waitForOutput("started"), running.stderrSoFar)
        usleep(200_000)  // into the training loop
        running.interrupt()
        let result = try running.finish(timeout: 10)
        XCTAssertEqual(result.status, 130)
        XCTAssertTrue(result.stderr.contains("interrupted"), result.stderr)
    }

    func testThreadsAndSeedAreAccepted() throws {
        let directory = try TemporaryDirectory()
        let script = try directory.write("train.reg", Scripts.training(epochs: 2))
        let result = try RegulaProcess.run(["run", script, "--threads", "2", "--seed", "7", "--quiet"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "started\nepochs run: 2\n")
    }
}
