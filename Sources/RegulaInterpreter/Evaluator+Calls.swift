import RegulaSyntax

extension Evaluator {
    func evaluateCall(_ callee: Expr, _ arguments: [Argument], span: Span, in env: Environment) throws -> Value {
        let function = try evaluate(callee, in: env)
        var evaluated: [EvaluatedArgument] = []
        evaluated.reserveCapacity(arguments.count)
        for argument in arguments {
            evaluated.append(EvaluatedArgument(
                label: argument.label, labelSpan: argument.labelSpan,
                value: try evaluate(argument.value, in: env), span: argument.value.span))
        }
        guard let target = Self.callee(function) else {
            throw error(RuntimeMessages.notCallable(function), id: "type-error", at: callee.span)
        }
        return try call(target, evaluated, at: span)
    }

    /// The function a value runs when called: a function, or a callable host object
    /// (an activation, a loss) as a builtin of its name.
    static func callee(_ value: Value) -> Function? {
        switch value {
        case .function(let function): return function
        case .host(let object): return object.callable.map { Function(.builtin($0), name: $0.name) }
        default: return nil
        }
    }

    /// Calls a function: binds the arguments, then runs a builtin's body or a closure's
    /// block in a new scope under the closure's. A runtime error leaving a user function
    /// gains a stack frame: the function's name and where in it execution was.
    func call(_ function: Function, _ arguments: [EvaluatedArgument], at span: Span) throws -> Value {
        switch function.kind {
        case .builtin(let builtin):
            let shapes = builtin.parameters.map { parameter -> ParameterShape in
                switch parameter.kind {
                case .required: return ParameterShape(name: parameter.name, hasDefault: false, isVariadic: false)
                case .defaulted, .optional: return ParameterShape(name: parameter.name, hasDefault: true, isVariadic: false)
                case .variadic: return ParameterShape(name: parameter.name, hasDefault: true, isVariadic: true)
                }
            }
            let outerBuiltin = activeBuiltinCall
            activeBuiltinCall = (function.name, span)
            defer { activeBuiltinCall = outerBuiltin }
            // A builtin's result may wrap its arguments (`append`, `map`, ...).
            return try depthChecked(try located(span) {
                let bound = try ArgumentBinder.bind(function.name, shapes, arguments, callSpan: span)
                return try builtin.body(BuiltinCall(
                    name: function.name, span: span, context: self, parameters: builtin.parameters, bound: bound))
            }, at: span)
        case .user(let literal, let closure, let source):
            guard callDepth < options.maxCallDepth else {
                throw error(RuntimeMessages.callDepth(options.maxCallDepth), id: "stack-overflow", at: span,
                            hint: RuntimeMessages.callDepthHint)
            }
            let shapes = literal.parameters.map {
                ParameterShape(name: $0.name, hasDefault: $0.defaultValue != nil, isVariadic: false)
            }
            let bound = try located(span) {
                try ArgumentBinder.bind(function.name, shapes, arguments, callSpan: span)
            }
            let callerSource = currentSource
            callDepth += 1
            currentSource = source
            defer {
                callDepth -= 1
                currentSource = callerSource
            }
            do {
                // Parameters are mutable locals; a default is evaluated at each call, in the
                // closure's scope, seeing the parameters before it.
                let scope = Environment(parent: closure)
                for (parameter, slot) in zip(literal.parameters, bound.slots) {
                    let value: Value
                    if let slot {
                        value = slot.value
                    } else if let defaultValue = parameter.defaultValue {
                        value = try evaluate(defaultValue, in: scope)
                    } else {
                        value = .none
                    }
                    scope.declare(parameter.name, value, isMutable: true)
                }
                switch try execute(literal.body.statements, in: scope) {
                case .returned(let value): return value
                case .normal: return .none
                case .breakLoop, .continueLoop:
                    // The checker rejects these; a program that skipped it still gets an error.
                    throw error(RuntimeMessages.loopControlOutsideLoop, id: "syntax-error", at: literal.body.span)
                }
            } catch var failure as RuntimeError {
                if failure.source == nil { failure.source = source }
                failure.unwind(function.name, calledAt: span, in: callerSource, fallback: source)
                throw failure
            }
        }
    }
}
