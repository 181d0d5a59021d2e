/// Seeded random tensors, drawn in row-major order from a caller's `RandomGenerator` so
/// that the same generator state always gives the same tensor.
extension Tensor {
    /// Elements drawn from N(mean, standardDeviation²) (Box–Muller in Double, then rounded).
    public static func randomNormal(
        _ shape: [Int], mean: Scalar = 0, standardDeviation: Scalar = 1, using generator: inout RandomGenerator
    ) -> Tensor {
        let m = Double(mean), s = Double(standardDeviation)
        var out = Tensor(uninitializedShape: shape)
        for i in 0..<out.count { out.scalars[i] = Scalar(m + s * generator.normal()) }
        return out
    }

    /// Elements drawn uniformly from [lower, upper).
    public static func randomUniform(
        _ shape: [Int], lower: Scalar = 0, upper: Scalar = 1, using generator: inout RandomGenerator
    ) -> Tensor {
        let lo = Double(lower), hi = Double(upper)
        var out = Tensor(uninitializedShape: shape)
        for i in 0..<out.count {
            let x = Scalar(generator.uniform(lo, hi))
            // Rounding to Float can land on `upper`; keep the interval half-open.
            out.scalars[i] = x >= upper && upper > lower ? upper.nextDown : x
        }
        return out
    }
}
