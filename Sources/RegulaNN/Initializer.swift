import RegulaTensor

/// How a dense layer's parameters are drawn.
///
/// - `uniform` (the default, PyTorch's `nn.Linear`): weight and bias uniform in ±1/√fan_in.
/// - `he`: weight normal with std √(2/fan_in) (Kaiming normal); bias zero.
/// - `glorot`: weight uniform in ±√(6/(fan_in + fan_out)) (Xavier uniform); bias zero.
/// - `zeros`: weight and bias zero.
public enum Initializer: String, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    case uniform, he, glorot, zeros

    public var description: String { rawValue }

    /// Draws `(weight [out·in], bias [out])` from `generator` (weight first, row-major).
    func draw(inputs: Int, units: Int, generator: inout RandomGenerator) -> (weight: [Float], bias: [Float]) {
        let count = inputs * units
        switch self {
        case .uniform:
            let bound = 1 / Double(inputs).squareRoot()
            let weight = (0..<count).map { _ in Float(generator.uniform(-bound, bound)) }
            let bias = (0..<units).map { _ in Float(generator.uniform(-bound, bound)) }
            return (weight, bias)
        case .he:
            let std = (2 / Double(inputs)).squareRoot()
            return ((0..<count).map { _ in Float(std * generator.normal()) }, Array(repeating: 0, count: units))
        case .glorot:
            let bound = (6 / Double(inputs + units)).squareRoot()
            let weight = (0..<count).map { _ in Float(generator.uniform(-bound, bound)) }
            return (weight, Array(repeating: 0, count: units))
        case .zeros:
            return (Array(repeating: 0, count: count), Array(repeating: 0, count: units))
        }
    }
}
