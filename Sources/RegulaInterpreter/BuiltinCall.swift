import RegulaSyntax

/// A builtin's view of one call: its arguments bound to its signature, typed accessors
/// whose errors name the argument, what was expected and what came, and the evaluator
/// (`context`) for calling back into the language, printing, warnings and settings.
public struct BuiltinCall {
    /// The builtin's name as called.
    public let name: String
    /// The call expression.
    public let span: Span
    public let context: Evaluator
    let parameters: [BuiltinParameter]
    let slots: [EvaluatedArgument?]
    /// The arguments a variadic parameter collected, in order.
    public let rest: [EvaluatedArgument]

    init(name: String, span: Span, context: Evaluator, parameters: [BuiltinParameter], bound: ArgumentBinder.Bound) {
        self.name = name
        self.span = span
        self.context = context
        self.parameters = parameters
        self.slots = bound.slots
        self.rest = bound.rest
    }

    /// The variadic arguments' values.
    public var restValues: [Value] { rest.map(\.value) }

    private func slotIndex(_ parameter: String) -> Int? {
        parameters.firstIndex { $0.name == parameter }
    }

    /// The argument's value, its default if omitted, or nil for an omitted `.optional`.
    public func value(_ parameter: String) -> Value? {
        guard let index = slotIndex(parameter) else { return nil }
        if let given = slots[index] { return given.value }
        if case .defaulted(let value) = parameters[index].kind { return value }
        return nil
    }

    /// True if the caller passed this argument.
    public func isGiven(_ parameter: String) -> Bool {
        slotIndex(parameter).flatMap { slots[$0] } != nil
    }

    /// The span of the argument (the call if it was not given).
    public func span(of parameter: String) -> Span {
        slotIndex(parameter).flatMap { slots[$0]?.span } ?? span
    }

    /// An error located at the argument (or at the call when `parameter` is nil), worded
    /// `name: message`.
    public func error(_ parameter: String?, _ message: String, id: String = "invalid-argument", hint: String? = nil) -> RuntimeError {
        RuntimeError("\(name): \(message)", id: id, span: parameter.map { span(of: $0) } ?? span, source: context.currentSource, hint: hint)
    }

    /// `value` as `print` shows it, or an error at the argument if the text would be
    /// longer than the string limit (`InterpreterOptions.maxCollectionLength`).
    public func text(of value: Value, argument parameter: String?) throws -> String {
        guard let text = value.description(limit: context.options.maxCollectionLength) else {
            throw error(parameter, RuntimeMessages.tooLong("string", context.options.maxCollectionLength), id: "too-large")
        }
        return text
    }

    /// The texts of `values` joined by `separator`, or an error at the argument past the
    /// string limit; the length is checked while joining, not after.
    public func joinedText(_ values: [Value], separator: String, argument parameter: String?) throws -> String {
        let limit = context.options.maxCollectionLength
        var out = ""
        for (i, value) in values.enumerated() {
            if i > 0 { out += separator }
            guard let text = value.description(limit: limit - out.utf8.count), out.utf8.count + text.utf8.count <= limit else {
                throw error(parameter, RuntimeMessages.tooLong("string", limit), id: "too-large")
            }
            out += text
        }
        guard out.utf8.count <= limit else { throw error(parameter, RuntimeMessages.tooLong("string", limit), id: "too-large") }
        return out
    }

    /// `sqrt: argument 'x' must be a number, got string "a"`.
    public func typeError(_ parameter: String, expected: String, got value: Value) -> RuntimeError {
        error(parameter, RuntimeMessages.argumentType(parameter, expected: expected, got: value), id: "type-error",
              hint: RuntimeMessages.callItHint(value, expected: expected))
    }

    private func required(_ parameter: String) throws -> Value {
        guard let value = value(parameter) else {
            throw error(nil, RuntimeMessages.missingArgument(name, parameter))
        }
        return value
    }

    /// The argument converted by `match`, or a type error saying what was `expected`.
    private func typed<T>(_ parameter: String, _ expected: String, _ match: (Value) -> T?) throws -> T {
        let value = try required(parameter)
        guard let result = match(value) else { throw typeError(parameter, expected: expected, got: value) }
        return result
    }

    public func number(_ parameter: String) throws -> Double { try typed(parameter, "a number", \.asNumber) }
    /// An integral number that fits an `Int`.
    public func integer(_ parameter: String) throws -> Int { try typed(parameter, "an integer", \.asInteger) }
    public func string(_ parameter: String) throws -> String { try typed(parameter, "a string", \.asString) }
    /// A file name: a string, not empty, without NUL (the system would cut the name there
    /// and reach another file).
    public func path(_ parameter: String) throws -> String {
        let path = try string(parameter)
        if path.isEmpty { throw error(parameter, "the file name is empty") }
        if path.utf8.contains(0) { throw error(parameter, "the file name contains a NUL character (\\u{0})") }
        return path
    }
    public func bool(_ parameter: String) throws -> Bool { try typed(parameter, "true or false", \.asBool) }
    public func list(_ parameter: String) throws -> [Value] { try typed(parameter, "a list", \.asList) }
    public func record(_ parameter: String) throws -> Record { try typed(parameter, "a record", \.asRecord) }

    /// An `.optional` argument read by `read` if it was given, else nil:
    /// `let patience = try call.ifGiven("early_stop", call.integer)`.
    public func ifGiven<T>(_ parameter: String, _ read: (String) throws -> T) rethrows -> T? {
        value(parameter) == nil ? nil : try read(parameter)
    }

    /// A function value, to pass to `context.call`.
    public func function(_ parameter: String) throws -> Value {
        try typed(parameter, "a function") { value in
            Evaluator.callee(value) == nil ? nil : value
        }
    }

    /// A host object of type `T`; `expected` names it for the error (`"a model"`).
    public func host<T: HostObject>(_ parameter: String, as type: T.Type, expected: String) throws -> T {
        try typed(parameter, expected) { $0.host(as: type) }
    }

    /// Calls a function value with positional arguments (for `map`, `filter`, ...).
    public func call(_ function: Value, _ arguments: [Value]) throws -> Value {
        try context.call(function, arguments, at: span)
    }
}
