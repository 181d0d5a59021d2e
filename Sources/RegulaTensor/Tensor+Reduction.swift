/// Reductions over all elements or along one axis. Sums run in a fixed order (eight
/// interleaved partial sums, then combined) so results never depend on threads.
enum Reduction: Sendable {
    case sum, max, min
}

/// Σ p[0..<n] with eight interleaved accumulators: vectorises, and the order is fixed.
@_specialize(where S == Float)
@_specialize(where S == Double)
func sumContiguous<S: TensorScalar>(_ p: UnsafePointer<S>, _ n: Int, stride: Int = 1) -> S {
    if stride != 1 {
        var total: S = 0
        for i in 0..<n { total += p[i * stride] }
        return total
    }
    var acc: (S, S, S, S, S, S, S, S) = (0, 0, 0, 0, 0, 0, 0, 0)
    var i = 0
    while i + 8 <= n {
        acc.0 += p[i]; acc.1 += p[i + 1]; acc.2 += p[i + 2]; acc.3 += p[i + 3]
        acc.4 += p[i + 4]; acc.5 += p[i + 5]; acc.6 += p[i + 6]; acc.7 += p[i + 7]
        i += 8
    }
    var total = ((acc.0 + acc.4) + (acc.1 + acc.5)) + ((acc.2 + acc.6) + (acc.3 + acc.7))
    while i < n { total += p[i]; i += 1 }
    return total
}

/// The (value, first index) of the extreme element among `n` elements at `stride`;
/// NaN wins, as in NumPy.
@_specialize(where S == Float)
@_specialize(where S == Double)
func extremum<S: TensorScalar>(_ p: UnsafePointer<S>, _ n: Int, stride: Int, largest: Bool) -> (S, Int) {
    var best = p[0]
    var index = 0
    if best.isNaN { return (best, 0) }
    for j in 1..<max(n, 1) {
        let x = p[j * stride]
        if x.isNaN { return (x, j) }
        if largest ? x > best : x < best { best = x; index = j }
    }
    return (best, index)
}

extension Tensor {
    /// Σ of all elements (0 for an empty tensor).
    public func sum() -> Scalar {
        scalars.withUnsafeBufferPointer { p in p.baseAddress.map { sumContiguous($0, p.count) } ?? 0 }
    }

    /// Mean of all elements (NaN for an empty tensor).
    public func mean() -> Scalar { sum() / Scalar(count) }

    /// Largest element; throws for an empty tensor.
    public func max() throws -> Scalar { try extremeElement("max", largest: true).0 }
    /// Smallest element; throws for an empty tensor.
    public func min() throws -> Scalar { try extremeElement("min", largest: false).0 }
    /// Flat (row-major) index of the first largest element; throws for an empty tensor.
    public func argmax() throws -> Int { try extremeElement("argmax", largest: true).1 }

    func extremeElement(_ op: String, largest: Bool) throws -> (Scalar, Int) {
        guard count > 0 else { throw TensorError.invalid(op, "the tensor of shape \(shapeDescription) is empty") }
        return scalars.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return (0, 0) }
            return extremum(base, p.count, stride: 1, largest: largest)
        }
    }

    /// Σ along `axis` (negative counts from the end); `keepingDimensions` leaves the axis
    /// with extent 1.
    public func sum(axis: Int, keepingDimensions: Bool = false) throws -> Tensor {
        let a = try resolveAxis("sum", axis, shape: shape)
        return reduceKeepingAxis(a, .sum).droppingAxis(a, unless: keepingDimensions)
    }

    /// Mean along `axis`.
    public func mean(axis: Int, keepingDimensions: Bool = false) throws -> Tensor {
        let a = try resolveAxis("mean", axis, shape: shape)
        let total = reduceKeepingAxis(a, .sum).droppingAxis(a, unless: keepingDimensions)
        return total / Scalar(shape[a])
    }

    /// Largest element along `axis`.
    public func max(axis: Int, keepingDimensions: Bool = false) throws -> Tensor {
        let a = try nonEmptyAxis("max", axis)
        return reduceKeepingAxis(a, .max).droppingAxis(a, unless: keepingDimensions)
    }

    /// Smallest element along `axis`.
    public func min(axis: Int, keepingDimensions: Bool = false) throws -> Tensor {
        let a = try nonEmptyAxis("min", axis)
        return reduceKeepingAxis(a, .min).droppingAxis(a, unless: keepingDimensions)
    }

    /// Index of the first largest element along `axis`, as a tensor without that axis.
    public func argmax(axis: Int) throws -> Tensor {
        let a = try nonEmptyAxis("argmax", axis)
        let indices = extremeIndices(axis: a, largest: true)
        var outShape = shape
        outShape.remove(at: a)
        return Tensor(shape: outShape, scalars: indices.map { Scalar($0) })
    }

    /// Index of the first largest element along `axis`, as plain integers in row-major order.
    public func argmaxIndices(axis: Int) throws -> [Int] {
        extremeIndices(axis: try nonEmptyAxis("argmax", axis), largest: true)
    }

    func nonEmptyAxis(_ op: String, _ axis: Int) throws -> Int {
        let a = try resolveAxis(op, axis, shape: shape)
        guard shape[a] > 0 else {
            throw TensorError.invalid(op, "axis \(axis) of shape \(shapeDescription) is empty")
        }
        return a
    }

    /// `(outer, n, inner)`: the tensor seen as `[outer, shape[axis], inner]`.
    func split(at axis: Int) -> (Int, Int, Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    /// Reduces `axis` to extent 1.
    func reduceKeepingAxis(_ axis: Int, _ op: Reduction) -> Tensor {
        let (outer, n, inner) = split(at: axis)
        var outShape = shape
        outShape[axis] = 1
        // An empty axis sums to zeros (max and min reject it before getting here).
        if n == 0 { return Tensor.zeros(outShape) }
        var out = Tensor(uninitializedShape: outShape)
        scalars.withUnsafeBufferPointer { xp in
            out.scalars.withUnsafeMutableBufferPointer { op0 in
                guard let x = xp.baseAddress, let o = op0.baseAddress else { return }
                Tensor.reduceAxisKernel(op, x, o, outer, n, inner)
            }
        }
        return out
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    static func reduceAxisKernel(
        _ op: Reduction, _ x: UnsafePointer<Scalar>, _ o: UnsafeMutablePointer<Scalar>, _ outer: Int, _ n: Int, _ inner: Int
    ) {
        for b in 0..<outer {
            let block = x + b * n * inner
            let row = o + b * inner
            switch op {
            case .sum where inner == 1:
                row[0] = sumContiguous(block, n)
            case .sum:
                // Row by row: each output accumulates in axis order, and the loop over
                // `inner` vectorises.
                for i in 0..<inner { row[i] = 0 }
                for j in 0..<n {
                    let src = block + j * inner
                    for i in 0..<inner { row[i] += src[i] }
                }
            case .max, .min:
                for i in 0..<inner {
                    row[i] = extremum(block + i, n, stride: inner, largest: op == .max).0
                }
            }
        }
    }

    func extremeIndices(axis: Int, largest: Bool) -> [Int] {
        let (outer, n, inner) = split(at: axis)
        var indices = [Int](repeating: 0, count: outer * inner)
        scalars.withUnsafeBufferPointer { xp in
            guard let x = xp.baseAddress else { return }
            for b in 0..<outer {
                for i in 0..<inner {
                    indices[b * inner + i] = extremum(x + b * n * inner + i, n, stride: inner, largest: largest).1
                }
            }
        }
        return indices
    }

    /// Removes the extent-1 `axis` unless asked to keep it.
    func droppingAxis(_ axis: Int, unless keep: Bool) -> Tensor {
        if keep { return self }
        var s = shape
        s.remove(at: axis)
        return reshaped(s)
    }
}

/// Which vector norm `Tensor.norm` computes.
public enum NormOrder: Sendable, Equatable {
    /// Σ|x|
    case one
    /// √(Σx²)
    case two
    /// max|x|
    case infinity

    /// The order for `p` = 1, 2 or ∞; nil otherwise.
    public init?(p: Double) {
        switch p {
        case 1: self = .one
        case 2: self = .two
        case .infinity: self = .infinity
        default: return nil
        }
    }
}

extension Tensor {
    /// The vector norm of all elements (0 for an empty tensor).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func norm(_ order: NormOrder = .two) -> Scalar {
        scalars.withUnsafeBufferPointer { p in
            var result: Scalar = 0
            switch order {
            case .one:
                for x in p { result += Swift.abs(x) }
            case .two:
                // Scaled by the largest magnitude so that squares neither overflow nor underflow.
                var scale: Scalar = 0
                for x in p where Swift.abs(x) > scale || x.isNaN { scale = Swift.abs(x) }
                guard scale > 0, scale.isFinite else { return scale }
                for x in p { let y = x / scale; result += y * y }
                result = scale * result.squareRoot()
            case .infinity:
                for x in p where Swift.abs(x) > result || x.isNaN { result = Swift.abs(x) }
            }
            return result
        }
    }
}
