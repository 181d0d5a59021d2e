import Foundation
import RegulaInterpreter
import XCTest

/// Imports are read and parsed once per run and shared by the `param` scan, the checker
/// and `import` itself: what was checked is what runs, even when the file changes on disk
/// in between; the next run (or REPL entry) reads it again.
final class ImportLoadingTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("regula-imports-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    private func write(_ text: String, to name: String) throws {
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    /// Runs main.reg, whose `rewrite()` replaces lib.reg's text with `replacement` (nil
    /// deletes it): whether it succeeded, its output and its diagnostics' messages.
    private func run(_ source: String, rewritingTo replacement: String?, params: [String: String] = [:])
        -> (succeeded: Bool, output: String, messages: [String], interpreter: Interpreter) {
        let interpreter = Interpreter(options: InterpreterOptions(params: params))
        var output = "", messages: [String] = []
        interpreter.onOutput = { output += $0 }
        interpreter.onDiagnostic = { messages.append($0.message) }
        let lib = directory.appendingPathComponent("lib.reg")
        interpreter.defineHostFunction("rewrite") { _ in
            if let replacement { try? replacement.write(to: lib, atomically: true, encoding: .utf8) }
            else { try? FileManager.default.removeItem(at: lib) }
            return .none
        }
        let succeeded = interpreter.run(source: source, name: directory.appendingPathComponent("main.reg").path)
        return (succeeded, output, messages, interpreter)
    }

    func testTheImportThatRunsIsTheOneChecked() throws {
        try write("let x = 1\n", to: "lib.reg")
        let run = run("rewrite()\nimport \"lib.reg\"\nprint(x)", rewritingTo: "let x = 2\n")
        XCTAssertTrue(run.succeeded)
        XCTAssertEqual(run.messages, [])
        XCTAssertEqual(run.output, "1\n", "the import ran a different text from the one checked")
        XCTAssertEqual(run.interpreter.loadedSources.last?.text, "let x = 1\n", "the run record would copy a text that did not run")
    }

    func testAnImportDeletedAfterTheCheckStillRunsAsChecked() throws {
        try write("let x = 1\n", to: "lib.reg")
        let run = run("rewrite()\nimport \"lib.reg\"\nprint(x)", rewritingTo: nil)
        XCTAssertEqual(run.messages, [])
        XCTAssertEqual(run.output, "1\n")
    }

    func testTheParamScanSeesTheTextThatRuns() throws {
        try write("param lam = 0.1\n", to: "lib.reg")
        let run = run("rewrite()\nimport \"lib.reg\"\nprint(lam)", rewritingTo: "param other = 0.1\nlet lam = 7\n",
                      params: ["lam": "0.5"])
        XCTAssertEqual(run.messages, [])
        XCTAssertEqual(run.output, "0.5\n")
    }

    func testAFixedImportIsReadAgainByTheNextEntry() throws {
        try write("let x = (\n", to: "lib.reg")
        var messages: [String] = []
        let interpreter = Interpreter(options: InterpreterOptions())
        interpreter.onDiagnostic = { messages.append($0.message) }
        let lib = directory.appendingPathComponent("lib.reg").path
        XCTAssertEqual(interpreter.evaluateInteractive("import \"\(lib)\""), .failed)
        XCTAssertFalse(messages.isEmpty)
        try write("let x = 3\n", to: "lib.reg")
        messages = []
        XCTAssertEqual(interpreter.evaluateInteractive("import \"\(lib)\""), .completed(echo: nil))
        XCTAssertEqual(messages, [])
        XCTAssertEqual(interpreter.global(named: "x"), .number(3))
    }
}
