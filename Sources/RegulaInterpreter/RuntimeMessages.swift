import RegulaSyntax

/// Every message text of the interpreter, in one voice: lower case, says what was expected
/// and what came, names the thing involved. (The parser's texts are in `Messages`.)
enum RuntimeMessages {
    /// A value as messages show it: its type, then a short preview (`string "a"`,
    /// `number 2.5`, `list of 3`).
    static func describe(_ value: Value) -> String {
        switch value {
        case .none: return "none"
        case .bool(let b): return "bool \(b)"
        case .number(let x): return "number \(ValuePrinter.format(x))"
        case .string(let s): return "string \(ValuePrinter.quoted(s.count > 40 ? String(s.prefix(40)) + "..." : s))"
        case .list(let items): return items.isEmpty ? "an empty list" : "a list of \(items.count)"
        case .record(let record): return "a record with fields \(record.names.joined(separator: ", "))"
        case .function(let function): return "function \(function.description)"
        case .host(let object): return "a \(object.typeName)"
        }
    }

    // Names and scopes
    static func undefinedName(_ name: String) -> String { "undefined name '\(name)'" }
    static func assignToConstant(_ name: String) -> String { "cannot assign to '\(name)': it is a constant" }
    static func useVarHint(_ name: String) -> String { "declare it with 'var \(name) = ...' to make it mutable" }
    static func assignToBuiltin(_ name: String) -> String { "cannot assign to the builtin '\(name)'" }
    static func shadowBuiltinHint(_ name: String) -> String { "declare your own with 'var \(name) = ...'" }
    // pmap: an item may run on another process, so it must not change what it did not make
    static func isolatedAssignment(_ name: String) -> String {
        "pmap's function cannot change '\(name)', a variable made outside it: each item may run in another process, where the change would be lost"
    }
    static func isolatedModel(_ name: String) -> String {
        "pmap's function cannot change model \(name), made outside it: each item may run in another process, where the change would be lost"
    }
    static let invalidAssignmentTarget = "can only assign to a name, an element 'x[i]' or a field 'x.f'"
    static func notAssignable(_ value: Value) -> String { "cannot assign to an element or field of \(describe(value))" }
    static func readOnlyField(_ value: Value, _ name: String) -> String { "the field '\(name)' of a \(value.typeName) cannot be assigned" }
    static let returnOutsideFunction = "'return' outside a function"
    static let loopControlOutsideLoop = "'break' or 'continue' outside a loop"

    // Types
    static func conditionNotBool(_ value: Value) -> String { "a condition must be true or false, got \(describe(value))" }
    static func conditionHint(_ value: Value) -> String? {
        switch value {
        case .number: return "compare explicitly, e.g. 'x != 0'"
        case .list, .string: return "test the length, e.g. 'len(x) > 0'"
        case .none: return "test for none with 'x == none'"
        default: return nil
        }
    }
    static func logicalOperand(_ op: String, _ value: Value) -> String { "'\(op)' needs true or false, got \(describe(value))" }
    static func unaryType(_ op: String, _ value: Value) -> String {
        op == "-" ? "cannot negate \(describe(value))" : "'not' needs true or false, got \(describe(value))"
    }
    static func binaryType(_ op: String, _ lhs: Value, _ rhs: Value) -> String {
        "cannot apply '\(op)' to \(lhs.typeName) and \(rhs.typeName)"
    }
    static func binaryHint(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value) -> String? {
        switch (op, lhs, rhs) {
        case (.add, .string, _), (.add, _, .string): return "convert with str(x), or interpolate: \"{x}\""
        case (.matmul, _, _): return "'@' multiplies tensors; use '*' for numbers"
        default: return nil
        }
    }
    static func notCallable(_ value: Value) -> String { "cannot call \(describe(value)): it is not a function" }
    static func notIterable(_ value: Value) -> String { "cannot iterate over \(describe(value))" }
    static let iterateNumberHint = "to count, use range(n)"
    static func notIndexable(_ value: Value) -> String { "cannot index \(describe(value))" }
    static func indexType(_ kind: String, _ key: Value) -> String { "a \(kind) index must be a number, got \(describe(key))" }
    static func indexNotInteger(_ x: Double) -> String { "index \(ValuePrinter.format(x)) is not an integer" }
    static func indexOutOfRange(_ i: Int, kind: String, count: Int) -> String {
        "index \(i) is out of range for a \(kind) of length \(count)"
    }
    static func recordKey(_ key: Value) -> String { "a record is indexed by a field name (a string), got \(describe(key))" }
    static func noFields(_ value: Value, _ name: String) -> String { "\(describe(value)) has no field '\(name)'" }
    static func missingField(_ value: Value, _ name: String) -> String { "\(value.typeName) has no field '\(name)'" }
    static func fieldList(_ names: [String]) -> String? {
        names.isEmpty ? nil : "its fields are " + names.prefix(12).joined(separator: ", ")
    }

    // Arithmetic
    static let divisionByZero = "division by zero"
    static let moduloByZero = "modulo by zero"
    static let zeroToNegativePower = "zero raised to a negative power"

    // Calls
    static func tooManyArguments(_ function: String, max: Int, got: Int) -> String {
        "\(function) takes at most \(max) positional argument\(max == 1 ? "" : "s"), got \(got)"
    }
    static func unknownArgument(_ function: String, _ label: String) -> String { "\(function) has no parameter '\(label)'" }
    static func parameterList(_ names: [String]) -> String? {
        names.isEmpty ? "it takes no named arguments" : "its parameters are " + names.joined(separator: ", ")
    }
    static func duplicateArgument(_ function: String, _ label: String) -> String { "argument '\(label)' of \(function) is given twice" }
    static func missingArgument(_ function: String, _ name: String) -> String { "missing argument '\(name)' in call to \(function)" }
    static func positionalAfterKeyword(_ function: String) -> String { "positional argument after a keyword argument in call to \(function)" }
    static func signatureHint(_ function: String, _ parameters: [ParameterShape]) -> String {
        let list = parameters.map { $0.isVariadic ? "\($0.name)..." : $0.hasDefault ? "\($0.name): ..." : $0.name }
        return "\(function)(\(list.joined(separator: ", ")))"
    }
    static func argumentType(_ name: String, expected: String, got value: Value) -> String {
        "argument '\(name)' must be \(expected), got \(describe(value))"
    }
    /// For a function given where its result was wanted (`optimizer: adam`): `call it: adam(...)`.
    /// With `expected`, only when that names a call of it ("an optimizer (sgd(...), adam(...))"):
    /// `map(double, xs)` has its arguments swapped, and calling `double` would not help.
    static func callItHint(_ value: Value, expected: String? = nil) -> String? {
        guard case .function(let function) = value, function.name != "fn" else { return nil }
        if let expected, !expected.contains(function.name + "(") { return nil }
        return "call it: \(function.name)(...)"
    }
    static func callDepth(_ limit: Int) -> String { "too many nested calls (the limit is \(limit))" }
    static let callDepthHint = "is there a recursion without a base case?"
    static func framesOmitted(_ n: Int) -> String { "\(n) more frames not shown" }

    // Limits
    static func stepLimit(_ limit: Int) -> String { "the script ran more than \(limit) steps (the host's limit)" }
    static let interrupted = "interrupted"
    static func tooLong(_ kind: String, _ limit: Int) -> String { "the \(kind) would be longer than \(limit) elements (the limit)" }
    static let echoTooLongHint = "bind it to a name instead (let x = ...) and look at a part of it"
    static func tooDeep(_ limit: Int) -> String { "values nested deeper than \(limit) levels (the limit)" }

    // Formatting
    static func badFormatSpec(_ spec: String, _ reason: String) -> String { "invalid format spec '\(spec)': \(reason)" }
    static let formatSpecHint = "a spec is [[fill]align][sign][0][width][,][.precision][type], e.g. '.4f', '.1%', '>10', '.3e', 'd'"
    static func formatNumberTooLarge(_ limit: Int) -> String { "numbers in a spec go up to \(limit)" }
    static let formatMissingPrecision = "expected digits after '.'"
    static func formatUnexpected(_ c: String) -> String { "unexpected '\(c)'" }
    static let formatPrecisionWithD = "'d' takes no precision"
    static func formatNeedsNumber(_ type: Character, _ value: Value) -> String { "format '\(type)' needs a number, got \(describe(value))" }
    static func formatNeedsInteger(_ x: Double) -> String { "format 'd' needs an integer, got \(ValuePrinter.format(x))" }
    static let formatIntegerHint = "use '.0f' to round, or round(x)"

    // Experiment statements, imports, params
    static func badSeed(_ value: Value) -> String { "a seed must be a non-negative integer, got \(describe(value))" }
    static let noModelFactory = "'model' blocks need the training library, which is not loaded in this interpreter"
    static func importNotFound(_ path: String, _ full: String) -> String { "cannot import \"\(path)\": no such file (looked for \(full))" }
    static func importNotRecorded(_ path: String, _ full: String) -> String {
        "cannot import \"\(path)\": the run record holds no copy of \(full); verify runs only the sources it stored, never today's files (the record is incomplete or was edited)"
    }
    static func importUnreadable(_ path: String) -> String { "cannot import \"\(path)\": not a readable UTF-8 text file of at most 16 MB" }
    /// Why `path` cannot name a file at all (empty, or cut short by a NUL), or nil.
    static func importBadName(_ path: String) -> String? {
        if path.isEmpty { return "cannot import \"\": the file name is empty" }
        if path.utf8.contains(0) { return "cannot import: the file name contains a NUL character (\\u{0})" }
        return nil
    }
    static func importCycle(_ path: String) -> String { "import cycle: \"\(path)\" is already being imported; skipped" }
    static let importCycleHint = "each file runs once; move the shared definitions to a third file"
    static func paramNotLiteral(_ name: String) -> String { "the default of param '\(name)' must be a literal (number, string, bool, none or a list of them)" }
    /// `1 layer`, `2 layers`, `84,480 values` (`count` as it is to be shown).
    static func counted(_ n: Int, _ noun: String, shown count: String? = nil) -> String {
        "\(count ?? String(n)) \(noun)\(n == 1 ? "" : "s")"
    }
    static func didYouMean(_ name: String) -> String { "did you mean '\(name)'?" }
    static func unknownParam(_ name: String) -> String { "unknown parameter '\(name)': the script declares no 'param \(name)'" }
    static func declaredParams(_ names: [String]) -> String {
        names.isEmpty ? "the script declares no params" : "the script's params are " + names.joined(separator: ", ")
    }
    static func paramValueNotLiteral(_ name: String, _ text: String) -> String {
        "invalid value for parameter '\(name)': \(text) is not a literal (a number, string, bool, none or a list of them)"
    }
    static func paramTypeMismatch(_ name: String, expected: Value, got: Value) -> String {
        "invalid value for parameter '\(name)': expected a \(expected.typeName) like its default \(expected.repr), got \(describe(got))"
    }
    static let stringQuotesHint = "a string value needs quotes: --param name='\"text\"'"
}
