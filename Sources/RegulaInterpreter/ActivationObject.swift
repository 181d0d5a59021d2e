import Foundation
import RegulaNN
import RegulaSuggestion
import RegulaTensor

/// An activation: `relu`, `tanh`, `sigmoid`, `gelu`. Used as a dense layer's
/// `activation:` argument or as a layer line of its own in a `model` block, and callable
/// on a number or a tensor: `relu(x)` (differentiable inside a script penalty, loss or
/// activation).
final class ActivationObject: HostObject {
    let activation: Activation

    init(_ activation: Activation) { self.activation = activation }

    var typeName: String { "activation" }
    var description: String { activation.description }

    func isEqual(to other: any HostObject) -> Bool { (other as? ActivationObject)?.activation == activation }

    var callable: Builtin? {
        let activation = self.activation
        return Builtin(activation.rawValue, [.required("x")], summary: "\(activation)(x): the activation elementwise on a number or a tensor") { call in
            try ActivationObject.apply(activation, call)
        }
    }

    /// `relu(x)` and the others on a number (in 64 bits) or a tensor (on the tape if it is).
    static func apply(_ activation: Activation, _ call: BuiltinCall) throws -> Value {
        let value = call.value("x") ?? .none
        if case .number(let x) = value {
            switch activation {
            case .identity: return .number(x)
            case .relu: return .number(x < 0 ? 0 : x)
            case .tanh: return .number(Foundation.tanh(x))
            case .sigmoid: return .number(1 / (1 + Foundation.exp(-x)))
            case .gelu: return .number(x * 0.5 * (1 + Foundation.erf(x / 2.0.squareRoot())))
            }
        }
        guard let object = value.host(as: TensorObject.self) else { throw call.typeError("x", expected: "a number or a tensor", got: value) }
        guard let op = unaryOp(activation) else { return value }
        if let node = object.node { return TensorObject.value(node.applying(op)) }
        return TensorObject.value(object.tensor.applying(op))
    }

    /// The tensor runtime's elementwise op for an activation (nil for the identity).
    static func unaryOp(_ activation: Activation) -> UnaryOp? {
        switch activation {
        case .identity: return nil
        case .relu: return .relu
        case .tanh: return .tanh
        case .sigmoid: return .sigmoid
        case .gelu: return .gelu
        }
    }

    /// The constants bound at start.
    static var constants: [(name: String, value: Value)] {
        [Activation.relu, .tanh, .sigmoid, .gelu].map { ($0.rawValue, .host(ActivationObject($0))) }
    }

    static let expected = "an activation (relu, tanh, sigmoid, gelu, none or a function fn (x))"

    /// An activation from an activation value, its name, or `none` (identity).
    static func activation(from value: Value) throws -> Activation? {
        if value.isNone { return .identity }
        if let object = value.host(as: ActivationObject.self) { return object.activation }
        guard case .string(let name) = value else { return nil }
        if let found = Activation(rawValue: name) { return found }
        let names = Activation.allCases.map(\.rawValue)
        throw RuntimeError("unknown activation '\(name)'\(Suggestion.phrase(Suggestion.closest(to: name, among: names)))",
                           id: "unknown-name", hint: "the activations are " + names.joined(separator: ", "))
    }
}
