import Foundation
import XCTest

/// The `regula` command end to end: subcommands, usage errors, exit codes, streams.
final class CommandLineTests: XCTestCase {
    private let usageError: Int32 = 2

    // MARK: - Version and help

    func testVersionPrintsTheVersionAndTheKernelPathOnStdout() throws {
        let result = try RegulaProcess.run(["--version"], environment: ["REGULA_KERNELS": nil])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdout.hasPrefix("regula 0.1.0 (kernels: "), result.stdout)
        XCTAssertEqual(result.stderr, "")
        let forced = try RegulaProcess.run(["--version"], environment: ["REGULA_KERNELS": "scalar"])
        XCTAssertEqual(forced.stdout, "regula 0.1.0 (kernels: scalar)\n")
    }

    func testAnUnknownOrUnavailableKernelPathIsAUsageErrorBeforeAnythingRuns() throws {
        let unknown = try RegulaProcess.run(["run", "-"], input: "print(1)\n", environment: ["REGULA_KERNELS": "avx9000"])
        XCTAssertEqual(unknown.status, usageError)
        XCTAssertEqual(unknown.stdout, "", "nothing ran")
        XCTAssertTrue(unknown.stderr.hasPrefix("error: REGULA_KERNELS=avx9000 is not a kernel path\nhint: this CPU has scalar"),
                      unknown.stderr)
        #if arch(x86_64)
        let unavailable = try RegulaProcess.run(["run", "-"], input: "print(1)\n", environment: ["REGULA_KERNELS": "neon"])
        XCTAssertEqual(unavailable.status, usageError)
        XCTAssertTrue(unavailable.stderr.hasPrefix("error: REGULA_KERNELS=neon: this CPU has no neon kernels\n"))
        #endif
    }

    func testHelpListsTheSubcommands() throws {
        let result = try RegulaProcess.run(["help"])
        XCTAssertEqual(result.status, 0)
        for word in ["USAGE: regula", "run", "check", "repl", "Exit status"] {
            XCTAssertTrue(result.stdout.contains(word), "help lacks \(word):\n\(result.stdout)")
        }
        let runHelp = try RegulaProcess.run(["help", "run"])
        XCTAssertEqual(runHelp.status, 0)
        for option in ["--param", "--seed", "--threads", "--quiet", "--no-color"] {
            XCTAssertTrue(runHelp.stdout.contains(option), "run help lacks \(option)")
        }
    }

    // MARK: - Usage errors: a short message and the usage on stderr, exit 2

    func testUnknownSubcommandSuggestsTheClosest() throws {
        let result = try RegulaProcess.run(["chek", "x.reg"])
        XCTAssertEqual(result.status, usageError)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.hasPrefix("error: unknown subcommand 'chek' — did you mean 'check'?\n"), result.stderr)
        XCTAssertTrue(result.stderr.contains("Usage: regula"), result.stderr)
    }

    func testHelpForAnUnknownSubcommandIsAUsageError() throws {
        let result = try RegulaProcess.run(["help", "chek"])
        XCTAssertEqual(result.status, usageError)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.hasPrefix("error: unknown subcommand 'chek' — did you mean 'check'?\n"), result.stderr)
        XCTAssertEqual(try RegulaProcess.run(["help", "check"]).status, 0)
    }

    func testAScriptPathWithoutRunIsAUsageError() throws {
        let result = try RegulaProcess.run(["experiment.reg"])
        XCTAssertEqual(result.status, usageError)
        XCTAssertTrue(result.stderr.contains("to run a script: regula run experiment.reg"), result.stderr)
    }

    func testUnknownOption() throws {
        let result = try RegulaProcess.run(["run", "x.reg", "--bogus"])
        XCTAssertEqual(result.status, usageError)
        XCTAssertTrue(result.stderr.hasPrefix("error: Unknown option '--bogus'"), result.stderr)
        XCTAssertTrue(result.stderr.contains("Usage: regula run <file>"), result.stderr)
    }

    func testMissingFileArgument() throws {
        let result = try RegulaProcess.run(["run"])
        XCTAssertEqual(result.status, usageError)
        XCTAssertTrue(result.stderr.contains("Missing expected argument '<file>'"), result.stderr)
    }

    func testParamWithoutEquals() throws {
        let result = try RegulaProcess.run(["run", "x.reg", "--param", "lam"])
        XCTAssertEqual(result.status, usageError)
        XCTAssertTrue(result.stderr.hasPrefix("error: --param expects name=value (got 'lam')\n"), result.stderr)
        XCTAssertTrue(result.stderr.contains("Usage: regula run"), result.stderr)
    }

    func testParamWithEmptyName() throws {
        let result = try RegulaProcess.run(["run", "x.reg", "--param", "=3"])
        XCTAssertEqual(result.status, usageError)
    }

    func testThreadsMustBePositive() throws {
        // A huge count used to abort or hang creating the threads.
        for value in ["0", "-2", "1025", "9223372036854775807"] {
            let result = try RegulaProcess.run(["run", "x.reg", "--threads", value])
            XCTAssertEqual(result.status, usageError, value)
            XCTAssertTrue(result.stderr.contains("--threads must be between 1 and 1024"), result.stderr)
        }
        let notANumber = try RegulaProcess.run(["run", "x.reg", "--threads", "many"])
        XCTAssertEqual(notANumber.status, usageError)
    }

    func testSeedMustBeANonNegativeInteger() throws {
        for value in ["-1", "1.5", "abc"] {
            let result = try RegulaProcess.run(["run", "x.reg", "--seed", value])
            XCTAssertEqual(result.status, usageError, value)
            XCTAssertTrue(result.stderr.contains("The value '\(value)' is invalid for '--seed <n>'"), result.stderr)
        }
    }

    func testCheckNeedsAFile() throws {
        let result = try RegulaProcess.run(["check"])
        XCTAssertEqual(result.status, usageError)
    }

    // MARK: - Files

    func testMissingScriptIsAFailureNotAUsageError() throws {
        let result = try RegulaProcess.run(["run", "no-such-script.reg"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(result.stderr, "error: cannot read 'no-such-script.reg': No such file or directory\n")
    }

    func testADirectoryIsNotAScript() throws {
        let directory = try TemporaryDirectory()
        let result = try RegulaProcess.run(["run", directory.url.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("Is a directory"), result.stderr)
    }

    func testADeviceThatNeverEndsIsNotReadForever() throws {
        // /dev/zero used to be read until memory ran out; `check` and `:load` read the same way.
        for command in ["run", "check"] {
            let result = try RegulaProcess.run([command, "/dev/zero"])
            XCTAssertEqual(result.status, 1)
            XCTAssertTrue(
                result.stderr.hasPrefix("error: cannot read '/dev/zero': a script is at most 16 MB of text"), result.stderr)
        }
    }

    func testAScriptThatIsNotUTF8IsRefusedWithWhere() throws {
        // A Latin-1 "é" (0xE9) in a string used to run, printing U+FFFD.
        let directory = try TemporaryDirectory()
        let path = directory.path("latin1.reg")
        XCTAssertTrue(FileManager.default.createFile(
            atPath: path, contents: Data(Array("print(1)\nprint(\"caf".utf8) + [0xE9] + Array("\")\n".utf8))))
        for command in ["run", "check"] {
            let result = try RegulaProcess.run([command, path])
            XCTAssertEqual(result.status, 1)
            XCTAssertEqual(result.stdout, "")
            XCTAssertTrue(result.stderr.contains(
                "it is not UTF-8 text (byte 0xE9 at line 2, column 11); scripts are UTF-8"), result.stderr)
        }
    }

    // MARK: - Running scripts (need the interpreter)

    func testRunPrintsResultsOnStdout() throws {
        let directory = try TemporaryDirectory()
        let script = try directory.write("hello.reg", """
            let x = 1 + 2
            print("x is {x}")
            print(x * 2, "and", 0.5)

            """)
        let result = try RegulaProcess.run(["run", script])
        XCTAssertEqual(result.stderr, "")
        XCTAssertEqual(result.stdout, "x is 3\n6 and 0.5\n")
        XCTAssertEqual(result.status, 0)
    }

    func testRunDashReadsStandardInput() throws {
        let result = try RegulaProcess.run(["run", "-"], input: "print(6 * 7)\n")
        XCTAssertEqual(result.stdout, "42\n")
        XCTAssertEqual(result.status, 0)
    }

    func testBareRegulaWithPipedInputRunsTheScript() throws {
        let result = try RegulaProcess.run([], input: "print(2 ** 10)\n")
        XCTAssertEqual(result.stdout, "1024\n")
        XCTAssertEqual(result.status, 0)
    }

    func testSyntaxErrorIsRenderedOnStderrAndExits1() throws {
        let directory = try TemporaryDirectory()
        let script = try directory.write("bad.reg", "print(1)\nlet = 3\n")
        let result = try RegulaProcess.run(["run", script])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, "", "a script with a syntax error does not run at all")
        XCTAssertTrue(result.stderr.contains("bad.reg:2:"), result.stderr)
        XCTAssertTrue(result.stderr.contains("error"), result.stderr)
        XCTAssertTrue(result.stderr.contains("let = 3"), "the source line is shown:\n\(result.stderr)")
        XCTAssertFalse(result.stderr.contains("\u{1B}"), "no escape codes when stderr is not a terminal")
    }

    func testFailedAssertExits1AfterEarlierOutput() throws {
        let directory = try TemporaryDirectory()
        let script = try directory.write("assert.reg", "print(\"before\")\nassert(1 > 2, \"one is not more than two\")\nprint(\"after\")\n")
        let result = try RegulaProcess.run(["run", script])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, "before\n")
        XCTAssertTrue(result.stderr.contains("one is not more than two"), result.stderr)
        XCTAssertTrue(result.stderr.contains("assert.reg:2:"), result.stderr)
    }

    func testNoColorEnvironmentVariableAndPipesGiveNoEscapeCodes() throws {
        let directory = try TemporaryDirectory()
        let script = try directory.write("bad.reg", "print(undefined_name)\n")
        for environment: [String: String?] in [["NO_COLOR": "1"], [:]] {
            let result = try RegulaProcess.run(["run", "--no-color", script], environment: environment)
            XCTAssertEqual(result.status, 1)
            XCTAssertTrue(result.stderr.contains("undefined_name"), result.stderr)
            XCTAssertFalse(result.stderr.contains("\u{1B}"), result.stderr)
        }
    }

    // MARK: - Parameters (need the interpreter)

    func testParamOverridesTheScriptsDefault() throws {
        let directory = try TemporaryDirectory()
        let script = try directory.write("param.reg", "param lam = 1e-3\nparam name = \"a\"\nprint(lam, name)\n")
        let defaults = try RegulaProcess.run(["run", script])
        XCTAssertEqual(defaults.stdout, "0.001 a\n")
        let overridden = try RegulaProcess.run(["run", script, "--param", "lam=0.5", "--param", "name=\"b\""])
        XCTAssertEqual(overridden.stderr, "")
        XCTAssertEqual(overridden.stdout, "0.5 b\n")
        XCTAssertEqual(overridden.status, 0)
    }

    func testUnknownParamIsAUsageError() throws {
        let directory = try TemporaryDirectory()
        let script = try directory.write("param.reg", "param lam = 1e-3\nprint(lam)\n")
        let result = try RegulaProcess.run(["run", script, "--param", "lamb=0.1"])
        XCTAssertEqual(result.status, usageError)
        XCTAssertEqual(result.stdout, "", "the script does not run")
        XCTAssertTrue(result.stderr.hasPrefix("error: "), result.stderr)
        XCTAssertTrue(result.stderr.contains("lamb"), result.stderr)
        XCTAssertTrue(result.stderr.contains("Usage: regula run"), result.stderr)
    }

    /// docs/cli.md promises a did-you-mean: for a typo (`lamb`), and for a name that
    /// extends or shortens a declared one (`lamda`, `lambda` → `lam`; `ep` → `epochs`).
    func testUnknownParamSuggestsTheDeclaredOne() throws {
        let directory = try TemporaryDirectory()
        let script = try directory.write("param.reg", "param lam = 1e-3\nparam epochs = 5\nprint(lam)\n")
        for (given, meant) in [("lamb", "lam"), ("lamda", "lam"), ("lambda", "lam"), ("ep", "epochs")] {
            let result = try RegulaProcess.run(["run", script, "--param", "\(given)=1e-2"])
            XCTAssertEqual(result.status, usageError)
            XCTAssertTrue(result.stderr.hasPrefix(
                "error: unknown parameter '\(given)': the script declares no 'param \(given)' (did you mean '\(meant)'?)\n"),
                result.stderr)
        }
        let unrelated = try RegulaProcess.run(["run", script, "--param", "zzz=1"])
        XCTAssertTrue(unrelated.stderr.contains("(the script's params are lam, epochs)"), unrelated.stderr)
    }

    /// A param may have a Unicode name; `--param` finds it typed in either normal form.
    func testParamNamesMayBeUnicode() throws {
        let directory = try TemporaryDirectory()
        let script = try directory.write("param.reg", "param λ = 1e-3\nparam caf\u{E9} = 2\nprint(λ, caf\u{E9})\n")
        let result = try RegulaProcess.run(["run", script, "--param", "λ=0.5", "--param", "cafe\u{301}=3"])
        XCTAssertEqual(result, ProcessResult(status: 0, stdout: "0.5 3\n", stderr: ""))
    }

    func testUnparsableParamValueIsAUsageError() throws {
        let directory = try TemporaryDirectory()
        let script = try directory.write("param.reg", "param lam = 1e-3\nprint(lam)\n")
        let result = try RegulaProcess.run(["run", script, "--param", "lam=(1 +"])
        XCTAssertEqual(result.status, usageError)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("Usage: regula run"), result.stderr)
    }

    // MARK: - check

    func testCheckReportsEveryErrorOfEveryFile() throws {
        let directory = try TemporaryDirectory()
        let good = try directory.write("good.reg", "let x = 1\nprint(x)\n")
        let bad = try directory.write("bad.reg", "let = 1\nprint(2)\nlet y = )\n")
        let unresolved = try directory.write("names.reg", "let a = 1\nprint(b)\n")
        let result = try RegulaProcess.run(["check", good, bad, unresolved, "missing.reg"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, "", "check never runs the script")
        for location in ["bad.reg:1:", "bad.reg:3:", "names.reg:2:"] {
            XCTAssertTrue(result.stderr.contains(location), "no error at \(location):\n\(result.stderr)")
        }
        XCTAssertFalse(result.stderr.contains("good.reg"), result.stderr)
        XCTAssertTrue(result.stderr.contains("error: cannot read 'missing.reg'"), result.stderr)
        XCTAssertTrue(result.stderr.hasSuffix("in 3 of 4 files\n"), result.stderr)
    }

    func testCheckOfAGoodFileIsSilent() throws {
        let directory = try TemporaryDirectory()
        let good = try directory.write("good.reg", "fn twice(v) { return v * 2 }\nprint(twice(4))\n")
        let result = try RegulaProcess.run(["check", good])
        XCTAssertEqual(result, ProcessResult(status: 0, stdout: "", stderr: ""))
    }

    // MARK: - Interrupts (need the interpreter)

    func testCtrlCDuringABusyLoopExits130() throws {
        let running = try RegulaProcess.start(["run", "-"], input: """
            print("started")
            var i = 0
            while true { i = i + 1 }

            """)
        XCTAssertTrue(running.waitForOutput("started"), running.stderrSoFar)
        running.interrupt()
        // If the loop does not look at the token, a second Ctrl-C ends the process.
        usleep(300_000)
        if running.isRunning { running.interrupt() }
        let result = try running.finish(timeout: 10)
        XCTAssertEqual(result.status, 130)
    }
}


/// docs/cli.md's synopsis names every subcommand with every option its `--help` lists.
final class CommandSynopsisTests: XCTestCase {
    func testTheSynopsisInCliMdListsEverySubcommandAndOption() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/cli.md"), encoding: .utf8)
        let synopsis = try XCTUnwrap(text.components(separatedBy: "```text\n").dropFirst().first?.components(separatedBy: "```").first)
        let lines = synopsis.split(separator: "\n").map(String.init)
        for subcommand in ["run", "check", "verify", "repl"] {
            let help = try RegulaProcess.run(["help", subcommand])
            let usage = try XCTUnwrap(help.stdout.split(separator: "\n").first { $0.hasPrefix("USAGE: ") }, help.stdout)
            let options = usage.split(separator: " ").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "[]")) }
                .filter { $0.hasPrefix("--") }
            let line = lines.first { $0.hasPrefix("regula \(subcommand) ") }
            XCTAssertNotNil(line, "docs/cli.md's synopsis has no line for 'regula \(subcommand)'")
            for option in options {
                XCTAssertTrue(line?.contains("[\(option)") == true, "docs/cli.md's synopsis of '\(subcommand)' lacks \(option)")
            }
        }
    }
}
