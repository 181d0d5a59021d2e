import Foundation
import XCTest

/// The REPL with standard input not a terminal: statements read plainly, values echoed,
/// no prompts and no escape codes.
final class ReplPipeTests: XCTestCase {
    private func repl(_ input: String, directory: URL? = nil) throws -> ProcessResult {
        try RegulaProcess.run(["repl"], input: input, directory: directory)
    }

    func testAnExpressionIsEchoed() throws {
        let result = try repl("1+2\n")
        XCTAssertEqual(result.stdout, "3\n")
        XCTAssertEqual(result.stderr, "")
        XCTAssertEqual(result.status, 0)
    }

    func testStatementsAreSilentAndStateIsKept() throws {
        let result = try repl("let x = 4\nvar y = x * 2\ny = y + 1\ny\n")
        XCTAssertEqual(result.stdout, "9\n")
        XCTAssertEqual(result.status, 0)
    }

    func testAnEntryContinuesWhileABracketIsOpen() throws {
        let result = try repl("fn add(a,\n       b) {\n  return a + b\n}\nadd(2, 3)\n[1,\n 2]\n")
        XCTAssertEqual(result.stdout, "5\n[1, 2]\n")
        XCTAssertEqual(result.stderr, "")
    }

    func testAnErrorIsReportedAndTheSessionGoesOn() throws {
        let result = try repl("let kept = 5\nprint(nowhere)\nkept + 1\n")
        XCTAssertEqual(result.stdout, "6\n")
        XCTAssertTrue(result.stderr.contains("nowhere"), result.stderr)
        XCTAssertFalse(result.stderr.contains("\u{1B}"), result.stderr)
        XCTAssertEqual(result.status, 1, "a piped session that had an error exits 1")
    }

    func testUnfinishedInputAtTheEndIsAnError() throws {
        let result = try repl("1 + 1\n(2 +\n")
        XCTAssertEqual(result.stdout, "2\n")
        XCTAssertEqual(result.status, 1)
        XCTAssertFalse(result.stderr.isEmpty)
    }

    /// A syntax error inside an open block is reported once, without "unexpected end of
    /// input"; the block's other lines are dropped, not run one by one at top level.
    func testASyntaxErrorInsideABlockDropsTheRestOfTheBlock() throws {
        let result = try repl("fn bad(v) {\n  let w = v +* 2\n  print(\"ran\")\n  return w\n}\n\"after\"\nfor i in [1 {\n")
        XCTAssertEqual(result.stdout, "\"after\"\n")
        XCTAssertEqual(result.stderr.components(separatedBy: "error:").count - 1, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("<repl>:2:14: error: expected an expression, found '*'"), result.stderr)
        XCTAssertFalse(result.stderr.contains("end of input"), result.stderr)
        XCTAssertEqual(result.status, 1)
    }

    func testACommandMayHaveSpacesAfterTheColon() throws {
        let result = try repl(": vars  \n")
        XCTAssertEqual(result, ProcessResult(status: 0, stdout: "(no variables)\n", stderr: ""))
    }

    func testVarsListsNamesTypesAndValues() throws {
        let result = try repl("let alpha = 0.5\nlet label = \"hi\"\n:vars\n")
        XCTAssertTrue(result.stdout.contains("alpha"), result.stdout)
        XCTAssertTrue(result.stdout.contains("number"), result.stdout)
        XCTAssertTrue(result.stdout.contains("0.5"), result.stdout)
        XCTAssertTrue(result.stdout.contains("label"), result.stdout)
    }

    /// Counts agree with their nouns: `1 layer`, `2 layers`.
    func testVarsCountsLayersInTheSingularAndPlural() throws {
        let result = try repl("model one(inputs: 4) { dense(1) }\nmodel two { dense(8)\n dense(1) }\n:vars\n")
        XCTAssertEqual(result.stdout, """
            one  model  model one (1 layer, 5 parameters)
            two  model  model two (2 layers, ? parameters)

            """)
    }

    /// Names in any script line up by terminal cells: `学习率` is 6 wide, decomposed `café` 4.
    func testVarsAlignsUnicodeNames() throws {
        let result = try repl("let 学习率 = 0.1\nlet cafe\u{301} = 2\nlet x = 3\n:vars\n")
        XCTAssertEqual(result.stdout, """
            学习率  number  0.1
            caf\u{E9}    number  2
            x       number  3

            """)
    }

    func testResetForgetsEverything() throws {
        let result = try repl("let gone = 1\n:reset\n:vars\n")
        XCTAssertEqual(result.stdout, "session reset\n(no variables)\n")
    }

    func testLoadRunsAFileIntoTheSession() throws {
        let directory = try TemporaryDirectory()
        try directory.write("lib.reg", "fn triple(v) { return 3 * v }\nprint(\"loaded\")\n")
        let result = try repl(":load lib.reg\ntriple(5)\n:load missing.reg\n", directory: directory.url)
        XCTAssertEqual(result.stdout, "loaded\n15\n")
        XCTAssertEqual(result.stderr, "error: cannot read 'missing.reg': No such file or directory\n")
    }

    func testTimePrintsTheValueAndTheWallTime() throws {
        let result = try repl(":time 2 * 21\n")
        let lines = result.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "42")
        XCTAssertTrue(lines.last?.hasPrefix("time: ") == true, result.stdout)
    }

    func testCtrlCEndsAPipedSessionWith130() throws {
        let running = try RegulaProcess.start(["repl"], input: "print(\"started\")\nwhile true {}\nprint(\"not reached\")\n")
        XCTAssertTrue(running.waitForOutput("started"), running.stderrSoFar)
        usleep(100_000)
        running.interrupt()
        let result = try running.finish(timeout: 10)
        XCTAssertEqual(result.status, 130)
        XCTAssertEqual(result.stdout, "started\n")
        XCTAssertEqual(result.stderr, "interrupted\n")
    }

    // MARK: - Commands that need no interpreter

    func testHelpListsTheCommands() throws {
        let result = try repl(":help\n")
        for command in [":help", ":load", ":vars", ":reset", ":time", ":quit", "Ctrl-C", "Tab"] {
            XCTAssertTrue(result.stdout.contains(command), "help lacks \(command)")
        }
        XCTAssertEqual(result.status, 0)
    }

    /// `:help NAME`: the table's signature and summary (an activation documents its call);
    /// for a name that is no builtin, what it is instead, or a did-you-mean.
    func testHelpOnABuiltin() throws {
        let result = try repl(":help round\n:h l2\n:help rond\n:help relu\n:help pi\nlet mine = 1\n:help mine\n")
        XCTAssertEqual(result.stdout, """
            round(x, digits: 0)
                x rounded half away from zero
            l2(lam)
                l2(λ): λ·Σw²
            relu(x)
                the activation elementwise on a number or a tensor

            """)
        XCTAssertEqual(result.stderr, """
            error: 'rond' is not a builtin — did you mean 'round'?
            error: 'pi' is not a builtin function but a keyword or a constant (docs/builtins.md and docs/language.md describe it)
            error: 'mine' is not a builtin (it is a number defined in this session)

            """)
        XCTAssertEqual(result.status, 1)
    }

    func testUnknownCommandGetsADidYouMean() throws {
        let result = try repl(":lod x.reg\n:vras\n:frobnicate\n")
        XCTAssertEqual(result.stderr, """
            error: unknown command ':lod' — did you mean ':load'?
            error: unknown command ':vras' — did you mean ':vars'?
            error: unknown command ':frobnicate' (type :help for the list)

            """)
        XCTAssertEqual(result.status, 1)
    }

    func testQuitStopsReading() throws {
        let result = try repl(":quit\n:help\n")
        XCTAssertEqual(result, ProcessResult(status: 0, stdout: "", stderr: ""))
    }

    func testNoPromptsOrEscapeCodes() throws {
        let result = try repl(":help\n:vars\n")
        XCTAssertFalse(result.stdout.contains("regula>"))
        XCTAssertFalse(result.stdout.contains("\u{1B}"))
        XCTAssertFalse(result.stderr.contains("\u{1B}"))
    }
}
