/// NumPy broadcasting, forward and backward, in one place.
///
/// Forward: shapes are aligned at their trailing axes; two extents are compatible when they
/// are equal or one of them is 1 (a missing leading axis counts as 1). Backward: the
/// gradient of a broadcast operand is the output gradient summed over the axes it was
/// stretched along (`Tensor.summed(toShape:)`).
struct BroadcastPlan {
    /// The result's shape.
    let shape: [Int]
    /// Collapsed loop extents (adjacent axes that step alike are merged), outermost first;
    /// never empty.
    let extents: [Int]
    /// Element strides of each operand over `extents` (0 on a broadcast axis).
    let stridesA: [Int]
    let stridesB: [Int]

    /// Plans `a ∘ b`; throws when the shapes do not broadcast.
    init(_ op: String, _ a: [Int], _ b: [Int]) throws {
        let rank = max(a.count, b.count)
        var shape = [Int](repeating: 1, count: rank)
        for axis in 0..<rank {
            let ea = axis - (rank - a.count) >= 0 ? a[axis - (rank - a.count)] : 1
            let eb = axis - (rank - b.count) >= 0 ? b[axis - (rank - b.count)] : 1
            guard ea == eb || ea == 1 || eb == 1 else {
                throw TensorError.shapes(
                    op, a, b, "axis \(axis - rank) has extents \(ea) and \(eb); each must match or be 1")
            }
            shape[axis] = ea == 1 ? eb : ea
        }
        self.init(shape: shape, a: a, b: b)
    }

    /// Plans reading `a` and `b` (each broadcastable to `shape`) over `shape`.
    init(shape: [Int], a: [Int], b: [Int]) {
        self.shape = shape
        let sa = BroadcastPlan.strides(of: a, over: shape)
        let sb = BroadcastPlan.strides(of: b, over: shape)
        // Merge axis i into i+1 when both operands step through them as one run: this turns
        // `[m, n] + [n]` into one outer loop of contiguous rows, and equal shapes into one loop.
        var extents: [Int] = []
        var outA: [Int] = []
        var outB: [Int] = []
        for axis in 0..<shape.count where shape[axis] != 1 {
            if let last = extents.last,
               outA[outA.count - 1] == sa[axis] * shape[axis],
               outB[outB.count - 1] == sb[axis] * shape[axis] {
                extents[extents.count - 1] = last * shape[axis]
                outA[outA.count - 1] = sa[axis]
                outB[outB.count - 1] = sb[axis]
            } else {
                extents.append(shape[axis])
                outA.append(sa[axis])
                outB.append(sb[axis])
            }
        }
        if extents.isEmpty { extents = [1]; outA = [0]; outB = [0] }
        self.extents = extents
        self.stridesA = outA
        self.stridesB = outB
    }

    /// Row-major strides of `operand` read over `shape`, 0 on broadcast axes.
    static func strides(of operand: [Int], over shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 0, count: shape.count)
        var step = 1
        let offset = shape.count - operand.count
        for axis in stride(from: operand.count - 1, through: 0, by: -1) {
            strides[axis + offset] = operand[axis] == 1 ? 0 : step
            step *= operand[axis]
        }
        return strides
    }

    /// Calls `row(offsetA, offsetB, offsetOut)` for each innermost run of
    /// `extents.last` elements, in row-major order.
    @inline(__always)
    func forEachRow(_ row: (Int, Int, Int) -> Void) {
        let inner = extents[extents.count - 1]
        let outer = extents.count - 1
        if outer == 0 { row(0, 0, 0); return }
        var index = [Int](repeating: 0, count: outer)
        var offsetA = 0, offsetB = 0, offsetOut = 0
        while true {
            row(offsetA, offsetB, offsetOut)
            offsetOut += inner
            // Odometer increment over the outer axes.
            var axis = outer - 1
            while axis >= 0 {
                index[axis] += 1
                offsetA += stridesA[axis]
                offsetB += stridesB[axis]
                if index[axis] < extents[axis] { break }
                offsetA -= stridesA[axis] * extents[axis]
                offsetB -= stridesB[axis] * extents[axis]
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }
}

extension Tensor {
    /// This tensor stretched to `shape` by broadcasting.
    public func broadcasted(to shape: [Int]) throws -> Tensor {
        let plan = try BroadcastPlan("broadcast", self.shape, shape)
        guard plan.shape == shape else {
            throw TensorError.shapes("broadcast", self.shape, shape, "the first does not broadcast to the second")
        }
        return Tensor.broadcastBinary(.add, self, Tensor.zeros(shape), plan)
    }

    /// Broadcasting's backward: sums this gradient over the axes along which an operand of
    /// `shape` was broadcast, giving a tensor of `shape`. (Internal invariant: `self.shape`
    /// is a broadcast of `shape`.)
    public func summed(toShape target: [Int]) -> Tensor {
        if shape == target { return self }
        precondition(target.count <= shape.count, "summed(toShape:) target \(target) has more axes than \(shape)")
        var result = self
        let offset = shape.count - target.count
        // Leading axes that the operand lacks, then axes where it had extent 1.
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            let targetExtent = axis >= offset ? target[axis - offset] : 1
            if result.shape[axis] != targetExtent {
                precondition(targetExtent == 1, "summed(toShape:) \(shape) is not a broadcast of \(target)")
                result = result.reduceKeepingAxis(axis, .sum)
            }
        }
        return result.reshaped(target)
    }
}
