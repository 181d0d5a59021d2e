import RegulaSyntax

/// One parameter of a builtin's signature.
public struct BuiltinParameter {
    public enum Kind {
        /// Must be given (by position or by name).
        case required
        /// May be omitted; then it takes this value.
        case defaulted(Value)
        /// May be omitted; then `BuiltinCall.value(name)` is nil (e.g. `train`'s `penalty:`,
        /// where "not given" differs from `none`).
        case optional
        /// Collects the remaining positional arguments (`print(a, b, c)`); at most one, and
        /// the parameters after it can only be passed by name.
        case variadic
    }

    public var name: String
    public var kind: Kind

    public init(_ name: String, _ kind: Kind = .required) {
        self.name = name
        self.kind = kind
    }

    public static func required(_ name: String) -> BuiltinParameter { BuiltinParameter(name, .required) }
    public static func optional(_ name: String) -> BuiltinParameter { BuiltinParameter(name, .optional) }
    public static func variadic(_ name: String) -> BuiltinParameter { BuiltinParameter(name, .variadic) }
    public static func keyword(_ name: String, _ defaultValue: Value) -> BuiltinParameter {
        BuiltinParameter(name, .defaulted(defaultValue))
    }
}

/// A builtin function: a name, a signature and a body. Arguments are bound to the
/// signature (with the same rules and errors as user functions) before the body runs.
public struct Builtin {
    public var name: String
    public var parameters: [BuiltinParameter]
    /// One line for `help` and docs: what it does.
    public var summary: String
    public var body: (BuiltinCall) throws -> Value

    public init(_ name: String, _ parameters: [BuiltinParameter], summary: String = "",
                body: @escaping (BuiltinCall) throws -> Value) {
        self.name = name
        self.parameters = parameters
        self.summary = summary
        self.body = body
    }
}

/// What the evaluator hands the model factory for `model NAME(args) { layers }`.
public struct ModelDefinition {
    public var name: String
    public var nameSpan: Span
    /// The arguments in parentheses (`inputs: 64`), evaluated, with their spans.
    public var arguments: [EvaluatedArgument]
    /// Each layer line's value and span, in order.
    public var layers: [(value: Value, span: Span)]
    /// The whole statement.
    public var span: Span
    public var source: SourceFile
}

/// Builds the value bound to a `model` block's name.
public typealias ModelFactory = (ModelDefinition, Evaluator) throws -> Value

/// Validates (and may convert) the value of `seed`/`loss`/`penalty`/`optimizer` before it
/// is stored in `ExperimentDefaults`; `seed` arrives as the effective number.
public typealias SettingHook = (ExperimentSetting, Value, Evaluator) throws -> Value

/// A table of builtins — one per library (`CoreBuiltins`, `MathBuiltins`, ...) — plus the
/// hooks a library may provide. `StandardLibrary.libraries` lists the ones every
/// interpreter loads; a later library's name replaces an earlier one's.
public struct BuiltinLibrary {
    public var name: String
    public var builtins: [Builtin]
    /// Named values bound at start (`pi`, `inf`, activations as values, ...).
    public var constants: [(name: String, value: Value)]
    public var modelFactory: ModelFactory?
    public var settingHook: SettingHook?

    public init(name: String, builtins: [Builtin], constants: [(name: String, value: Value)] = [],
                modelFactory: ModelFactory? = nil, settingHook: SettingHook? = nil) {
        self.name = name
        self.builtins = builtins
        self.constants = constants
        self.modelFactory = modelFactory
        self.settingHook = settingHook
    }
}

/// The defaults that `seed`, `loss`, `penalty` and `optimizer` statements set for later
/// `train` calls.
public struct ExperimentDefaults {
    /// The effective seed: `InterpreterOptions.seed` if the host gave one, else the
    /// script's last `seed` statement, else nil.
    public var seed: UInt64?
    public var loss: Value?
    public var penalty: Value?
    public var optimizer: Value?

    public init(seed: UInt64? = nil, loss: Value? = nil, penalty: Value? = nil, optimizer: Value? = nil) {
        self.seed = seed
        self.loss = loss
        self.penalty = penalty
        self.optimizer = optimizer
    }
}
