import ArgumentParser
import RegulaInterpreter

/// `--param name=value` (for `run`: the REPL has no script whose params it could set).
struct ParamOptions: ParsableArguments {
    @Option(
        name: .customLong("param"),
        help: ArgumentHelp(
            "Override the script's `param NAME = ...`; the value is a Regula literal (repeatable).",
            valueName: "name=value"))
    var params: [String] = []

    func validate() throws {
        for pair in params {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw ValidationError("--param expects name=value (got '\(pair)')")
            }
        }
    }

    /// The pairs as a dictionary; a name given twice keeps the last value.
    var values: [String: String] {
        var values: [String: String] = [:]
        for pair in params {
            guard let equals = pair.firstIndex(of: "=") else { continue }
            values[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        return values
    }
}

/// Options that shape how the interpreter runs: `--seed`, `--threads`.
struct ScriptOptions: ParsableArguments {
    // `.unconditional` so that `--seed -1` reports an invalid value, not a missing one.
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Seed all randomness with N (overrides the script's `seed`).", valueName: "n"))
    var seed: UInt64?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Threads for matrix products and Regula's parallel loops (at least 1).", valueName: "n"))
    var threads: Int = 1

    func validate() throws {
        guard (1...InterpreterOptions.maxThreads).contains(threads) else {
            throw ValidationError("--threads must be between 1 and \(InterpreterOptions.maxThreads) (got \(threads))")
        }
    }

    func interpreterOptions(params: [String: String] = [:]) -> InterpreterOptions {
        InterpreterOptions(seed: seed, threads: threads, params: params, cancellation: InterruptHandler.token)
    }
}

/// Options for what a command shows: `--quiet`, `--no-color`.
struct DisplayOptions: ParsableArguments {
    @Flag(help: "Show no training progress.")
    var quiet = false

    @Flag(name: .customLong("no-color"), help: "Never colour diagnostics (also: the NO_COLOR environment variable).")
    var noColor = false
}
