import Foundation
import XCTest

/// The outputs the README, the tutorial and the REPL guide show come from real runs, and stay true: each
/// ```text block marked `<!-- output: SOURCE -->` (see `ShownOutput`) is produced again
/// by the built `regula` and compared with what the document shows.
///
/// Re-record every marked block (the slow ones too) in one step, after a change that
/// moves digits (a new kernel, a new metric):
///
///     REGULA_RECORD=1 swift test --disable-swift-testing --filter DocumentedOutputTests
///
/// (`scripts/record-outputs.sh` does that and re-records the other snapshots too.)
///
/// `REGULA_DOCS_ALL=1` also runs the blocks marked `slow`; `REGULA_DOCS_EXACT=1` compares
/// byte for byte instead of allowing another CPU's last-digit differences.
final class DocumentedOutputTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let documents = ["README.md", "docs/tutorial.md", "docs/repl.md"]

    private var environment: [String: String] { ProcessInfo.processInfo.environment }
    private var recording: Bool { environment["REGULA_RECORD"] == "1" }

    func testEveryDocumentShowsOutputsOfRealRuns() throws {
        for document in Self.documents {
            let url = Self.root.appendingPathComponent(document)
            var text = try String(contentsOf: url, encoding: .utf8)
            let blocks = try ShownOutput.blocks(in: text, document: document)
            XCTAssertFalse(blocks.isEmpty, "\(document) marks no output blocks")
            var replacements: [(Range<String.Index>, String)] = []
            for block in blocks {
                if block.isSlow, !recording, environment["REGULA_DOCS_ALL"] != "1" { continue }
                // Without tmux (scripts/setup.sh installs it) the transcripts cannot be replayed.
                if block.source == .terminalSession, !TerminalSession.isAvailable { continue }
                let actual = try output(of: block)
                if recording {
                    replacements.append((block.bodyRange, actual))
                } else {
                    XCTAssertTrue(
                        ShownOutput.agree(block.body, actual, exact: environment["REGULA_DOCS_EXACT"] == "1"),
                        "\(document):\(block.line): the shown output differs from a real run; re-record with REGULA_RECORD=1 if the change is intended.\n--- shown\n\(block.body)--- now\n\(actual)")
                }
            }
            guard recording, !replacements.isEmpty else { continue }
            for (range, replacement) in replacements.reversed() { text.replaceSubrange(range, with: replacement) }
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    /// What the block's source prints now, in the block's form.
    private func output(of block: ShownOutput) throws -> String {
        switch block.source {
        case .example(let path):
            let result = try RegulaProcess.run(["run", path], directory: Self.root, timeout: 300)
            XCTAssertEqual(result.status, 0, "\(path): \(result.stderr)")
            return result.stdout
        case .code(let code):
            let result = try RegulaProcess.run(["run", "-"], input: code, directory: Self.root, timeout: 120)
            XCTAssertEqual(result.status, 0, "\(block.document):\(block.line): \(result.stderr)")
            return result.stdout
        case .terminalSession:
            return try replay(transcript: block.body)
        }
    }

    /// Types the transcript's entries (the text after each `regula> ` and `   ...> `
    /// prompt) into `regula` on a terminal, and returns the screen in the transcript's form.
    private func replay(transcript: String) throws -> String {
        let scratch = try TemporaryDirectory()
        let terminal = try TerminalSession(
            command: "cd \(Self.root.path) && \(RegulaProcess.binaryURL.path)",
            environment: ["REGULA_HISTORY": scratch.path("history"), "LANG": "C.UTF-8"])
        try terminal.waitForPrompt()
        let prompts = ["regula> ", "   ...> "]
        for line in transcript.split(separator: "\n") {
            guard let prompt = prompts.first(where: { line.hasPrefix($0) }) else { continue }
            try terminal.submit(String(line.dropFirst(prompt.count)), timeout: 120)
        }
        var lines = try terminal.screen().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "regula>" { lines.removeLast() }
        // A transcript that starts with the command (`$ regula`) shows the banner; one that
        // starts at a prompt does not.
        let first = transcript.split(separator: "\n").first.map(String.init) ?? ""
        let shown = first.hasPrefix("$ ") ? [first] + lines : Array(lines.dropFirst())
        return shown.joined(separator: "\n") + "\n"
    }

    // MARK: - The comparison itself

    func testNumbersMayMoveInTheirLastDigitsButWordsMayNot() {
        XCTAssertTrue(ShownOutput.agree("l1  0.2667  94.4%\n", "l1  0.2668  94.4%\n", exact: false))
        XCTAssertTrue(ShownOutput.agree("acc 95.3%\n", "acc 95.2%\n", exact: false))
        XCTAssertTrue(ShownOutput.agree("n  8516\n", "n  8524\n", exact: false), "0.1% of a large count")
        XCTAssertTrue(ShownOutput.agree("[ -0.0778, 0.00454)\n", "[-0.07781, 0.004532)\n", exact: false), "one more digit")
        XCTAssertTrue(ShownOutput.agree("x  -0.0115   2\n", "x   -0.0116  2\n", exact: false), "a column may widen")
        XCTAssertFalse(ShownOutput.agree("acc 95.3%\n", "acc 95.0%\n", exact: false))
        XCTAssertFalse(ShownOutput.agree("nonzero 10 9 7\n", "nonzero 10 9 8\n", exact: false), "small counts are exact")
        XCTAssertFalse(ShownOutput.agree("x 0.0115\n", "x -0.0115\n", exact: false), "a sign is not a rounding")
        XCTAssertFalse(ShownOutput.agree("val loss 0.3\n", "val mse 0.3\n", exact: false))
        XCTAssertFalse(ShownOutput.agree("1 layers\n", "1 layer\n", exact: false))
        XCTAssertFalse(ShownOutput.agree("0.2667\n", "0.2668\n", exact: true))
        // The wall time of a progress line is never compared.
        XCTAssertTrue(ShownOutput.agree(
            "epoch 30/30 [████] data 0.4697 · val 0.4325 acc 84.4% · 0.0s\n",
            "epoch 30/30 [████] data 0.4697 · val 0.4325 acc 84.4% · 1m02s\n", exact: true))
    }

    func testMarkersAreRead() throws {
        let text = """
            ```reg
            print(1)
            ```

            <!-- output: the code above -->
            ```text
            1
            ```
            <!-- output: examples/x.reg, slow -->
            ```text
            a
            b
            ```

            """
        let blocks = try ShownOutput.blocks(in: text, document: "t.md")
        XCTAssertEqual(blocks.map(\.source), [.code("print(1)\n"), .example(path: "examples/x.reg")])
        XCTAssertEqual(blocks.map(\.body), ["1\n", "a\nb\n"])
        XCTAssertEqual(blocks.map(\.isSlow), [false, true])
        XCTAssertEqual(blocks.map(\.line), [5, 9])
        XCTAssertThrowsError(try ShownOutput.blocks(in: "<!-- output: exampels/x.reg -->\n```text\n```\n", document: "t.md"))
    }
}
