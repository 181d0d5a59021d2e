import Foundation
import RegulaNN
import RegulaSyntax
import RegulaTensor

/// A function written in the script that training differentiates: a penalty `fn (w)`
/// (called with each weight matrix it covers), a loss `fn (output, target)` or an
/// activation `fn (x)`. `apply` runs it with its first argument as a tape leaf that needs
/// a gradient (the others are constants), checks what it returned, and gives back the
/// value and a pullback: backward from the returned node, the leaf's gradient.
///
/// Errors are located in the script: a failure inside the function keeps its own place
/// and gains a note naming the call that ran it (`train` at 12:9); a wrong return points
/// at the function's last statement. The evaluator is held weakly: a penalty kept in the
/// session's defaults would otherwise keep the session alive.
final class ScriptDifferentiable {
    enum Role: String {
        case penalty, loss, activation
        /// The function of `gradient(f, x)`: a number from one tensor, like a penalty.
        case gradient

        var arguments: String {
            switch self {
            case .penalty: return "(w)"
            case .loss: return "(output, target)"
            case .activation, .gradient: return "(x)"
            }
        }

        /// How messages name the function.
        var subject: String {
            switch self {
            case .gradient: return "the function given to gradient"
            case .activation: return "an activation function"
            case .penalty, .loss: return "a \(self) function"
            }
        }
    }

    /// What the engine gets back from one run.
    typealias Outcome = (output: Tensor<Float>, pullback: ((Tensor<Float>) throws -> Tensor<Float>)?)

    let function: Value
    let role: Role
    private weak var context: Evaluator?
    /// The evaluator's lock for running script functions: the interpreter is not
    /// thread-safe, so an engine calling from several threads runs them one at a time.
    private let shared: ScriptFunctionLock
    private var lock: NSRecursiveLock { shared.lock }

    init(_ function: Value, role: Role, context: Evaluator) {
        self.function = function
        self.role = role
        self.context = context
        shared = context.state(ScriptFunctionLock.self) { ScriptFunctionLock() }
    }

    /// The function's name as a penalty, loss or layer prints it: `group_lasso`, or `fn`
    /// for an anonymous one.
    var name: String {
        if case .function(let f) = function { return f.name }
        if case .host(let object) = function { return object.description }
        return "fn"
    }

    /// The engine's handle on a function value in this role (nil for a value that is not
    /// a user function). It prints as the function's name, or `fn (w)` for an anonymous one.
    static func function(_ value: Value, role: Role, context: Evaluator) -> ExternalFunction? {
        // A builtin is not one (`loss: huber` uncalled is a slip the caller reports).
        guard case .function(let f) = value, !f.isBuiltin else { return nil }
        let piece = ScriptDifferentiable(value, role: role, context: context)
        let description = f.name == "fn" ? "fn (" + f.parameterNames.joined(separator: ", ") + ")" : f.name
        return ExternalFunction(description: description) { inputs, differentiate in
            try piece.apply(inputs, differentiate: differentiate)
        }
    }

    /// Runs the function on `inputs` (the first differentiated when `differentiate`).
    func apply(_ inputs: [Tensor<Float>], differentiate: Bool) throws -> Outcome {
        lock.lock()
        defer { lock.unlock() }
        guard let context else {
            throw RuntimeError("the session that defined this \(role) function has ended", id: "runtime-error")
        }
        guard let first = inputs.first else {
            throw RuntimeError("a \(role) function was called without arguments", id: "runtime-error")
        }
        let site = context.activeBuiltinCall
        try checkArity(inputs.count, site: site, context: context)
        let leaf = Variable(first, requiresGrad: differentiate)
        let arguments = [TensorObject.value(leaf)] + inputs.dropFirst().map { TensorObject.value($0) }
        let returned: Value
        do {
            if differentiate { shared.differentiating += 1 }
            defer { if differentiate { shared.differentiating -= 1 } }
            returned = try GradientMode.$isEnabled.withValue(differentiate) {
                try context.call(function, arguments, at: site?.span ?? definitionSpan ?? Span(start: 0, end: 0))
            }
        } catch var failure as RuntimeError {
            // A function that runs its own model (predict inside an activation) recurses
            // until the call limit: one note per call would repeat the same line 1000 times.
            if let note = callerNote(site, context), !failure.notes.contains(note) { failure.notes.append(note) }
            throw failure
        }
        let (output, node) = try check(returned, input: first, site: site, context: context)
        guard differentiate else { return (output, nil) }
        return (output, { seed in
            guard let node else { return Tensor.zeros(first.shape) }
            self.lock.lock()
            defer { self.lock.unlock() }
            leaf.zeroGrad()
            do {
                try node.backward(seed: seed.count == node.value.count ? seed.reshaped(node.shape) : seed)
            } catch {
                var failure = TrainingErrors.unlocated(error)
                self.locate(&failure, site: site, context: context)
                throw failure
            }
            return leaf.grad ?? Tensor.zeros(first.shape)
        })
    }

    /// The value and tape node of what the function returned, or a located error.
    private func check(_ value: Value, input: Tensor<Float>, site: (name: String, span: Span)?, context: Evaluator) throws
        -> (Tensor<Float>, Variable<Float>?)
    {
        let tensor = value.host(as: TensorObject.self)
        switch role {
        case .penalty, .loss, .gradient:
            if case .number(let x) = value { return (Tensor(Float(x)), nil) }
            if let tensor, tensor.tensor.count == 1 { return (tensor.tensor, tensor.node) }
        case .activation:
            if let tensor, tensor.tensor.shape == input.shape { return (tensor.tensor, tensor.node) }
        }
        let expected = role == .activation
            ? "a tensor of its input's shape \(input.shapeDescription)"
            : "a number (or a 1-element tensor)"
        var failure = RuntimeError(
            "\(role.subject) must return \(expected), but \(name == "fn" ? "it" : name) returned \(Self.describe(value))",
            id: "type-error",
            hint: value.isNone ? "a function returns what its 'return' gives: end it with return <expression>" : nil)
        locate(&failure, site: site, context: context)
        throw failure
    }

    /// A function that cannot take the role's arguments is an error at its parameters
    /// (where the fix goes), not at the call that ran it.
    private func checkArity(_ count: Int, site: (name: String, span: Span)?, context: Evaluator) throws {
        guard case .function(let f) = function, case .user(let literal, _, let source) = f.kind else { return }
        let required = literal.parameters.filter { $0.defaultValue == nil }.count
        let total = literal.parameters.count
        guard required > count || total < count else { return }
        let takes = required > count ? "needs \(required)" : total == 0 ? "takes none" : "takes at most \(total)"
        let shown = name == "fn" ? "fn (" + f.parameterNames.joined(separator: ", ") + ")" : name
        var failure = RuntimeError(
            "\(role.subject) is called with \(count == 1 ? "one argument" : "\(count) arguments") \(role.arguments), but \(shown) \(takes)",
            id: "argument-error", hint: "write it as fn \(role.arguments) { ... }")
        if let first = literal.parameters.first, let last = literal.parameters.last {
            failure.span = Span(start: first.span.start, end: last.span.end)
        } else {
            failure.span = Span(start: literal.body.span.start, end: literal.body.span.start + 1)
        }
        failure.source = source
        fromCall(&failure, site, context)
        throw failure
    }

    /// Points `failure` at the function's last statement (where its value comes from) and
    /// notes the call that ran it.
    private func locate(_ failure: inout RuntimeError, site: (name: String, span: Span)?, context: Evaluator) {
        if case .function(let f) = function, case .user(let literal, _, let source) = f.kind {
            let last = literal.body.statements.last
            if let last, case .returnValue(let expression?) = last.kind {
                failure.span = expression.span
            } else {
                failure.span = last?.span ?? literal.body.span
            }
            failure.source = source
        } else {
            failure.span = site?.span
            failure.source = context.currentSource
        }
        fromCall(&failure, site, context)
    }

    private var definitionSpan: Span? {
        if case .function(let f) = function, case .user(let literal, _, _) = f.kind { return literal.body.span }
        return nil
    }

    /// Notes the call that ran the function, and makes it the place the enclosing
    /// function's stack frame shows (the error is located in the function, which has
    /// returned: without this, that frame would show the function's line).
    private func fromCall(_ failure: inout RuntimeError, _ site: (name: String, span: Span)?, _ context: Evaluator) {
        if let note = callerNote(site, context) { failure.notes.append(note) }
        if let site { failure.pendingCallSite = (site.span, context.currentSource) }
    }

    /// `called by train at run.reg:12:9 (as its penalty)`.
    private func callerNote(_ site: (name: String, span: Span)?, _ context: Evaluator) -> String? {
        guard let site else { return nil }
        let location = context.currentSource.location(of: site.span.start)
        let role = self.role == .gradient ? "" : " (as its \(self.role))"
        return "called by \(site.name) at \(context.currentSource.name):\(location.line):\(location.column)\(role)"
    }

    /// `gradient(f, x)`: ∂f/∂x at `x` (a number or a tensor) of a function returning a
    /// number, reverse mode on the tape (first order: the gradient itself is not on it).
    static func gradient(_ call: BuiltinCall) throws -> Value {
        let f = try call.function("f")
        let value = call.value("x") ?? .none
        let x: Tensor<Float>
        if case .number(let number) = value {
            x = Tensor(Float(number))
        } else if let tensor = value.host(as: TensorObject.self) {
            // Inside a function being differentiated the result would be a constant to the
            // outer tape: a second derivative of 0, silently. Refuse instead.
            let state = call.context.state(ScriptFunctionLock.self) { ScriptFunctionLock() }
            guard tensor.node == nil || state.differentiating == 0 else {
                throw call.error("x", "gradient is first order, and x depends on what an enclosing gradient or train is differentiating: the outer derivative would treat the result as a constant")
            }
            x = tensor.tensor
        } else {
            throw call.typeError("x", expected: "a number or a tensor", got: value)
        }
        let outcome = try ScriptDifferentiable(f, role: .gradient, context: call.context).apply([x], differentiate: true)
        let slope = try outcome.pullback?(Tensor(repeating: 1, shape: outcome.output.shape)) ?? Tensor.zeros(x.shape)
        if case .number = value { return .number(Double(slope.scalars[0])) }
        return TensorObject.value(slope)
    }

    /// `a tensor of shape [3, 4]`, `none`, `number 2`.
    static func describe(_ value: Value) -> String {
        if let tensor = value.host(as: TensorObject.self) { return "a tensor of shape \(tensor.tensor.shapeDescription)" }
        return RuntimeMessages.describe(value)
    }
}

/// One per evaluator: see `ScriptDifferentiable.lock`.
final class ScriptFunctionLock {
    let lock = NSRecursiveLock()
    /// How many differentiated script functions are running (nested): a tape tensor met
    /// while none is (one the script kept from an earlier run) is an ordinary tensor.
    var differentiating = 0
}
