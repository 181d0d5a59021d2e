import RegulaSyntax

/// An opaque value owned by a library or an embedding host: tensors, datasets, models,
/// penalties, optimizers, losses, runs. The evaluator knows nothing of them beyond this
/// protocol; every hook but `typeName` and `description` has a default that declines.
///
/// Hooks return `nil` to decline ("this operation does not apply"); the evaluator then
/// reports a type error naming the operation and both types. They throw `RuntimeError`
/// for a real failure (a shape mismatch, ...); the evaluator locates it at the node.
public protocol HostObject: AnyObject {
    /// The type's name as `type(x)` returns it: `tensor`, `model`, `penalty`...
    var typeName: String { get }
    /// How `print` and the REPL show it (may span several lines, e.g. a model's layers).
    var description: String { get }
    /// A one-line form for `:vars` and containers; defaults to `description`'s first line.
    var summary: String { get }

    /// Names `x.name` accepts, for completion and "did you mean".
    var fieldNames: [String] { get }
    /// `x.name`; nil if there is no such field.
    func field(named name: String) throws -> Value?
    /// `x.name = value`; false if the field cannot be assigned.
    func setField(named name: String, to value: Value) throws -> Bool

    /// `self op other` (or `other op self` when `selfIsLeft` is false) for `+ - * / % ** @`
    /// and the comparisons. Called when either operand is a host object, the left one first.
    func binary(_ op: BinaryOperator, _ other: Value, selfIsLeft: Bool) throws -> Value?
    /// `binary` with the evaluator at hand, for an operand that becomes a value of this
    /// object's library (a function beside a penalty: `l2(1e-3) + group_lasso`); by default
    /// `binary`.
    func binary(_ op: BinaryOperator, _ other: Value, selfIsLeft: Bool, context: Evaluator) throws -> Value?
    /// `-x`.
    func negated() throws -> Value?
    /// `x[i]`.
    func index(_ index: Value) throws -> Value?
    /// `len(x)`.
    var length: Int? { get }
    /// The values `for v in x` visits.
    func elements() throws -> [Value]?
    /// Called by a numeric builtin (`abs`, `sqrt`, `exp`, `log`, `sum`, `mean`, `min`, `max`,
    /// `round`, `floor`, `ceil`) whose first argument is this object: `name` is the builtin,
    /// `call` its bound arguments. Lets tensors take part in the core math builtins.
    func applyBuiltin(_ name: String, _ call: BuiltinCall) throws -> Value?
    /// `==`; identity by default.
    func isEqual(to other: any HostObject) -> Bool
    /// What calling the value runs (`relu(x)`, `mse(output, target)`); nil if it cannot be called.
    var callable: Builtin? { get }
}

extension HostObject {
    public var summary: String {
        description.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
    }
    public var fieldNames: [String] { [] }
    public func field(named name: String) throws -> Value? { nil }
    public func setField(named name: String, to value: Value) throws -> Bool { false }
    public func binary(_ op: BinaryOperator, _ other: Value, selfIsLeft: Bool) throws -> Value? { nil }
    public func binary(_ op: BinaryOperator, _ other: Value, selfIsLeft: Bool, context: Evaluator) throws -> Value? {
        try binary(op, other, selfIsLeft: selfIsLeft)
    }
    public func negated() throws -> Value? { nil }
    public func index(_ index: Value) throws -> Value? { nil }
    public var length: Int? { nil }
    public func elements() throws -> [Value]? { nil }
    public func applyBuiltin(_ name: String, _ call: BuiltinCall) throws -> Value? { nil }
    public func isEqual(to other: any HostObject) -> Bool { self === other }
    public var callable: Builtin? { nil }
}
