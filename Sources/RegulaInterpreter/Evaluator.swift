import Foundation
import RegulaNN
import RegulaSyntax

/// The tree-walking evaluator and the state of one session: scopes, builtins, experiment
/// defaults, imported files, params. Owned by an `Interpreter`; builtins see it as their
/// `context` (the public members below are the extension surface for libraries).
public final class Evaluator {
    /// The host's settings.
    public let options: InterpreterOptions
    /// What `seed`/`loss`/`penalty`/`optimizer` statements have set so far.
    public var defaults = ExperimentDefaults()
    /// Files read and training/evaluation calls made, for run records.
    public let journal = RunJournal()
    /// The file being evaluated (a function's body evaluates in the file it was written in).
    public internal(set) var currentSource: SourceFile
    /// Training progress reports go here (set by the facade from its callback).
    public var onTrainingProgress: ((TrainingProgress) -> Void)?
    /// True while a REPL entry runs (`Interpreter.evaluateInteractive`): an interrupted
    /// `train` then returns the run so far instead of stopping the script.
    public internal(set) var isInteractive = false
    /// How `plot` draws (the host sets the width and colour of its terminal).
    public var plotSettings = PlotSettings()
    /// What the session trained and drew, while a report is recorded (`ReportRecorder`).
    public internal(set) var exhibits: ExhibitLog?

    /// The builtins: the parent of the global scope, so scripts may shadow them.
    let builtinScope = Environment(parent: nil)
    let globals: Environment
    var libraries: [BuiltinLibrary] = []
    var modelFactory: ModelFactory?
    var settingHooks: [SettingHook] = []
    var output: (String) -> Void = { _ in }
    var report: (Diagnostic) -> Void = { _ in }

    var callDepth = 0
    /// The builtin call being run (innermost), for the notes of errors raised by script
    /// functions the engine calls back during it (a penalty `fn` inside `train`).
    var activeBuiltinCall: (name: String, span: Span)?
    var steps = 0
    /// Canonical paths of files run or being run (each file runs once).
    var importedFiles: Set<String> = []
    var importsInProgress: Set<String> = []
    /// Reads and parses imports once per run, for the param scanner, the checker and `import`.
    let scriptLoader: ScriptLoader
    /// Every source run, in order (the script, then imports as they run).
    var loadedSources: [SourceFile] = []
    /// How many units of divided work (`ScriptUnits`) are running: inside one, a process
    /// works alone (no exchange, and it writes its own files).
    var unitDepth = 0
    /// While a `pmap` item runs: the scopes that existed before it (assigning to their
    /// variables is refused) and the first model serial made inside it (training an older
    /// model is refused): such changes would stay on the process that ran the item.
    var isolation: (outerScopes: Set<ObjectIdentifier>, modelFloor: UInt64)?

    /// The processes dividing work here: none inside a unit or without MPI.
    var activeGroup: (any ProcessGroup)? {
        guard unitDepth == 0, let group = options.processGroup, group.size > 1 else { return nil }
        return group
    }
    /// `--param` values, parsed and checked before the script runs.
    var paramOverrides: [String: Value] = [:]
    var resolvedParams: [ResolvedParam] = []
    private var extensionState: [ObjectIdentifier: AnyObject] = [:]
    /// Scopes captured by closures. A closure stored in the scope it captures is a
    /// reference cycle (ARC has no cycle collector), so `reset` empties the scopes still
    /// alive here: what a session leaked is freed with the session.
    private var capturedScopes: [WeakScope] = []
    private var capturedScopesLimit = 64

    init(options: InterpreterOptions, libraries: [BuiltinLibrary]) {
        self.options = options
        self.globals = Environment(parent: builtinScope)
        self.currentSource = SourceFile(name: "<none>", text: "")
        self.scriptLoader = ScriptLoader(sources: options.sources)
        self.defaults = ExperimentDefaults(seed: options.seed)
        for library in libraries { load(library) }
    }

    /// Registers a library's builtins, constants and hooks (a name registered again
    /// replaces the earlier one).
    func load(_ library: BuiltinLibrary) {
        libraries.append(library)
        for builtin in library.builtins {
            builtinScope.declare(builtin.name, .function(Function(.builtin(builtin), name: builtin.name)), isMutable: false)
        }
        for constant in library.constants {
            builtinScope.declare(constant.name, constant.value, isMutable: false)
        }
        if let factory = library.modelFactory { modelFactory = factory }
        if let hook = library.settingHook { settingHooks.append(hook) }
    }

    // MARK: - The public surface for libraries

    /// Calls a function value with positional arguments; errors point at `span`.
    public func call(_ function: Value, _ arguments: [Value], at span: Span) throws -> Value {
        guard let function = Self.callee(function) else {
            throw error(RuntimeMessages.notCallable(function), id: "type-error", at: span)
        }
        return try call(function, arguments.map { EvaluatedArgument(value: $0, span: span) }, at: span)
    }

    /// Writes text to the host's output (`print` adds the newline itself).
    public func write(_ text: String) { output(text) }

    /// Reports a warning located at `span` in the current file.
    public func warn(_ message: String, id: String, at span: Span?, hint: String? = nil) {
        report(Diagnostic(severity: .warning, id: id, message: message, source: currentSource, span: span, hint: hint))
    }

    /// The directory relative paths in the current file resolve against (`csv`, `import`):
    /// the file's directory, or the working directory for `<repl>`, `<stdin>`, ...
    public var currentDirectory: String { Self.directory(of: currentSource.name) }

    static func directory(of sourceName: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        if sourceName.hasPrefix("<") || sourceName == "-" { return cwd }
        let directory = (sourceName as NSString).deletingLastPathComponent
        if directory.isEmpty { return cwd }
        return directory.hasPrefix("/") ? directory : cwd + "/" + directory
    }

    /// Resolves a path the script gave relative to `currentDirectory`.
    public func resolvePath(_ path: String) -> String {
        path.hasPrefix("/") ? path : currentDirectory + "/" + path
    }

    /// Per-session state a library keeps (random streams, run records, ...), created on
    /// first use; `Interpreter.reset()` forgets it.
    public func state<T: AnyObject>(_ type: T.Type, create: () -> T) -> T {
        let key = ObjectIdentifier(type)
        if let existing = extensionState[key] as? T { return existing }
        let made = create()
        extensionState[key] = made
        return made
    }

    /// A located runtime error in the current file.
    public func error(_ message: String, id: String = "runtime-error", at span: Span?, hint: String? = nil) -> RuntimeError {
        RuntimeError(message, id: id, span: span, source: currentSource, hint: hint)
    }

    /// Makes a closure over `env`, remembering the scope (see `capturedScopes`).
    func closure(_ literal: FunctionLiteral, in env: Environment, name: String) -> Value {
        env.isCaptured = true
        if env !== globals {
            capturedScopes.append(WeakScope(scope: env))
            if capturedScopes.count > capturedScopesLimit {
                capturedScopes.removeAll { $0.scope == nil }
                capturedScopesLimit = max(64, capturedScopes.count * 2)
            }
        }
        return .function(Function(.user(literal, closure: env, source: currentSource), name: name))
    }

    /// Forgets every binding, setting and library state.
    func reset() {
        for captured in capturedScopes { captured.scope?.removeAll() }
        capturedScopes = []
        globals.removeAll()
        defaults = ExperimentDefaults(seed: options.seed)
        importedFiles = []
        importsInProgress = []
        loadedSources = []
        scriptLoader.forget()
        resolvedParams = []
        extensionState = [:]
        steps = 0
        callDepth = 0
    }

    // MARK: - Statements

    /// Counts a step and checks the step budget and the host's interrupt flag.
    @inline(__always)
    func tick(_ span: Span) throws {
        steps &+= 1
        if let limit = options.maxSteps, steps > limit {
            throw error(RuntimeMessages.stepLimit(limit), id: "step-limit", at: span)
        }
        if options.cancellation.isCancelled {
            throw error(RuntimeMessages.interrupted, id: RuntimeError.interruptedID, at: span)
        }
    }

    func execute(_ statements: [Stmt], in env: Environment) throws -> Completion {
        for statement in statements {
            let completion = try execute(statement, in: env)
            if case .normal = completion { continue }
            return completion
        }
        return .normal
    }

    func executeBlock(_ block: Block, in env: Environment) throws -> Completion {
        try execute(block.statements, in: Environment(parent: env))
    }

    func execute(_ statement: Stmt, in env: Environment) throws -> Completion {
        try tick(statement.span)
        switch statement.kind {
        case .binding(let name, _, let value, let isMutable):
            env.declare(name, try evaluate(value, in: env, naming: name), isMutable: isMutable)
        case .assignment(let target, let value):
            try assign(target, try evaluate(value, in: env), in: env)
        case .expression(let expression):
            _ = try evaluate(expression, in: env)
        case .function(let name, _, let literal):
            env.declare(name, closure(literal, in: env, name: name), isMutable: false)
        case .ifChain(let branches, let elseBody):
            for branch in branches where try condition(branch.condition, in: env) {
                return try executeBlock(branch.body, in: env)
            }
            if let elseBody { return try executeBlock(elseBody, in: env) }
        case .whileLoop(let condition, let body):
            while try self.condition(condition, in: env) {
                try tick(condition.span)
                let completion = try executeBlock(body, in: env)
                switch completion {
                case .normal, .continueLoop: continue
                case .breakLoop: return .normal
                case .returned: return completion
                }
            }
        case .forLoop(let name, _, let valueName, _, let iterable, let body):
            return try executeFor(name, valueName, iterable, body, in: env)
        case .breakLoop:
            return .breakLoop
        case .continueLoop:
            return .continueLoop
        case .returnValue(let value):
            return .returned(try value.map { try evaluate($0, in: env) } ?? .none)
        case .importFile(let path, let pathSpan):
            try importFile(path, at: pathSpan)
        case .param(let name, let nameSpan, let value):
            try declareParam(name, nameSpan: nameSpan, value: value, in: env)
        case .setting(let setting, let value):
            try applySetting(setting, value, in: env)
        case .model(let name, let nameSpan, let arguments, let layers):
            try defineModel(name, nameSpan: nameSpan, arguments: arguments, layers: layers, span: statement.span, in: env)
        }
        return .normal
    }

    /// `if`/`while` conditions are strictly `true` or `false`: no truthiness.
    func condition(_ expression: Expr, in env: Environment) throws -> Bool {
        let value = try evaluate(expression, in: env)
        guard case .bool(let b) = value else {
            throw error(RuntimeMessages.conditionNotBool(value), id: "type-error", at: expression.span,
                        hint: RuntimeMessages.conditionHint(value))
        }
        return b
    }

    private func executeFor(_ name: String, _ valueName: String?, _ iterable: Expr, _ body: Block,
                            in env: Environment) throws -> Completion {
        let sequence = try evaluate(iterable, in: env)
        // Pairs of (index or key, element): `for x in` binds the element (the key for a
        // record), `for i, x in` binds both.
        let pairs: [(Value, Value)]
        switch sequence {
        case .list(let items):
            pairs = items.enumerated().map { (.number(Double($0.offset)), $0.element) }
        case .record(let record):
            pairs = zip(record.names, record.values).map { (.string($0.0), $0.1) }
        case .string(let text):
            pairs = text.enumerated().map { (.number(Double($0.offset)), .string(String($0.element))) }
        case .host(let object):
            guard let items = try located(iterable.span, { try object.elements() }) else {
                throw error(RuntimeMessages.notIterable(sequence), id: "type-error", at: iterable.span)
            }
            pairs = items.enumerated().map { (.number(Double($0.offset)), $0.element) }
        default:
            throw error(RuntimeMessages.notIterable(sequence), id: "type-error", at: iterable.span,
                        hint: sequence.asNumber != nil ? RuntimeMessages.iterateNumberHint : nil)
        }
        let isRecord = sequence.asRecord != nil
        for (key, element) in pairs {
            try tick(body.span)
            // A fresh scope per iteration, so closures made in the body keep their own value.
            let scope = Environment(parent: env)
            if let valueName {
                scope.declare(name, key, isMutable: false)
                scope.declare(valueName, element, isMutable: false)
            } else {
                scope.declare(name, isRecord ? key : element, isMutable: false)
            }
            let completion = try execute(body.statements, in: scope)
            switch completion {
            case .normal, .continueLoop: continue
            case .breakLoop: return .normal
            case .returned: return completion
            }
        }
        return .normal
    }

    /// `value`, or an error at `span` if it nests deeper than `Value.maxDepth`. Checked
    /// wherever a list or record is built from other values (literals, operators, builtin
    /// results, assignments into one), so that no deeper value exists.
    func depthChecked(_ value: Value, at span: Span) throws -> Value {
        try checkDepth(value.depth, at: span)
        return value
    }

    func checkDepth(_ depth: Int, at span: Span) throws {
        guard depth > Value.maxDepth else { return }
        throw error(RuntimeMessages.tooDeep(Value.maxDepth), id: "too-deep", at: span)
    }

    /// Runs `body`; a `RuntimeError` without a location gets `span`, any other error
    /// becomes a `RuntimeError` at `span`.
    func located<T>(_ span: Span, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var failure as RuntimeError {
            if failure.span == nil {
                failure.span = span
                failure.source = currentSource
            } else if failure.source == nil {
                failure.source = currentSource
            }
            throw failure
        } catch let failure as DiagnosticsError {
            throw failure
        } catch {
            throw self.error(String(describing: error), at: span)
        }
    }
}

/// Several diagnostics at once (an imported file that does not parse).
struct DiagnosticsError: Error {
    var diagnostics: [Diagnostic]
}

/// A `param` as resolved for this run (for run records).
public struct ResolvedParam {
    public var name: String
    public var value: Value
    /// True if the host supplied it (`--param`), false if it is the script's default.
    public var isOverridden: Bool
}

extension Evaluator {
    /// A path given on the command line, relative to the working directory.
    func resolvePathFromWorkingDirectory(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}

struct WeakScope {
    weak var scope: Environment?
}
