import RegulaTensor
import XCTest

/// Central finite differences in Float64: for a scalar function `f` of some inputs,
/// compares each input's autograd gradient with `(f(x + h) − f(x − h)) / 2h`.
func assertGradients(
    _ inputs: [Tensor<Double>], step: Double = 1e-6, tolerance: Double = 1e-6, label: String = "",
    file: StaticString = #filePath, line: UInt = #line,
    _ f: ([Variable<Double>]) throws -> Variable<Double>
) throws {
    let variables = inputs.map { Variable($0, requiresGrad: true) }
    let output = try f(variables)
    XCTAssertEqual(output.value.count, 1, "gradient check needs a scalar output", file: file, line: line)
    try output.backward()
    for (k, input) in inputs.enumerated() {
        let analytic = variables[k].grad ?? Tensor.zeros(input.shape)
        XCTAssertEqual(analytic.shape, input.shape, "gradient shape of input \(k)", file: file, line: line)
        for i in 0..<input.count {
            func evaluate(_ delta: Double) throws -> Double {
                var shifted = inputs.map { Variable($0) }
                var value = input
                value.scalars[i] += delta
                shifted[k] = Variable(value)
                return try f(shifted).value.scalars[0]
            }
            let numeric = (try evaluate(step) - evaluate(-step)) / (2 * step)
            let scale = max(1, abs(numeric))
            XCTAssertEqual(
                analytic.scalars[i], numeric, accuracy: tolerance * scale,
                "\(label) ∂/∂input\(k)[\(i)]", file: file, line: line)
        }
    }
}

/// A reproducible Float64 tensor with entries in [low, high).
func sample(_ shape: [Int], seed: UInt64, low: Double = -2, high: Double = 2) -> Tensor<Double> {
    var generator = RandomGenerator(seed: seed, stream: .data)
    return Tensor.randomUniform(shape, lower: low, upper: high, using: &generator)
}

/// Contracts a tensor-valued result to a scalar with fixed, non-uniform weights, so every
/// output element's gradient matters to the check.
func weightedSum(_ v: Variable<Double>, seed: UInt64 = 99) throws -> Variable<Double> {
    try (v * Variable(sample(v.shape, seed: seed, low: 0.5, high: 1.5))).sum()
}
