import RegulaNN
import RegulaSyntax

// CONTRACT (skeleton): the public surface the CLI/REPL codes against. The interpreter
// work fills in the bodies; signatures change only by agreement.

/// Settings a host gives an interpreter.
public struct InterpreterOptions: Sendable {
    /// Overrides the script's `seed` statement when set (`--seed`).
    public var seed: UInt64?
    /// Threads for Regula's parallel loops (`--threads`).
    public var threads: Int
    /// `--param name=value` pairs; each value is Regula literal source text.
    public var params: [String: String]
    /// Set by the host's SIGINT handler; `train` stops between steps when it is set.
    public var cancellation: CancellationToken

    public init(seed: UInt64? = nil, threads: Int = 1, params: [String: String] = [:], cancellation: CancellationToken = CancellationToken()) {
        self.seed = seed
        self.threads = threads
        self.params = params
        self.cancellation = cancellation
    }
}

/// One progress report of a running `train` call, for a host's progress line.
public struct TrainingProgress: Sendable {
    public var epoch: Int
    public var totalEpochs: Int
    public var dataLoss: Double
    public var penalty: Double
    public var validationLoss: Double?
    public var validationAccuracy: Double?
    public var elapsedSeconds: Double
    /// True on the last report of a run (finished, stopped early, interrupted or failed).
    public var isFinal: Bool

    public init(epoch: Int, totalEpochs: Int, dataLoss: Double, penalty: Double, validationLoss: Double?, validationAccuracy: Double?, elapsedSeconds: Double, isFinal: Bool) {
        self.epoch = epoch
        self.totalEpochs = totalEpochs
        self.dataLoss = dataLoss
        self.penalty = penalty
        self.validationLoss = validationLoss
        self.validationAccuracy = validationAccuracy
        self.elapsedSeconds = elapsedSeconds
        self.isFinal = isFinal
    }
}

/// What the REPL does with one chunk of input.
public enum InteractiveOutcome: Sendable, Equatable {
    /// The input ends inside an open bracket, string or after an operator: read another line.
    case needsMoreInput
    /// Ran; an expression statement's value is echoed (`nil` for statements).
    case completed(echo: String?)
    /// Failed; the diagnostic went to `onDiagnostic` and the session state is kept.
    case failed
}

/// The embedding facade: one interpreter owns all of a session's state (no globals), so a
/// host may create as many as it likes.
public final class Interpreter {
    public let options: InterpreterOptions
    /// Text written by `print` (already ends with a newline).
    public var onOutput: (String) -> Void = { print($0, terminator: "") }
    /// Errors and warnings, for the host to render with `DiagnosticRenderer`.
    public var onDiagnostic: (Diagnostic) -> Void = { _ in }
    /// Training progress, called after every epoch and once more at the end of a run.
    public var onTrainingProgress: ((TrainingProgress) -> Void)?

    public init(options: InterpreterOptions = InterpreterOptions()) {
        self.options = options
    }

    /// Runs a whole script; `name` is its path (imports and `csv` resolve relative to it).
    /// Returns false after reporting errors. Unknown `--param` names or values that do not
    /// parse are reported with ids `unknown-param` / `invalid-param` (a host's usage error).
    @discardableResult
    public func run(source: String, name: String) -> Bool {
        false
    }

    /// Parses and resolves names without running; returns every error found.
    public func check(source: String, name: String) -> [Diagnostic] {
        []
    }

    /// Runs one REPL entry (possibly several lines) in the session's state.
    public func evaluateInteractive(_ text: String) -> InteractiveOutcome {
        .failed
    }

    /// True when the last `run` ended because `options.cancellation` was set.
    public private(set) var wasInterrupted = false

    /// Names bound at top level, for completion and `:vars`.
    public func globalNames() -> [String] { [] }

    /// `(name, type, short value)` for each global, for `:vars`.
    public func describeGlobals() -> [(name: String, type: String, summary: String)] { [] }

    /// Field names of the value `expressionText` evaluates to without side effects
    /// (a name or a chain of `.field`s), for completion after `.`.
    public func fieldNames(of expressionText: String) -> [String] { [] }

    /// Keywords and builtin names, for completion.
    public static var keywordsAndBuiltins: [String] { [] }

    /// Forgets every binding, model and setting (`:reset`).
    public func reset() {}
}
