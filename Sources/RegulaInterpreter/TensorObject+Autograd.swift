import Foundation
import RegulaSyntax
import RegulaTensor

/// The operators and math builtins of a tensor that carries a tape node: each runs the
/// `Variable` operation of the same name, so the result stays on the tape. A reduction of
/// such a tensor (`sum`, `mean`, `max`, an element `w[i]`) is a 0-d tensor rather than a
/// number, so the gradient flows through it; it computes, compares and formats like one.
extension TensorObject {
    /// `self ⊕ other` on the tape when either operand carries a node; nil when neither does
    /// (the plain path runs) or the operator does not apply.
    func trackedBinary(_ op: BinaryOperator, _ other: Value, selfIsLeft: Bool) throws -> Value? {
        let otherVariable: Variable<Float>
        switch other {
        case .number(let x):
            guard node != nil else { return nil }
            otherVariable = Variable(Tensor(Float(x)))
        case .host(let object as TensorObject):
            guard node != nil || object.node != nil else { return nil }
            otherVariable = object.variable
        default:
            return nil
        }
        let (a, b) = selfIsLeft ? (variable, otherVariable) : (otherVariable, variable)
        try TensorObject.checkLimit(op, a.shape, b.shape)
        return try TrainingErrors.wrapTensor { () throws -> Value? in
            switch op {
            case .add: return TensorObject.value(try a + b)
            case .subtract: return TensorObject.value(try a - b)
            case .multiply: return TensorObject.value(try a * b)
            case .divide: return TensorObject.value(try a / b)
            case .power: return TensorObject.value(try a.pow(b))
            case .matmul: return TensorObject.value(try TensorObject.matrixProduct(a, b))
            case .modulo:
                // a − b·q with the floored quotient q held constant: PyTorch's remainder
                // gradient (1 for a, −q for b).
                let quotient = try (a.value - (try a.value % b.value)) / b.value
                return TensorObject.value(try a - b * Variable(quotient))
            default: return nil
            }
        }
    }

    /// `@` on the tape, with `Tensor.matrixProduct`'s rules and messages for vectors and
    /// matrices (the shapes in an error are the user's, not the promoted ones).
    static func matrixProduct(_ a: Variable<Float>, _ b: Variable<Float>) throws -> Variable<Float> {
        let shapes = try Tensor<Float>.matrixProductShapes(a.shape, b.shape)
        return try Variable.matmul(a.reshaped(to: shapes.left), b.reshaped(to: shapes.right)).reshaped(to: shapes.result)
    }

    /// `<`, `<=`, `>`, `>=` between a one-element tensor and a number or another
    /// one-element tensor (a loss or a norm computed inside a function); nil otherwise.
    static func compare(_ op: BinaryOperator, _ object: TensorObject, _ other: Value, selfIsLeft: Bool) throws -> Value? {
        guard [.less, .lessEqual, .greater, .greaterEqual].contains(op), object.tensor.count == 1 else { return nil }
        let x = Double(object.tensor.scalars[0])
        let y: Double
        switch other {
        case .number(let value): y = value
        case .host(let tensor as TensorObject) where tensor.tensor.count == 1: y = Double(tensor.tensor.scalars[0])
        default: return nil
        }
        return .bool(Operators.compare(op, selfIsLeft ? x : y, selfIsLeft ? y : x))
    }

    /// A builtin applied to a tensor on the tape; nil for the builtins whose plain result is
    /// already right (`floor`, `ceil`, `round` have a zero gradient; `argmax` and `argmin`
    /// are indices).
    func trackedBuiltin(_ name: String, _ x: Variable<Float>, _ call: BuiltinCall) throws -> Value? {
        switch name {
        case "abs": return TensorObject.value(x.abs())
        case "sqrt": return TensorObject.value(x.sqrt())
        case "exp": return TensorObject.value(x.exp())
        case "log":
            guard call.isGiven("base") else { return TensorObject.value(x.log()) }
            let base = try call.number("base")
            return TensorObject.value(try x.log() / Float(Foundation.log(base)))
        case "sum", "mean", "max", "min":
            return try TensorObject.reduce(name, x, call)
        case "std":
            let ddof = try call.integer("ddof"), n = x.value.count
            guard n > 0 else { throw call.error("values", "no values") }
            guard ddof >= 0, ddof < n else { throw call.error("ddof", "ddof must be between 0 and \(n - 1), got \(ddof)") }
            return try TrainingErrors.run(call) {
                let deviation = try x - x.mean()
                return TensorObject.value(try ((deviation * deviation).sum() / Float(n - ddof)).sqrt())
            }
        case "median":
            // The middle element (the mean of the two middle ones) picked by a constant mask.
            let scalars = x.value.scalars
            guard !scalars.isEmpty else { throw call.error("values", "no values") }
            // As the plain median: NaN if any value is (and no order to sort by).
            if scalars.contains(where: \.isNaN) { return .number(.nan) }
            let order = scalars.indices.sorted { scalars[$0] < scalars[$1] || (scalars[$0] == scalars[$1] && $0 < $1) }
            var mask = Tensor<Float>.zeros(x.shape)
            let middle = order.count / 2
            if order.count % 2 == 1 {
                mask.scalars[order[middle]] = 1
            } else {
                mask.scalars[order[middle - 1]] += 0.5
                mask.scalars[order[middle]] += 0.5
            }
            return try TrainingErrors.run(call) { TensorObject.value(try (x * Variable(mask)).sum()) }
        default:
            return nil
        }
    }

    /// `sum`, `mean`, `max`, `min` of a tensor, over every element or along `axis:`
    /// (`keepdims: true` keeps it with extent 1). A plain tensor's total is a number; a
    /// tensor on the tape, or a reduction along an axis, gives a tensor.
    static func reduce(_ name: String, _ x: Variable<Float>, _ call: BuiltinCall) throws -> Value {
        let axis = try call.ifGiven("axis", call.integer)
        let keep = call.value("keepdims") == nil ? false : try call.bool("keepdims")
        if axis == nil, name == "mean", x.value.count == 0 {
            throw call.error("values", "the tensor is empty")
        }
        let result = try TrainingErrors.run(call, at: axis == nil ? nil : "axis") { () throws -> Variable<Float> in
            if let axis {
                switch name {
                case "sum": return try x.sum(axis: axis, keepingDimensions: keep)
                case "mean": return try x.mean(axis: axis, keepingDimensions: keep)
                case "max": return try x.max(axis: axis, keepingDimensions: keep)
                default: return try x.min(axis: axis, keepingDimensions: keep)
                }
            }
            let whole: Variable<Float>
            switch name {
            case "sum": whole = x.sum()
            case "mean": whole = x.mean()
            case "max": whole = try x.max()
            default: whole = try x.min()
            }
            return keep ? try whole.reshaped(to: Array(repeating: 1, count: x.shape.count)) : whole
        }
        if result.requiresGrad || axis != nil || keep { return TensorObject.value(result) }
        return .number(Double(result.value.scalars[0]))
    }

    /// Refuses a result larger than a script may build (`name`: how the message names the
    /// operation, the operator by default).
    static func checkLimit(_ op: BinaryOperator, _ a: [Int], _ b: [Int], name: String? = nil) throws {
        guard let shape = resultShape(op, a, b), !fitsLimit(shape) else { return }
        throw RuntimeError(
            "the result of \(name ?? "'" + op.rawValue + "'") would have shape \(TensorError.describe(shape: shape)), more than \(TensorBuiltins.maxElements) elements (the limit)",
            id: "too-large")
    }
}
