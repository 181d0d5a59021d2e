import RegulaNN
import RegulaSuggestion

/// An activation: `relu`, `tanh`, `sigmoid`, `gelu`. Used as a dense layer's
/// `activation:` argument or as a layer line of its own in a `model` block.
final class ActivationObject: HostObject {
    let activation: Activation

    init(_ activation: Activation) { self.activation = activation }

    var typeName: String { "activation" }
    var description: String { activation.description }

    func isEqual(to other: any HostObject) -> Bool { (other as? ActivationObject)?.activation == activation }

    /// The constants bound at start.
    static var constants: [(name: String, value: Value)] {
        [Activation.relu, .tanh, .sigmoid, .gelu].map { ($0.rawValue, .host(ActivationObject($0))) }
    }

    static let expected = "an activation (relu, tanh, sigmoid, gelu or none)"

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
