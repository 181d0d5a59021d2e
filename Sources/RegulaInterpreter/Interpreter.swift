#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RegulaNN
import RegulaSyntax
import RegulaTensor

// The public surface a host (the CLI and REPL, an embedding program) codes against; the
// types it needs from the language and the runtime are re-exported in HostFacade.swift.

/// Settings a host gives an interpreter.
public struct InterpreterOptions: Sendable {
    /// Overrides the script's `seed` statement when set (`--seed`).
    public var seed: UInt64?
    /// Threads for Regula's parallel loops (`--threads`).
    public var threads: Int
    /// The most threads accepted (`--threads`, a record's `invocation.threads`): each one
    /// is an OS thread, and a huge count would hang or abort creating them.
    public static let maxThreads = 1024
    /// `--param name=value` pairs; each value is Regula literal source text.
    public var params: [String: String]
    /// Set by the host's SIGINT handler; `train` stops between steps when it is set, and
    /// the evaluator stops at the next statement (the run then reports `wasInterrupted`).
    /// The host resets it.
    public var cancellation: CancellationToken
    /// How deeply `.reg` functions may call each other before a "too many nested calls"
    /// error (imports count too).
    public var maxCallDepth: Int
    /// Stop with an error after this many statements and loop iterations (nil: no limit).
    /// The fuzzer uses it so that `while true {}` ends.
    public var maxSteps: Int?
    /// The longest list or string a script may build (by `+`, `range`, ...).
    public var maxCollectionLength: Int
    /// Stack size of the thread the evaluator runs on (see `LargeStack`); 0 runs on the
    /// caller's thread.
    public var stackSize: Int
    /// Script texts that `import` (and the checks before a run) use instead of the files on
    /// disk, keyed by absolute path (`regula verify` re-runs a run record's copies).
    public var sources: [String: String]
    /// The MPI processes running this script together (`mpirun -n N regula run`); nil or
    /// a group of one: this process alone. Independent fits are divided among them, and
    /// only process 0 writes files (docs/scale-out.md).
    public var processGroup: (any ProcessGroup)?

    public init(seed: UInt64? = nil, threads: Int = 1, params: [String: String] = [:], cancellation: CancellationToken = CancellationToken(),
                maxCallDepth: Int = 1000, maxSteps: Int? = nil, maxCollectionLength: Int = 10_000_000, stackSize: Int = 512 << 20,
                sources: [String: String] = [:]) {
        self.seed = seed
        self.threads = threads
        self.params = params
        self.cancellation = cancellation
        self.maxCallDepth = maxCallDepth
        self.maxSteps = maxSteps
        self.maxCollectionLength = maxCollectionLength
        self.stackSize = stackSize
        self.sources = sources
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
/// host may create as many as it likes. Not thread-safe: use one from one thread at a time
/// (the evaluator runs on its own large-stack thread while the calling thread waits).
public final class Interpreter {
    public let options: InterpreterOptions
    /// Text written by `print` (already ends with a newline).
    public var onOutput: (String) -> Void = { print($0, terminator: "") }
    /// Errors and warnings, for the host to render with `DiagnosticRenderer`.
    public var onDiagnostic: (Diagnostic) -> Void = { _ in }
    /// Training progress, called after every epoch and once more at the end of a run.
    public var onTrainingProgress: ((TrainingProgress) -> Void)? {
        didSet { evaluator.onTrainingProgress = onTrainingProgress }
    }

    /// How `plot` draws: the host's terminal width and whether to colour (default 80
    /// columns, no colour).
    public var plotSettings: PlotSettings {
        get { evaluator.plotSettings }
        set { evaluator.plotSettings = newValue }
    }

    /// The session: scopes, builtins, settings. Libraries reach it as `BuiltinCall.context`;
    /// a host goes through the methods below.
    let evaluator: Evaluator

    public init(options: InterpreterOptions = InterpreterOptions()) {
        self.options = options
        self.evaluator = Evaluator(options: options, libraries: StandardLibrary.libraries())
        evaluator.output = { [unowned self] text in self.onOutput(text) }
        evaluator.report = { [unowned self] diagnostic in self.onDiagnostic(diagnostic) }
    }

    /// Functions declared at top level and the global scope refer to each other; clearing
    /// the scope breaks those cycles. It runs on the large stack because freeing a deeply
    /// nested list recurses.
    deinit {
        let evaluator = self.evaluator
        LargeStack.run(size: options.stackSize) { evaluator.reset() }
    }

    /// True when the last `run` or `evaluateInteractive` ended because
    /// `options.cancellation` was set.
    public private(set) var wasInterrupted = false

    /// Runs a whole script; `name` is its path (imports and `csv` resolve relative to it).
    /// Returns false after reporting errors. Unknown `--param` names or values that do not
    /// parse are reported with ids `unknown-param` / `invalid-param` (a host's usage error).
    /// Before anything runs, the script is parsed and its names resolved (as `check` does):
    /// a typo is reported before a long training starts.
    @discardableResult
    public func run(source: String, name: String) -> Bool {
        wasInterrupted = false
        evaluator.isInteractive = false
        guard kernelsAreSelected() else { return false }
        evaluator.scriptLoader.forget()
        let file = SourceFile(name: name, text: source)
        let parsed = Parser.parse(file)
        reportAll(parsed.diagnostics)
        guard !parsed.hasErrors else { return false }

        let canonical = evaluator.scriptLoader.key(evaluator.resolvePathFromWorkingDirectory(name))
        var visited: Set<String> = canonical.map { [$0] } ?? []
        let declarations = ParamScanner.declarations(in: parsed.program.statements, source: file, visited: &visited,
                                                     loader: evaluator.scriptLoader)
        let (overrides, paramErrors) = ParamScanner.overrides(options.params, declarations: declarations)
        reportAll(paramErrors)
        guard paramErrors.isEmpty else { return false }
        evaluator.paramOverrides = overrides

        let checkErrors = checkDiagnostics(parsed.program.statements, file, canonical: canonical).filter { $0.severity == .error }
        reportAll(checkErrors)
        guard checkErrors.isEmpty else { return false }

        if let canonical {
            evaluator.importedFiles.insert(canonical)
            evaluator.importsInProgress.insert(canonical)
        }
        evaluator.loadedSources.append(file)
        defer { if let canonical { evaluator.importsInProgress.remove(canonical) } }
        return execute(file) { try evaluator.runTopLevel(parsed.program.statements) }
    }

    /// Parses and resolves names without running; returns every error found.
    public func check(source: String, name: String) -> [Diagnostic] {
        evaluator.scriptLoader.forget()
        let file = SourceFile(name: name, text: source)
        let parsed = Parser.parse(file)
        guard !parsed.hasErrors else { return parsed.diagnostics }
        let canonical = evaluator.scriptLoader.key(evaluator.resolvePathFromWorkingDirectory(name))
        return parsed.diagnostics + checkDiagnostics(parsed.program.statements, file, canonical: canonical)
    }

    /// Runs one REPL entry (possibly several lines) in the session's state. Each expression
    /// statement's value (unless `none`) is echoed, quoted like inside a list. The token
    /// `options.cancellation` is reset first. When it is set while the entry runs, a `train`
    /// returns the run so far (its statement completes: `let r = train(...)` binds `r`), the
    /// entry stops at its next statement (`.failed` without a diagnostic), and
    /// `wasInterrupted` is true either way (the host resets the token).
    public func evaluateInteractive(_ text: String) -> InteractiveOutcome {
        wasInterrupted = false
        // A Ctrl-C that arrived between entries must not stop this one.
        options.cancellation.reset()
        evaluator.isInteractive = true
        defer { evaluator.isInteractive = false }
        let file = SourceFile(name: "<repl>", text: text)
        let parsed = Parser.parse(file)
        if parsed.isIncomplete { return .needsMoreInput }
        guard kernelsAreSelected() else { return .failed }
        evaluator.scriptLoader.forget()
        // An entry with an error that is still open goes on (`isUnfinished`): that it ends
        // early is no news to the person typing it.
        reportAll(parsed.endsUnfinished
                  ? parsed.diagnostics.filter { $0.id != Messages.unexpectedEndOfInputID }
                  : parsed.diagnostics)
        guard !parsed.hasErrors else { return .failed }
        let checkErrors = checkDiagnostics(parsed.program.statements, file, canonical: nil).filter { $0.severity == .error }
        reportAll(checkErrors)
        guard checkErrors.isEmpty else { return .failed }

        var echoes: [String] = []
        let succeeded = execute(file) {
            for statement in parsed.program.statements {
                if case .expression(let expression) = statement.kind {
                    try evaluator.tick(statement.span)
                    let value = try evaluator.evaluate(expression, in: evaluator.globals)
                    if !value.isNone {
                        guard let echo = value.repr(limit: options.maxCollectionLength) else {
                            throw RuntimeError(RuntimeMessages.tooLong("string", options.maxCollectionLength), id: "too-large",
                                               span: statement.span, source: file, hint: RuntimeMessages.echoTooLongHint)
                        }
                        echoes.append(echo)
                    }
                } else {
                    try evaluator.runTopLevel([statement])
                }
            }
        }
        guard succeeded else { return .failed }
        return .completed(echo: echoes.isEmpty ? nil : echoes.joined(separator: "\n"))
    }

    /// Whether a REPL entry ends inside an open bracket, block or expression, whatever
    /// other errors it has. After `evaluateInteractive` failed on such an entry, a host
    /// reads (and drops) its remaining lines until it closes, so that the rest of a
    /// block with a syntax error is not run line by line at top level.
    public static func isUnfinished(_ text: String) -> Bool {
        Parser.parse(SourceFile(name: "<repl>", text: text)).endsUnfinished
    }

    /// Names bound at top level, for completion and `:vars`.
    public func globalNames() -> [String] { evaluator.globals.order }

    /// `(name, type, short value)` for each global, for `:vars`.
    public func describeGlobals() -> [(name: String, type: String, summary: String)] {
        globalNames().compactMap { name in
            guard let value = global(named: name) else { return nil }
            var summary = value.clippedRepr(60)
            if case .host(let object) = value { summary = object.summary }
            if summary.count > 60 { summary = String(summary.prefix(57)) + "..." }
            return (name, value.typeName, summary)
        }
    }

    /// Field names of the value `expressionText` evaluates to without side effects
    /// (a name followed by `.field`s and `[integer]` indexes: `net.layers[0]`,
    /// `r.history[-1]`), for completion after `.`.
    public func fieldNames(of expressionText: String) -> [String] {
        guard let path = CompletionPath(expressionText), var value = evaluator.globals.lookup(path.name) else { return [] }
        for step in path.steps {
            switch (step, value) {
            case (.field(let name), .record(let record)):
                guard let next = record[name] else { return [] }
                value = next
            case (.field(let name), .host(let object)):
                guard let next = try? object.field(named: name) else { return [] }
                value = next
            case (.index(let index), .list(let list)):
                let position = index < 0 ? list.count + index : index
                guard position >= 0, position < list.count else { return [] }
                value = list[position]
            default:
                return []
            }
        }
        return Evaluator.fieldNames(of: value)
    }

    /// Selects the matrix-product kernels: the fastest path this CPU has, or the one
    /// `REGULA_KERNELS` forces (`scalar`, `avx2`, `avx512`, `neon`; all give the same bits).
    /// Returns the problem when the variable names an unknown path or one this CPU lacks:
    /// a host calls this first and reports it as a usage error; `run` and
    /// `evaluateInteractive` report it as a diagnostic (id `kernels`) and run nothing.
    public static func selectKernels() -> (message: String, hint: String)? {
        do {
            try Kernels.selectFromEnvironment()
            return nil
        } catch {
            return (error.message, error.hint)
        }
    }

    /// The kernel path products use: `avx512`, `avx2`, `neon` or `scalar`.
    public static var kernelPath: String { Kernels.current.rawValue }

    /// `selectKernels` as a diagnostic: false (after reporting) when `REGULA_KERNELS` is bad.
    private func kernelsAreSelected() -> Bool {
        guard let problem = Self.selectKernels() else { return true }
        reportAll([Diagnostic(id: "kernels", message: problem.message, source: nil, span: nil, hint: problem.hint)])
        return false
    }

    /// The signature and documentation of the builtin `name` as this interpreter sees it
    /// (a host's builtins included), for the REPL's `:help NAME`; nil when `name` is not
    /// bound to a builtin or a callable value.
    public func documentation(of name: String) -> BuiltinDocumentation? {
        // A callable value (`relu`, `mse`) documents what calling it does.
        guard let value = evaluator.globals.lookup(name), let function = Evaluator.callee(value),
              case .builtin(let builtin) = function.kind else { return nil }
        return BuiltinDocumentation(builtin)
    }

    /// Keywords and builtin names, for completion.
    public static var keywordsAndBuiltins: [String] {
        let libraries = StandardLibrary.libraries()
        let names = Keywords.all + libraries.flatMap { $0.builtins.map(\.name) + $0.constants.map(\.name) }
        return Array(Set(names)).sorted()
    }

    /// Forgets every binding, model and setting (`:reset`). Builtins and host functions stay.
    public func reset() {
        evaluator.reset()
        wasInterrupted = false
    }

    // MARK: - Embedding

    /// Defines a function scripts can call: `name(args...)` calls `body` with the
    /// positional arguments. Throw `RuntimeError` for a located error message.
    public func defineHostFunction(_ name: String, _ body: @escaping ([Value]) throws -> Value) {
        defineBuiltin(Builtin(name, [.variadic("arguments")]) { call in try body(call.restValues) })
    }

    /// Defines a builtin with a full signature (keyword arguments, defaults).
    public func defineBuiltin(_ builtin: Builtin) {
        evaluator.load(BuiltinLibrary(name: "host", builtins: [builtin]))
    }

    /// Loads a builtin library (its functions, constants and hooks).
    public func load(_ library: BuiltinLibrary) { evaluator.load(library) }

    /// The value of a top-level name, or nil if none is bound.
    public func global(named name: String) -> Value? { evaluator.globals.bindings[name]?.value }

    /// Binds a top-level name (a host can hand data to a script).
    public func setGlobal(_ name: String, _ value: Value, isMutable: Bool = false) {
        evaluator.globals.declare(name, value, isMutable: isMutable)
    }

    /// The `param`s of the run, as resolved (host value or default), in declaration order.
    public var resolvedParams: [ResolvedParam] { evaluator.resolvedParams }

    /// Every source file run so far: the scripts, then each import when it ran.
    public var loadedSources: [SourceFile] { evaluator.loadedSources }

    /// Files read and training/evaluation calls made so far, for run records.
    public var journal: RunJournal { evaluator.journal }

    /// `path` as the running script's `csv`, `import` and `save` see it (relative to the
    /// running file's directory), for a host function that reads files.
    public func resolvePath(_ path: String) -> String { evaluator.resolvePath(path) }

    /// What `seed`/`loss`/`penalty`/`optimizer` statements have set.
    public var experimentDefaults: ExperimentDefaults { evaluator.defaults }

    // MARK: - Internals

    private func reportAll(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { onDiagnostic(diagnostic) }
    }

    private func checkDiagnostics(_ statements: [Stmt], _ file: SourceFile, canonical: String?) -> [Diagnostic] {
        var builtins: [String: Builtin] = [:]
        var constants: [String] = []
        for (name, binding) in evaluator.builtinScope.bindings {
            if case .function(let function) = binding.value, case .builtin(let builtin) = function.kind {
                builtins[name] = builtin
            } else {
                constants.append(name)
            }
        }
        let globals = evaluator.globals.bindings.mapValues(\.isMutable)
        let checker = Checker(source: file, builtins: builtins, constants: constants, globals: globals,
                              visitedFiles: canonical.map { [$0] } ?? [], loader: evaluator.scriptLoader)
        // The checker recurses over the tree, and a long flat chain (`1 + 1 + ...`, which
        // the parser accepts) is thousands of levels deep: give it the large stack too.
        LargeStack.run(size: options.stackSize) { checker.check(statements) }
        return ErrorLimit.capped(checker.diagnostics)
    }

    /// Runs `body` on the large-stack thread and reports its failure; true on success.
    private func execute(_ file: SourceFile, _ body: () throws -> Void) -> Bool {
        var failure: Error?
        evaluator.currentSource = file
        evaluator.callDepth = 0
        LargeStack.run(size: options.stackSize) {
            do { try body() } catch { failure = error }
        }
        wasInterrupted = options.cancellation.isCancelled
        switch failure {
        case nil:
            return true
        case let error as RuntimeError:
            if error.id == RuntimeError.interruptedID {
                wasInterrupted = true
            } else {
                onDiagnostic(error.diagnostic(fallback: file))
            }
        case let error as DiagnosticsError:
            reportAll(error.diagnostics)
        case let error?:
            onDiagnostic(Diagnostic(id: "runtime-error", message: String(describing: error), source: file, span: nil))
        }
        return false
    }
}
