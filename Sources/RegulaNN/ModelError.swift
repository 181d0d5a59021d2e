/// What can go wrong when building, loading, training or evaluating a model. Every case
/// carries a complete message for the user.
public enum ModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A layer or model was specified with an impossible value (e.g. `dense(0)`).
    case invalidLayer(String)
    /// Data of one shape met a layer expecting another (names both shapes and the layer).
    case shapeMismatch(String)
    /// A state dict did not match the model's parameters.
    case stateDict(String)
    /// The targets do not suit the loss or the model's outputs.
    case invalidTargets(String)
    /// A training setting is out of range.
    case invalidConfiguration(String)
    /// A function written outside the engine (`ExternalFunction`) threw; its error is unchanged.
    case external(ExternalFunctionFailure)

    public var description: String {
        switch self {
        case .invalidLayer(let m), .shapeMismatch(let m), .stateDict(let m), .invalidTargets(let m),
            .invalidConfiguration(let m):
            return m
        case .external(let failure): return failure.description
        }
    }
}
