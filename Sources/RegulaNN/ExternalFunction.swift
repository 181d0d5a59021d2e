import RegulaTensor

/// A differentiable function written outside the engine (a script's `fn`), run on the tape
/// as a primitive: `apply` computes the output and, when asked to differentiate, a pullback
/// mapping `∂L/∂output` to `∂L/∂inputs[0]`.
///
/// Used as a penalty term (`apply([w])` → one element, called with each weight matrix the
/// penalty covers), a loss (`apply([outputs, targets])` → one element) or an activation
/// (`apply([z])` → `z`'s shape). Two functions are equal only when they are the same object.
public final class ExternalFunction: @unchecked Sendable, Equatable, CustomStringConvertible {
    /// `∂L/∂output ↦ ∂L/∂inputs[0]`.
    public typealias Pullback = (Tensor<Float>) throws -> Tensor<Float>
    /// Runs the function; `differentiate` asks for the pullback (nil is allowed when false).
    public typealias Apply = (_ inputs: [Tensor<Float>], _ differentiate: Bool) throws -> (output: Tensor<Float>, pullback: Pullback?)

    /// How it prints, e.g. `fn group_lasso` or `fn (w)`.
    public let description: String
    public let apply: Apply

    public init(description: String, apply: @escaping Apply) {
        self.description = description
        self.apply = apply
    }

    public static func == (lhs: ExternalFunction, rhs: ExternalFunction) -> Bool { lhs === rhs }
}

/// An error thrown by an `ExternalFunction` (or its pullback) while the engine ran it,
/// passed through unchanged so the caller can report it where the function was written.
public struct ExternalFunctionFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The function that failed.
    public let function: ExternalFunction
    /// What it threw, unchanged.
    public let error: any Error

    public init(function: ExternalFunction, error: any Error) {
        self.function = function
        self.error = error
    }

    public var description: String { "\(error)" }

    public static func == (lhs: ExternalFunctionFailure, rhs: ExternalFunctionFailure) -> Bool {
        lhs.function == rhs.function && "\(lhs.error)" == "\(rhs.error)"
    }
}

extension ExternalFunction {
    /// A function written with `Variable` operations, differentiated by the tape: `body`
    /// gets one variable per input (only the first requires a gradient) and returns the
    /// output; the pullback runs `backward(seed:)` from it.
    public convenience init(description: String, variables body: @escaping ([Variable<Float>]) throws -> Variable<Float>) {
        self.init(description: description) { inputs, differentiate in
            let variables = inputs.enumerated().map { Variable($0.element, requiresGrad: differentiate && $0.offset == 0) }
            let output = try body(variables)
            guard differentiate, let first = variables.first else { return (output.value, nil) }
            return (output.value, { seed in
                first.zeroGrad()
                try output.backward(seed: seed.reshaped(to: output.shape))
                // An output that does not depend on the input leaves no gradient: zero.
                return first.grad ?? Tensor(repeating: 0, shape: first.shape)
            })
        }
    }
}
