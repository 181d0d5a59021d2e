/// The elementwise loops. Each op is an enum case so that one specialised function per
/// element type holds every loop with its arithmetic inlined (a closure passed across
/// modules would cost a call per element). `@_specialize` makes the generic entry points
/// dispatch to the Float and Double bodies.

/// Binary elementwise operations (broadcasting is handled by the caller).
@usableFromInline
enum BinaryOp: Sendable {
    case add, subtract, multiply, divide, power, maximum, minimum, remainder
}

/// Applies `op` over `n` elements: `out[i] = a[i·sa] ∘ b[i·sb]`.
@_specialize(where S == Float)
@_specialize(where S == Double)
@usableFromInline
func binaryKernel<S: TensorScalar>(
    _ op: BinaryOp, _ a: UnsafePointer<S>, _ sa: Int, _ b: UnsafePointer<S>, _ sb: Int,
    _ out: UnsafeMutablePointer<S>, _ n: Int
) {
    switch op {
    case .add: binaryRow(a, sa, b, sb, out, n) { $0 + $1 }
    case .subtract: binaryRow(a, sa, b, sb, out, n) { $0 - $1 }
    case .multiply: binaryRow(a, sa, b, sb, out, n) { $0 * $1 }
    case .divide: binaryRow(a, sa, b, sb, out, n) { $0 / $1 }
    case .power:
        // RealModule's real `pow` is NaN for a negative base; an integral exponent takes
        // the integer power instead, as NumPy does: (-0.5) ** 2 = 0.25.
        binaryRow(a, sa, b, sb, out, n) { x, y in
            x < 0 && y.rounded() == y && Swift.abs(y) < 16_777_216 ? S.pow(x, Int(y)) : S.pow(x, y)
        }
    case .maximum: binaryRow(a, sa, b, sb, out, n) { $0.isNaN || $0 >= $1 ? $0 : $1 }
    case .minimum: binaryRow(a, sa, b, sb, out, n) { $0.isNaN || $0 <= $1 ? $0 : $1 }
    case .remainder:
        // Python's `%` (NumPy's `mod`): the result takes the divisor's sign.
        binaryRow(a, sa, b, sb, out, n) { x, y in
            let r = x.truncatingRemainder(dividingBy: y)
            return r != 0 && (r < 0) != (y < 0) ? r + y : r
        }
    }
}

/// The loop shapes worth telling apart: both contiguous (vectorises), one side a scalar.
@inline(__always)
func binaryRow<S>(
    _ a: UnsafePointer<S>, _ sa: Int, _ b: UnsafePointer<S>, _ sb: Int,
    _ out: UnsafeMutablePointer<S>, _ n: Int, _ f: (S, S) -> S
) {
    if sa == 1 && sb == 1 {
        for i in 0..<n { out[i] = f(a[i], b[i]) }
    } else if sa == 1 && sb == 0 {
        let y = b[0]
        for i in 0..<n { out[i] = f(a[i], y) }
    } else if sa == 0 && sb == 1 {
        let x = a[0]
        for i in 0..<n { out[i] = f(x, b[i]) }
    } else {
        for i in 0..<n { out[i] = f(a[i * sa], b[i * sb]) }
    }
}

extension Tensor {
    /// `a ∘ b` over a validated broadcast plan.
    static func broadcastBinary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, _ plan: BroadcastPlan) -> Tensor {
        var out = Tensor(uninitializedShape: plan.shape)
        broadcastBinary(op, a, b, plan, into: &out.scalars)
        return out
    }

    /// `a ∘ b` over a validated broadcast plan, written into `out` (already sized).
    static func broadcastBinary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, _ plan: BroadcastPlan, into out: inout [Scalar]) {
        let inner = plan.extents[plan.extents.count - 1]
        let innerA = plan.stridesA[plan.stridesA.count - 1]
        let innerB = plan.stridesB[plan.stridesB.count - 1]
        a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { po in
                    guard let baseA = pa.baseAddress, let baseB = pb.baseAddress, let baseOut = po.baseAddress,
                          po.count > 0 else { return }
                    plan.forEachRow { offsetA, offsetB, offsetOut in
                        binaryKernel(op, baseA + offsetA, innerA, baseB + offsetB, innerB, baseOut + offsetOut, inner)
                    }
                }
            }
        }
    }

    /// A tensor of `shape` whose elements the caller overwrites at once, every one of them
    /// (skipping the zero fill saves a pass over memory on every result).
    init(uninitializedShape shape: [Int]) {
        let count = shape.reduce(1, *)
        self.init(shape: shape, scalars: [Scalar](unsafeUninitializedCapacity: count) { _, initialized in
            initialized = count
        })
    }
}
