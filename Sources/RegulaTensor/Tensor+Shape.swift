/// Construction from user data, reshaping, 2-D transposition and row gathering. Everything
/// here that user input can reach validates and throws a `TensorError`.
extension Tensor {
    /// Wraps `scalars` in `shape`, throwing when the count does not match or an extent is
    /// negative.
    public init(validatingShape shape: [Int], scalars: [Scalar]) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw TensorError.invalid("tensor", "shape \(TensorError.describe(shape: shape)) has a negative extent")
        }
        let expected = shape.reduce(1, *)
        guard expected == scalars.count else {
            throw TensorError.invalid(
                "tensor", "shape \(TensorError.describe(shape: shape)) holds \(expected) elements but \(scalars.count) were given")
        }
        self.init(shape: shape, scalars: scalars)
    }

    /// A 1-D tensor of `values`.
    public init(_ values: [Scalar]) {
        self.init(shape: [values.count], scalars: values)
    }

    /// A 2-D tensor from rows of equal length; throws for ragged rows.
    public init(rows: [[Scalar]]) throws {
        let width = rows.first?.count ?? 0
        if let bad = rows.firstIndex(where: { $0.count != width }) {
            throw TensorError.invalid(
                "tensor", "row \(bad) has \(rows[bad].count) elements but row 0 has \(width); rows must have equal lengths")
        }
        self.init(shape: [rows.count, width], scalars: rows.flatMap { $0 })
    }

    /// The same elements in `newShape`; one extent may be −1 and is then inferred.
    public func reshaped(to newShape: [Int]) throws -> Tensor {
        var resolved = newShape
        let unknown = newShape.indices.filter { newShape[$0] == -1 }
        let bad = { (why: String) in
            TensorError.invalid(
                "reshape", "cannot reshape \(self.shapeDescription) (\(self.count) elements) into \(TensorError.describe(shape: newShape)): \(why)")
        }
        guard unknown.count <= 1 else { throw bad("only one extent may be -1") }
        guard newShape.allSatisfy({ $0 >= -1 }) else { throw bad("extents must not be negative") }
        let known = newShape.filter { $0 != -1 }.reduce(1, *)
        if let axis = unknown.first {
            guard known > 0, count % known == 0 else { throw bad("\(count) is not a multiple of \(known)") }
            resolved[axis] = count / known
        }
        guard resolved.reduce(1, *) == count else {
            throw bad("that shape holds \(resolved.reduce(1, *)) elements")
        }
        return reshaped(resolved)
    }

    /// The transpose of a 2-D tensor (a copy; matmul takes transpose flags instead).
    public func transposed() throws -> Tensor {
        guard rank == 2 else {
            throw TensorError.invalid("transpose", "expects a 2-D tensor, got shape \(shapeDescription)")
        }
        let (rows, cols) = (shape[0], shape[1])
        var out = Tensor(uninitializedShape: [cols, rows])
        scalars.withUnsafeBufferPointer { src in
            out.scalars.withUnsafeMutableBufferPointer { dst in
                guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                // 32×32 tiles keep both sides in cache.
                let tile = 32
                for r0 in stride(from: 0, to: rows, by: tile) {
                    for c0 in stride(from: 0, to: cols, by: tile) {
                        for r in r0..<Swift.min(r0 + tile, rows) {
                            for c in c0..<Swift.min(c0 + tile, cols) { d[c * rows + r] = s[r * cols + c] }
                        }
                    }
                }
            }
        }
        return out
    }

    /// The slice at `index` along axis 0 (negative counts from the end): a row of a
    /// matrix, or a rank-0 element of a vector.
    public func slice(_ index: Int) throws -> Tensor {
        guard rank >= 1 else { throw TensorError.invalid("index", "cannot index a scalar tensor") }
        let i = index < 0 ? index + shape[0] : index
        guard i >= 0 && i < shape[0] else {
            throw TensorError.invalid("index", "index \(index) is out of range for shape \(shapeDescription)")
        }
        let width = count / shape[0]
        return Tensor(shape: Array(shape.dropFirst()), scalars: Array(scalars[(i * width)..<((i + 1) * width)]))
    }

    /// The element at a full multi-index (negative entries count from the end).
    public func element(at indices: [Int]) throws -> Scalar {
        guard indices.count == rank else {
            throw TensorError.invalid(
                "index", "\(indices.count) indices given for a tensor of shape \(shapeDescription) (rank \(rank))")
        }
        var offset = 0
        for (axis, index) in indices.enumerated() {
            let i = index < 0 ? index + shape[axis] : index
            guard i >= 0 && i < shape[axis] else {
                throw TensorError.invalid("index", "index \(index) is out of range for axis \(axis) of shape \(shapeDescription)")
            }
            offset = offset * shape[axis] + i
        }
        return scalars[offset]
    }

    /// The rows (slices along axis 0) at `indices`, in that order: a mini-batch.
    public func gatherRows(_ indices: [Int]) throws -> Tensor {
        var out = Tensor.zeros([0])
        try gatherRows(indices[...], into: &out)
        return out
    }

    /// Writes the rows at `indices` into `out`, reusing its storage when the shape fits.
    public func gatherRows(_ indices: ArraySlice<Int>, into out: inout Tensor) throws {
        guard rank >= 1 else { throw TensorError.invalid("gather", "expects at least one axis, got a scalar") }
        let rows = shape[0]
        if let bad = indices.first(where: { $0 < 0 || $0 >= rows }) {
            throw TensorError.invalid("gather", "row index \(bad) is out of range for shape \(shapeDescription)")
        }
        var outShape = shape
        outShape[0] = indices.count
        if out.shape != outShape { out = Tensor(uninitializedShape: outShape) }
        let width = rows == 0 ? 0 : count / rows
        scalars.withUnsafeBufferPointer { src in
            out.scalars.withUnsafeMutableBufferPointer { dst in
                guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                for (k, row) in indices.enumerated() {
                    (d + k * width).update(from: s + row * width, count: width)
                }
            }
        }
    }

    /// Adds each row of `rows` into row `indices[k]` of `self` (repeated indices add up):
    /// the backward pass of `gatherRows`.
    mutating func scatterAddRows(_ rows: Tensor, at indices: [Int]) {
        let width = shape[0] == 0 ? 0 : count / shape[0]
        rows.scalars.withUnsafeBufferPointer { src in
            scalars.withUnsafeMutableBufferPointer { dst in
                guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                for (k, row) in indices.enumerated() {
                    let to = d + row * width, from = s + k * width
                    for i in 0..<width { to[i] += from[i] }
                }
            }
        }
    }
}
