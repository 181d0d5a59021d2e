import Foundation
import RegulaNN
import RegulaSyntax
import RegulaTensor

/// A tensor in the language: float32, row-major, shown with its shape and a clipped
/// preview. Arithmetic broadcasts like NumPy; `@` is the matrix product; the math
/// builtins apply elementwise (`abs`, `sqrt`, `exp`, `log`, `floor`, `ceil`, `round`) or
/// reduce over every element (`sum`, `mean`, `max`, `min`, `std`, `median`, `argmax`,
/// `argmin`). `==` compares values.
///
/// Inside a function being differentiated (a script penalty, loss or activation during
/// `train`, or `gradient(f, x)`) a tensor that depends on the differentiated input also
/// carries its autograd node: the operators and builtins then run the `Variable` op of
/// the same name (`TensorObject+Autograd.swift`), so the tape records them. To the user
/// it is the same tensor: it prints, indexes and has a shape as any other.
final class TensorObject: HostObject {
    let tensor: Tensor<Float>
    /// The tape node this tensor's value came from, when it needs a gradient (nil otherwise).
    let node: Variable<Float>?

    init(_ tensor: Tensor<Float>) {
        self.tensor = tensor
        self.node = nil
    }

    /// A tensor on the tape; a node that needs no gradient is kept as a plain tensor.
    init(node: Variable<Float>) {
        self.tensor = node.value
        self.node = node.requiresGrad ? node : nil
    }

    static func value(_ tensor: Tensor<Float>) -> Value { .host(TensorObject(tensor)) }
    static func value(_ node: Variable<Float>) -> Value { .host(TensorObject(node: node)) }

    /// This tensor as a tape node (a constant leaf when it carries none).
    var variable: Variable<Float> { node ?? Variable(tensor) }

    var typeName: String { "tensor" }
    var description: String { tensor.description }
    var summary: String { "tensor(shape: \(tensor.shapeDescription))" }

    var fieldNames: [String] { ["shape", "rank", "size"] }

    func field(named name: String) throws -> Value? {
        switch name {
        case "shape": return .list(tensor.shape.map { .number(Double($0)) })
        case "rank": return .number(Double(tensor.rank))
        case "size": return .number(Double(tensor.count))
        default: return nil
        }
    }

    var length: Int? { tensor.rank == 0 ? nil : tensor.shape[0] }

    /// `t[i]`: a row of a matrix (a tensor), an element of a vector (a number; a 0-d tensor
    /// on the tape).
    func index(_ index: Value) throws -> Value? {
        guard tensor.rank > 0 else { throw RuntimeError("cannot index a scalar tensor (shape [])", id: "type-error") }
        guard case .number(let x) = index else {
            throw RuntimeError(RuntimeMessages.indexType("tensor", index), id: "type-error")
        }
        guard let i = Value.integer(x) else { throw RuntimeError(RuntimeMessages.indexNotInteger(x), id: "type-error") }
        let count = tensor.shape[0]
        let resolved = i < 0 ? i + count : i
        guard resolved >= 0, resolved < count else {
            throw RuntimeError(RuntimeMessages.indexOutOfRange(i, kind: "tensor", count: count), id: "index-out-of-range")
        }
        if let node {
            // The row (or element) stays on the tape: a 0-d tensor rather than a number.
            return try TrainingErrors.wrapTensor { TensorObject.value(try node.gatherRows([resolved]).reshaped(to: Array(tensor.shape.dropFirst()))) }
        }
        if let node {
            // The row (or element) stays on the tape: a 0-d tensor rather than a number.
            return try TrainingErrors.wrapTensor { TensorObject.value(try node.gatherRows([resolved]).reshaped(to: Array(tensor.shape.dropFirst()))) }
        }
        let row = try TrainingErrors.wrapTensor { try tensor.slice(resolved) }
        return row.rank == 0 ? .number(Double(row.scalars[0])) : TensorObject.value(row)
    }

    func elements() throws -> [Value]? {
        guard let count = length else { return nil }
        return try (0..<count).map { try index(.number(Double($0))) ?? .none }
    }

    func isEqual(to other: any HostObject) -> Bool {
        guard let other = other as? TensorObject else { return false }
        return tensor == other.tensor
    }

    func negated() throws -> Value? { node.map { TensorObject.value(-$0) } ?? TensorObject.value(-tensor) }

    func binary(_ op: BinaryOperator, _ other: Value, selfIsLeft: Bool) throws -> Value? {
        if op == .equal || op == .notEqual {
            // A 0-d tensor (a reduction inside a differentiated function) equals the number
            // it holds, as it orders against one; anything else compares as a value.
            guard tensor.rank == 0, case .number(let x) = other else { return nil }
            return .bool((Double(tensor.scalars[0]) == x) == (op == .equal))
        }
        if let ordered = try TensorObject.compare(op, self, other, selfIsLeft: selfIsLeft) { return ordered }
        if let result = try trackedBinary(op, other, selfIsLeft: selfIsLeft) { return result }
        switch other {
        case .number(let x):
            let c = Float(x)
            guard let result = TensorObject.scalarOperation(op, tensor, c, tensorIsLeft: selfIsLeft) else { return nil }
            return TensorObject.value(result)
        case .host(let object as TensorObject):
            let (a, b) = selfIsLeft ? (tensor, object.tensor) : (object.tensor, tensor)
            try TensorObject.checkLimit(op, a.shape, b.shape)
            return try TrainingErrors.wrapTensor { () throws -> Value? in
                switch op {
                case .add: return TensorObject.value(try a + b)
                case .subtract: return TensorObject.value(try a - b)
                case .multiply: return TensorObject.value(try a * b)
                case .divide: return TensorObject.value(try a / b)
                case .modulo: return TensorObject.value(try a % b)
                case .power: return TensorObject.value(try a.pow(b))
                case .matmul: return TensorObject.value(try Tensor.matrixProduct(a, b))
                default: return nil
                }
            }
        default:
            return nil
        }
    }

    /// The shape `a ⊕ b` would have (broadcast, or the matrix product's), nil when the
    /// shapes do not combine (the operation itself then says why).
    static func resultShape(_ op: BinaryOperator, _ a: [Int], _ b: [Int]) -> [Int]? {
        if op == .matmul { return try? Tensor<Float>.matrixProductShapes(a, b).result }
        var shape: [Int] = []
        for i in 0..<max(a.count, b.count) {
            let x = i < a.count ? a[a.count - 1 - i] : 1, y = i < b.count ? b[b.count - 1 - i] : 1
            guard x == y || x == 1 || y == 1 else { return nil }
            shape.insert(x == 1 ? y : x, at: 0)
        }
        return shape
    }

    /// Whether a tensor of `shape` stays within the size a script may build (zero extents
    /// count as 1, as in `zeros`).
    static func fitsLimit(_ shape: [Int]) -> Bool {
        var count = 1
        for n in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: max(n, 1))
            guard !overflow, product <= TensorBuiltins.maxElements else { return false }
            count = product
        }
        return true
    }

    /// `t ⊕ c` or `c ⊕ t`; nil for an operator that does not apply.
    static func scalarOperation(_ op: BinaryOperator, _ t: Tensor<Float>, _ c: Float, tensorIsLeft: Bool) -> Tensor<Float>? {
        switch op {
        case .add: return tensorIsLeft ? t + c : c + t
        case .subtract: return tensorIsLeft ? t - c : c - t
        case .multiply: return tensorIsLeft ? t * c : c * t
        case .divide: return tensorIsLeft ? t / c : c / t
        case .modulo: return tensorIsLeft ? t % c : c % t
        case .power: return tensorIsLeft ? t.pow(c) : (try? Tensor(repeating: c, shape: t.shape).pow(t))
        default: return nil
        }
    }

    func applyBuiltin(_ name: String, _ call: BuiltinCall) throws -> Value? {
        if let node, let result = try trackedBuiltin(name, node, call) { return result }
        switch name {
        case "abs": return TensorObject.value(tensor.abs())
        case "sqrt": return TensorObject.value(tensor.sqrt())
        case "exp": return TensorObject.value(tensor.exp())
        case "log":
            guard !call.isGiven("base") else {
                let base = try call.number("base")
                return TensorObject.value(tensor.log() / Float(Foundation.log(base)))
            }
            return TensorObject.value(tensor.log())
        case "floor": return TensorObject.value(Tensor(shape: tensor.shape, scalars: tensor.scalars.map { $0.rounded(.down) }))
        case "ceil": return TensorObject.value(Tensor(shape: tensor.shape, scalars: tensor.scalars.map { $0.rounded(.up) }))
        case "round":
            let digits = try call.integer("digits")
            let scale = Float(Foundation.pow(10, Double(max(-20, min(20, digits)))))
            return TensorObject.value(Tensor(shape: tensor.shape, scalars: tensor.scalars.map {
                ($0 * scale).rounded(.toNearestOrAwayFromZero) / scale
            }))
        case "sum", "mean", "max", "min": return try TensorObject.reduce(name, variable, call)
        case "std": return .number(try MathBuiltins.standardDeviation(tensor.scalars.map(Double.init), call))
        case "median": return .number(try MathBuiltins.median(tensor.scalars.map(Double.init), call))
        case "argmax", "argmin":
            return .number(Double(try MathBuiltins.position(tensor.scalars.map(Double.init), call, better: name == "argmax" ? (>) : (<))))
        default: return nil
        }
    }
}

extension TrainingErrors {
    /// Runs a tensor operation inside a host hook; its `TensorError` becomes a runtime error
    /// the evaluator locates at the operator.
    static func wrapTensor<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw unlocated(error) }
    }
}
