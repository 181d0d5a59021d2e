/// The autograd primitives: each operation's forward rule and its gradient side by side
/// (tinygrad's gradient table, micrograd's `_backward`). A rule receives the upstream
/// gradient `g` (shaped like the result) and returns one gradient per parent, shaped like
/// that parent; broadcasting's backward is `Tensor.summed(toShape:)`. Rules capture
/// tensors, never other nodes.
///
/// Unary functions take their rules from the `UnaryOp` table.
extension Variable {
    typealias T = Tensor<Scalar>

    /// `a ∘ b` for internal shapes known to broadcast.
    static func combine(_ op: BinaryOp, _ a: T, _ b: T) -> T {
        do {
            return try T.elementwise(op, "gradient", a, b)
        } catch {
            preconditionFailure("autograd rule on incompatible shapes: \(error)")
        }
    }

    // MARK: Elementwise arithmetic with broadcasting

    /// `a + b`;  ∂a = g, ∂b = g (each summed to its operand's shape).
    public static func + (a: Variable, b: Variable) throws -> Variable {
        let (sa, sb) = (a.shape, b.shape)
        return Variable(try a.value + b.value, operation: "add", parents: [a, b]) { g in
            [g.summed(toShape: sa), g.summed(toShape: sb)]
        }
    }

    /// `a − b`;  ∂a = g, ∂b = −g.
    public static func - (a: Variable, b: Variable) throws -> Variable {
        let (sa, sb) = (a.shape, b.shape)
        return Variable(try a.value - b.value, operation: "subtract", parents: [a, b]) { g in
            [g.summed(toShape: sa), (-g).summed(toShape: sb)]
        }
    }

    /// `a ⊙ b`;  ∂a = g⊙b, ∂b = g⊙a.
    public static func * (a: Variable, b: Variable) throws -> Variable {
        let (va, vb, ra, rb) = (a.value, b.value, a.requiresGrad, b.requiresGrad)
        return Variable(try va * vb, operation: "multiply", parents: [a, b]) { g in
            [ra ? combine(.multiply, g, vb).summed(toShape: va.shape) : nil,
             rb ? combine(.multiply, g, va).summed(toShape: vb.shape) : nil]
        }
    }

    /// `a / b`;  ∂a = g/b, ∂b = −g⊙a/b².
    public static func / (a: Variable, b: Variable) throws -> Variable {
        let (va, vb, ra, rb) = (a.value, b.value, a.requiresGrad, b.requiresGrad)
        return Variable(try va / vb, operation: "divide", parents: [a, b]) { g in
            [ra ? combine(.divide, g, vb).summed(toShape: va.shape) : nil,
             rb ? (-combine(.divide, combine(.multiply, g, va), combine(.multiply, vb, vb))).summed(toShape: vb.shape) : nil]
        }
    }

    /// `aᵇ`;  ∂a = g⊙b⊙a^(b−1), ∂b = g⊙aᵇ⊙ln a (taken as 0 where a = 0, as PyTorch does).
    public func pow(_ exponent: Variable) throws -> Variable {
        let (va, vb, ra, rb) = (value, exponent.value, requiresGrad, exponent.requiresGrad)
        let y = try va.pow(vb)
        return Variable(y, operation: "pow", parents: [self, exponent]) { g in
            var logBase = va.log()
            for i in 0..<logBase.count where va.scalars[i] == 0 { logBase.scalars[i] = 0 }
            return [
                ra ? Variable.combine(.multiply, g, Variable.combine(.multiply, vb, Variable.combine(.power, va, vb - 1))).summed(toShape: va.shape) : nil,
                rb ? Variable.combine(.multiply, g, Variable.combine(.multiply, y, logBase)).summed(toShape: vb.shape) : nil,
            ]
        }
    }

    /// Elementwise max(a, b);  the gradient goes to the larger operand (to `a` on ties).
    public static func maximum(_ a: Variable, _ b: Variable) throws -> Variable {
        try select(a, b, op: .maximum, name: "maximum")
    }

    /// Elementwise min(a, b);  the gradient goes to the smaller operand (to `a` on ties).
    public static func minimum(_ a: Variable, _ b: Variable) throws -> Variable {
        try select(a, b, op: .minimum, name: "minimum")
    }

    static func select(_ a: Variable, _ b: Variable, op: BinaryOp, name: String) throws -> Variable {
        let (va, vb) = (a.value, b.value)
        let y = try T.elementwise(op, name, va, vb)
        return Variable(y, operation: name, parents: [a, b]) { g in
            // `a` won where the result equals a broadcast to the result's shape.
            let wideA = combine(.add, va, T.zeros(y.shape))
            var toA = g, toB = g
            for i in 0..<y.count {
                if wideA.scalars[i] == y.scalars[i] { toB.scalars[i] = 0 } else { toA.scalars[i] = 0 }
            }
            return [toA.summed(toShape: va.shape), toB.summed(toShape: vb.shape)]
        }
    }

    /// Adds a scalar to every element.
    public static func + (a: Variable, c: Scalar) throws -> Variable { try a + Variable(T(c)) }
    /// Subtracts elementwise with a scalar operand.
    public static func - (a: Variable, c: Scalar) throws -> Variable { try a - Variable(T(c)) }
    /// Subtracts elementwise with a scalar operand.
    public static func - (c: Scalar, a: Variable) throws -> Variable { try Variable(T(c)) - a }
    /// Scales every element.
    public static func * (a: Variable, c: Scalar) throws -> Variable { try a * Variable(T(c)) }
    /// Scales every element.
    public static func * (c: Scalar, a: Variable) throws -> Variable { try Variable(T(c)) * a }
    /// Divides elementwise with a scalar operand.
    public static func / (a: Variable, c: Scalar) throws -> Variable { try a / Variable(T(c)) }
    /// Divides elementwise with a scalar operand.
    public static func / (c: Scalar, a: Variable) throws -> Variable { try Variable(T(c)) / a }
    /// `xᶜ` for a constant exponent.
    public func pow(_ c: Scalar) throws -> Variable { try pow(Variable(T(c))) }

    // MARK: Unary functions (rules in `UnaryOp`)

    /// `op(x)` elementwise;  ∂x = g⊙op′(x).
    public func applying(_ op: UnaryOp) -> Variable {
        let x = value
        let y = x.applying(op)
        return Variable(y, operation: op.rawValue, parents: [self]) { g in
            op.hasZeroGradient ? [nil] : [x.gradient(of: op, output: y, upstream: g)]
        }
    }

    /// −x;  ∂x = −g.
    public static prefix func - (x: Variable) -> Variable { x.applying(.negate) }
    /// `exp` elementwise, with its gradient from the `UnaryOp` table.
    public func exp() -> Variable { applying(.exp) }
    /// `log` elementwise, with its gradient from the `UnaryOp` table.
    public func log() -> Variable { applying(.log) }
    /// `sqrt` elementwise, with its gradient from the `UnaryOp` table.
    public func sqrt() -> Variable { applying(.sqrt) }
    /// `abs` elementwise, with its gradient from the `UnaryOp` table.
    public func abs() -> Variable { applying(.abs) }
    /// `sign` elementwise, with its gradient from the `UnaryOp` table.
    public func sign() -> Variable { applying(.sign) }
    /// `tanh` elementwise, with its gradient from the `UnaryOp` table.
    public func tanh() -> Variable { applying(.tanh) }
    /// `sigmoid` elementwise, with its gradient from the `UnaryOp` table.
    public func sigmoid() -> Variable { applying(.sigmoid) }
    /// `relu` elementwise, with its gradient from the `UnaryOp` table.
    public func relu() -> Variable { applying(.relu) }
    /// `gelu` elementwise, with its gradient from the `UnaryOp` table.
    public func gelu() -> Variable { applying(.gelu) }

    // MARK: Reductions

    /// Σ of all elements (shape `[]`);  ∂x = g broadcast to x's shape.
    public func sum() -> Variable {
        let shape = self.shape
        return Variable(T(value.sum()), operation: "sum", parents: [self]) { g in
            [T(repeating: g.scalars[0], shape: shape)]
        }
    }

    /// Mean of all elements;  ∂x = g/n.
    public func mean() -> Variable {
        let shape = self.shape
        let n = Scalar(value.count)
        return Variable(T(value.mean()), operation: "mean", parents: [self]) { g in
            [T(repeating: g.scalars[0] / n, shape: shape)]
        }
    }

    /// Σ along `axis`;  ∂x = g broadcast back along `axis`.
    public func sum(axis: Int, keepingDimensions: Bool = false) throws -> Variable {
        let a = try resolveAxis("sum", axis, shape: shape)
        let shape = self.shape
        let y = try value.sum(axis: a, keepingDimensions: keepingDimensions)
        return Variable(y, operation: "sum", parents: [self]) { g in
            [Variable.spread(g, along: a, to: shape, scale: 1)]
        }
    }

    /// Mean along `axis`;  ∂x = g/n broadcast back along `axis`.
    public func mean(axis: Int, keepingDimensions: Bool = false) throws -> Variable {
        let a = try resolveAxis("mean", axis, shape: shape)
        let shape = self.shape
        let y = try value.mean(axis: a, keepingDimensions: keepingDimensions)
        return Variable(y, operation: "mean", parents: [self]) { g in
            [Variable.spread(g, along: a, to: shape, scale: 1 / Scalar(shape[a]))]
        }
    }

    /// `scale·g` (g lacking `axis` or having it with extent 1) broadcast to `shape`.
    static func spread(_ g: T, along axis: Int, to shape: [Int], scale: Scalar) -> T {
        var keep = shape
        keep[axis] = 1
        return combine(.add, T.zeros(shape), g.reshaped(keep) * scale)
    }

    /// Largest element;  ∂x = g at the first largest element, 0 elsewhere.
    public func max() throws -> Variable { try extreme("max", largest: true) }
    /// Smallest element;  ∂x = g at the first smallest element, 0 elsewhere.
    public func min() throws -> Variable { try extreme("min", largest: false) }

    func extreme(_ op: String, largest: Bool) throws -> Variable {
        let (best, index) = try value.extremeElement(op, largest: largest)
        let shape = self.shape
        return Variable(T(best), operation: op, parents: [self]) { g in
            var dx = T.zeros(shape)
            dx.scalars[index] = g.scalars[0]
            return [dx]
        }
    }

    /// Largest element along `axis`;  ∂x = g at each first largest element.
    public func max(axis: Int, keepingDimensions: Bool = false) throws -> Variable {
        try extreme("max", axis: axis, keepingDimensions: keepingDimensions, largest: true)
    }
    /// Smallest element along `axis`;  ∂x = g at each first smallest element.
    public func min(axis: Int, keepingDimensions: Bool = false) throws -> Variable {
        try extreme("min", axis: axis, keepingDimensions: keepingDimensions, largest: false)
    }

    func extreme(_ op: String, axis: Int, keepingDimensions: Bool, largest: Bool) throws -> Variable {
        let a = try value.nonEmptyAxis(op, axis)
        let y = largest ? try value.max(axis: a, keepingDimensions: keepingDimensions)
                        : try value.min(axis: a, keepingDimensions: keepingDimensions)
        let winners = value.extremeIndices(axis: a, largest: largest)
        let shape = self.shape
        let (_, n, inner) = value.split(at: a)
        return Variable(y, operation: op, parents: [self]) { g in
            var dx = T.zeros(shape)
            for (k, j) in winners.enumerated() {
                let (outerIndex, innerIndex) = k.quotientAndRemainder(dividingBy: inner)
                dx.scalars[(outerIndex * n + j) * inner + innerIndex] = g.scalars[k]
            }
            return [dx]
        }
    }

    // MARK: Linear algebra and shapes

    /// `op(a)·op(b)` (2-D, Regula's kernels). With `C = A·B`: ∂A = g·Bᵀ, ∂B = Aᵀ·g, each one more
    /// gemm with transpose flags (the other flag combinations follow by transposing).
    public static func matmul(_ a: Variable, _ b: Variable, transposeA: Bool = false, transposeB: Bool = false) throws -> Variable {
        let (va, vb, ra, rb) = (a.value, b.value, a.requiresGrad, b.requiresGrad)
        let y = try T.matmul(va, vb, transposeA: transposeA, transposeB: transposeB)
        return Variable(y, operation: "matmul", parents: [a, b]) { g in
            func mm(_ x: T, _ y: T, _ tx: Bool, _ ty: Bool) -> T {
                do { return try T.matmul(x, y, transposeA: tx, transposeB: ty) } catch {
                    preconditionFailure("matmul backward: \(error)")
                }
            }
            let ga: T?, gb: T?
            switch (transposeA, transposeB) {
            case (false, false): ga = ra ? mm(g, vb, false, true) : nil; gb = rb ? mm(va, g, true, false) : nil
            case (true, false): ga = ra ? mm(vb, g, false, true) : nil; gb = rb ? mm(va, g, false, false) : nil
            case (false, true): ga = ra ? mm(g, vb, false, false) : nil; gb = rb ? mm(g, va, true, false) : nil
            case (true, true): ga = ra ? mm(vb, g, true, true) : nil; gb = rb ? mm(g, va, true, true) : nil
            }
            return [ga, gb]
        }
    }

    /// A dense layer in PyTorch's `nn.Linear` layout: `x·Wᵀ + b` with `x` `[batch, in]`,
    /// `weight` `[out, in]` and `bias` `[out]` (a composite of `matmul` and `+`).
    public static func linear(_ x: Variable, weight: Variable, bias: Variable?) throws -> Variable {
        let product = try matmul(x, weight, transposeB: true)
        guard let bias else { return product }
        return try product + bias
    }

    /// The same elements in `newShape` (one extent may be −1);  ∂x = g reshaped back.
    public func reshaped(to newShape: [Int]) throws -> Variable {
        let shape = self.shape
        return Variable(try value.reshaped(to: newShape), operation: "reshape", parents: [self]) { g in
            [g.reshaped(shape)]
        }
    }

    /// The 2-D transpose;  ∂x = gᵀ.
    public func transposed() throws -> Variable {
        Variable(try value.transposed(), operation: "transpose", parents: [self]) { g in
            [(try? g.transposed()) ?? g]
        }
    }

    /// Rows at `indices`;  ∂x = g's rows added back at `indices` (repeats add up).
    public func gatherRows(_ indices: [Int]) throws -> Variable {
        let shape = self.shape
        return Variable(try value.gatherRows(indices), operation: "gather", parents: [self]) { g in
            var dx = T.zeros(shape)
            dx.scatterAddRows(g, at: indices)
            return [dx]
        }
    }
}
