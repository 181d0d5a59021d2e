/// Elementwise arithmetic with NumPy broadcasting. Operators between two tensors throw a
/// `TensorError` naming the operation and both shapes when the shapes do not broadcast;
/// operators with a scalar cannot fail.
extension Tensor {
    /// `a ∘ b` with broadcasting; `name` is the operation's name in error messages.
    static func elementwise(_ op: BinaryOp, _ name: String, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        if a.shape == b.shape {
            // Common case: no plan needed.
            var out = Tensor(uninitializedShape: a.shape)
            combineSameShape(op, a, b, into: &out)
            return out
        }
        return broadcastBinary(op, a, b, try BroadcastPlan(name, a.shape, b.shape))
    }

    /// Elements per block when an elementwise loop is spread over threads (each element is
    /// computed alone, so any split gives the same bits).
    static var elementwiseBlock: Int { 1 << 14 }

    static func combineSameShape(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, into out: inout Tensor, loop: ParallelLoop = .serial) {
        let n = a.count
        a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                out.scalars.withUnsafeMutableBufferPointer { po in
                    guard let x = pa.baseAddress, let y = pb.baseAddress, let z = po.baseAddress else { return }
                    loop.forEachRange(count: n, blockSize: elementwiseBlock, nanosecondsPerItem: 0.5) { r in
                        binaryKernel(op, x + r.lowerBound, 1, y + r.lowerBound, 1, z + r.lowerBound, r.count)
                    }
                }
            }
        }
    }

    /// `x ∘ c` for every element `x` (or `c ∘ x` when `scalarFirst`).
    func combined(_ op: BinaryOp, scalar c: Scalar, scalarFirst: Bool = false) -> Tensor {
        var out = Tensor(uninitializedShape: shape)
        let n = count
        var constant = c
        scalars.withUnsafeBufferPointer { pa in
            out.scalars.withUnsafeMutableBufferPointer { po in
                withUnsafePointer(to: &constant) { pc in
                    guard let x = pa.baseAddress, let z = po.baseAddress else { return }
                    if scalarFirst {
                        binaryKernel(op, pc, 0, x, 1, z, n)
                    } else {
                        binaryKernel(op, x, 1, pc, 0, z, n)
                    }
                }
            }
        }
        return out
    }

    /// Writes `a ∘ b` into `out`, reusing its storage when it already has the result's shape.
    static func elementwise(
        _ op: BinaryOp, _ name: String, _ a: Tensor, _ b: Tensor, into out: inout Tensor, loop: ParallelLoop
    ) throws {
        let plan = try BroadcastPlan(name, a.shape, b.shape)
        if out.shape != plan.shape { out = Tensor(uninitializedShape: plan.shape) }
        if a.shape == b.shape {
            combineSameShape(op, a, b, into: &out, loop: loop)
        } else {
            broadcastBinary(op, a, b, plan, into: &out.scalars)
        }
    }

    /// Elementwise sum with broadcasting.
    public static func + (a: Tensor, b: Tensor) throws -> Tensor { try elementwise(.add, "add", a, b) }
    /// Elementwise difference with broadcasting.
    public static func - (a: Tensor, b: Tensor) throws -> Tensor { try elementwise(.subtract, "subtract", a, b) }
    /// Elementwise product with broadcasting.
    public static func * (a: Tensor, b: Tensor) throws -> Tensor { try elementwise(.multiply, "multiply", a, b) }
    /// Elementwise quotient with broadcasting (IEEE: x/0 is ±∞ or NaN).
    public static func / (a: Tensor, b: Tensor) throws -> Tensor { try elementwise(.divide, "divide", a, b) }
    /// Elementwise `aᵇ` with broadcasting.
    public func pow(_ exponent: Tensor) throws -> Tensor { try Tensor.elementwise(.power, "pow", self, exponent) }
    /// Elementwise maximum with broadcasting (NaN wins).
    public static func maximum(_ a: Tensor, _ b: Tensor) throws -> Tensor { try elementwise(.maximum, "maximum", a, b) }
    /// Elementwise minimum with broadcasting (NaN wins).
    public static func minimum(_ a: Tensor, _ b: Tensor) throws -> Tensor { try elementwise(.minimum, "minimum", a, b) }

    /// Elementwise remainder with broadcasting, with the divisor's sign (Python's `%`).
    public static func % (a: Tensor, b: Tensor) throws -> Tensor { try elementwise(.remainder, "remainder", a, b) }
    /// Remainder with a scalar operand (Python's sign rule).
    public static func % (a: Tensor, c: Scalar) -> Tensor { a.combined(.remainder, scalar: c) }
    /// Remainder with a scalar operand (Python's sign rule).
    public static func % (c: Scalar, a: Tensor) -> Tensor { a.combined(.remainder, scalar: c, scalarFirst: true) }

    /// Adds a scalar to every element.
    public static func + (a: Tensor, c: Scalar) -> Tensor { a.combined(.add, scalar: c) }
    /// Adds a scalar to every element.
    public static func + (c: Scalar, a: Tensor) -> Tensor { a.combined(.add, scalar: c) }
    /// Subtracts elementwise with a scalar operand.
    public static func - (a: Tensor, c: Scalar) -> Tensor { a.combined(.subtract, scalar: c) }
    /// Subtracts elementwise with a scalar operand.
    public static func - (c: Scalar, a: Tensor) -> Tensor { a.combined(.subtract, scalar: c, scalarFirst: true) }
    /// Scales every element.
    public static func * (a: Tensor, c: Scalar) -> Tensor { a.combined(.multiply, scalar: c) }
    /// Scales every element.
    public static func * (c: Scalar, a: Tensor) -> Tensor { a.combined(.multiply, scalar: c) }
    /// Divides elementwise with a scalar operand.
    public static func / (a: Tensor, c: Scalar) -> Tensor { a.combined(.divide, scalar: c) }
    /// Divides elementwise with a scalar operand.
    public static func / (c: Scalar, a: Tensor) -> Tensor { a.combined(.divide, scalar: c, scalarFirst: true) }
    /// Elementwise `xᶜ`.
    public func pow(_ exponent: Scalar) -> Tensor { combined(.power, scalar: exponent) }

    /// `out ← a + b` with broadcasting, reusing `out`'s storage when its shape fits.
    /// Equal shapes are spread over `loop`'s threads when the work is large.
    public static func add(_ a: Tensor, _ b: Tensor, into out: inout Tensor, loop: ParallelLoop = .serial) throws {
        try elementwise(.add, "add", a, b, into: &out, loop: loop)
    }
    /// `out ← a − b` with broadcasting, reusing `out`'s storage when its shape fits.
    public static func subtract(_ a: Tensor, _ b: Tensor, into out: inout Tensor, loop: ParallelLoop = .serial) throws {
        try elementwise(.subtract, "subtract", a, b, into: &out, loop: loop)
    }
    /// `out ← a ⊙ b` with broadcasting, reusing `out`'s storage when its shape fits.
    public static func multiply(_ a: Tensor, _ b: Tensor, into out: inout Tensor, loop: ParallelLoop = .serial) throws {
        try elementwise(.multiply, "multiply", a, b, into: &out, loop: loop)
    }
    /// `out ← a / b` with broadcasting, reusing `out`'s storage when its shape fits.
    public static func divide(_ a: Tensor, _ b: Tensor, into out: inout Tensor, loop: ParallelLoop = .serial) throws {
        try elementwise(.divide, "divide", a, b, into: &out, loop: loop)
    }

    /// `self += other` in place; `other` must broadcast to `self`'s shape.
    public mutating func add(_ other: Tensor) throws {
        if other.shape == shape {
            addSameShape(other, scaledBy: 1)
            return
        }
        let plan = try BroadcastPlan("add", shape, other.shape)
        guard plan.shape == shape else {
            throw TensorError.shapes("add", shape, other.shape, "the second does not broadcast to the first in place")
        }
        let copy = self
        Tensor.broadcastBinary(.add, copy, other, plan, into: &scalars)
    }

    /// `self += α·other` for tensors of one shape (an internal invariant): the gradient
    /// accumulation of autograd and the axpy of optimizers.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public mutating func addSameShape(_ other: Tensor, scaledBy alpha: Scalar) {
        precondition(other.shape == shape, "addSameShape: \(shapeDescription) vs \(other.shapeDescription)")
        let n = count
        other.scalars.withUnsafeBufferPointer { src in
            scalars.withUnsafeMutableBufferPointer { dst in
                guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                if alpha == 1 {
                    for i in 0..<n { d[i] += s[i] }
                } else {
                    for i in 0..<n { d[i] += alpha * s[i] }
                }
            }
        }
    }
}
