#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import RegulaInterpreter

/// `regula`: the root command. Bare `regula` opens the REPL when standard input is a
/// terminal and otherwise runs the script it reads from standard input (`regula run -`).
struct RegulaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regula",
        abstract: "Run Regula scripts: regularization experiments (L1, L2, elastic net).",
        discussion: """
            With no subcommand, regula opens the REPL when standard input is a terminal, \
            and otherwise runs the script read from standard input (like `regula run -`).

            Exit status: 0 success, 1 the script failed (syntax or runtime error, failed \
            assert, check errors), 2 bad command-line usage, 130 interrupted by Ctrl-C.
            """,
        version: "regula \(RegulaVersion.current) (kernels: \(Interpreter.kernelPath))",
        subcommands: [RunCommand.self, CheckCommand.self, ReplCommand.self, VerifyCommand.self])

    func run() throws {
        // The defaults, as if no option were given (bare `regula` takes none).
        let script = try ScriptOptions.parse([])
        let display = try DisplayOptions.parse([])
        let params = try ParamOptions.parse([])
        if isatty(0) == 1 {
            throw ExitCode(ReplLauncher(script: script, display: display).start())
        }
        throw ExitCode(ScriptRunner(script: script, params: params, display: display).run(path: "-"))
    }
}

/// `regula run FILE`.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a script.",
        discussion: "Results go to standard output; diagnostics and training progress to standard error.")

    @Argument(help: ArgumentHelp("The script to run (`-` reads standard input).", valueName: "file"))
    var file: String

    @OptionGroup var params: ParamOptions
    @OptionGroup var script: ScriptOptions
    @OptionGroup var display: DisplayOptions
    @OptionGroup var recording: RecordOptions
    @OptionGroup var reporting: ReportOptions

    func validate() throws {
        try reporting.validate(script: file)
    }

    func run() throws {
        throw ExitCode(ScriptRunner(script: script, params: params, display: display, recordPath: recording.record,
                                    reportPath: reporting.report).run(path: file))
    }
}

/// `regula check FILE...`.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Parse scripts and resolve their names without running them.",
        discussion: "Reports every error of every file; exits 1 if there is any.")

    @Argument(help: ArgumentHelp("The scripts to check (`-` reads standard input).", valueName: "file"))
    var files: [String]

    @Flag(name: .customLong("no-color"), help: "Never colour diagnostics (also: the NO_COLOR environment variable).")
    var noColor = false

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("check expects at least one file") }
    }

    func run() throws {
        throw ExitCode(ScriptChecker(console: Console(noColor: noColor)).check(paths: files))
    }
}

/// `regula repl`.
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Start the interactive REPL.",
        discussion: """
            On a terminal: line editing, history ($REGULA_HISTORY or ~/.regula_history), \
            Tab completion; type :help for commands. When standard input is not a terminal, \
            statements are read plainly and values are echoed, with no prompts.
            """)

    @OptionGroup var script: ScriptOptions
    @OptionGroup var display: DisplayOptions

    func run() throws {
        throw ExitCode(ReplLauncher(script: script, display: display).start())
    }
}
