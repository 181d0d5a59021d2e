import RegulaNN
import RegulaTensor

/// Tensors: `tensor`, `zeros`, `ones`, `eye`, `randn`, `one_hot`, `transpose`, `reshape`,
/// `tolist`, `norm`. `transpose` and `reshape` keep a tensor on the tape.
enum TensorBuiltins {
    static var builtins: [Builtin] {
        [
            Builtin("tensor", [.required("values")], summary: "tensor(values): a tensor from a number or nested lists of numbers") { call in
                let values = call.value("values") ?? .none
                // A tensor stays itself (on the tape, if it is there).
                if values.host(as: TensorObject.self) != nil { return values }
                return TensorObject.value(try fromNested(call, values))
            },
            Builtin("zeros", [.variadic("shape")], summary: "zeros(shape...): a tensor of zeros, e.g. zeros(3, 4)") { call in
                TensorObject.value(Tensor.zeros(try shape(call)))
            },
            Builtin("ones", [.variadic("shape")], summary: "ones(shape...): a tensor of ones") { call in
                TensorObject.value(Tensor.ones(try shape(call)))
            },
            Builtin("randn", [.variadic("shape")], summary: "randn(shape...): standard normal values from the session's seed") { call in
                let dims = try shape(call)
                let session = TrainingSession.of(call.context)
                var generator = RandomGenerator(seed: TrainingSession.seed(call.context), stream: .data,
                                                index: TrainingSession.Offset.randn + session.randomTensors)
                session.randomTensors += 1
                return TensorObject.value(Tensor.randomNormal(dims, using: &generator))
            },
            Builtin("eye", [.required("n")], summary: "eye(n): the n × n identity matrix") { call in
                let n = try call.integer("n")
                guard n >= 0, n <= 10_000 else { throw call.error("n", "n must be between 0 and 10000, got \(n)") }
                var identity = Tensor<Float>.zeros([n, n])
                for i in 0..<n { identity.scalars[i * n + i] = 1 }
                return TensorObject.value(identity)
            },
            Builtin("one_hot", [.required("classes"), .required("n")],
                    summary: "one_hot(t, n): rows of n zeros with a 1 at each class index of t (a tensor or list of whole numbers in 0..<n)") { call in
                let value = call.value("classes") ?? .none
                let indices: Tensor<Float> = try value.host(as: TensorObject.self)?.tensor ?? fromNested(call, value)
                let n = try call.integer("n")
                guard n >= 1, n <= maxElements, indices.count <= maxElements / n else {
                    throw call.error("n", "n must be at least 1 and the result at most \(maxElements) elements, got n = \(n) for \(indices.count) indices")
                }
                var rows = Tensor<Float>.zeros([indices.count, n])
                for (i, t) in indices.scalars.enumerated() {
                    guard t >= 0, t < Float(n), t == t.rounded() else {
                        throw call.error("classes", "element \(i) is \(ValuePrinter.format(Double(t))), not a class index in 0..<\(n)")
                    }
                    rows.scalars[i * n + Int(t)] = 1
                }
                return TensorObject.value(rows)
            },
            Builtin("transpose", [.required("x")], summary: "transpose(m): the matrix with rows and columns swapped (a vector unchanged)") { call in
                let object = try call.host("x", as: TensorObject.self, expected: "a tensor")
                guard object.tensor.rank == 2 else {
                    guard object.tensor.rank < 2 else { throw call.error("x", "transpose takes a vector or a matrix, got shape \(object.tensor.shapeDescription)", id: "shape-error") }
                    return .host(object)
                }
                return try TrainingErrors.run(call, at: "x") { TensorObject.value(try object.variable.transposed()) }
            },
            Builtin("reshape", [.required("x"), .variadic("shape")],
                    summary: "reshape(t, shape...): the same elements in another shape, e.g. reshape(t, 2, -1) (one extent may be -1)") { call in
                let object = try call.host("x", as: TensorObject.self, expected: "a tensor")
                var values = call.restValues
                if values.count == 1, case .list(let items) = values[0] { values = items.elements }
                let shape = try values.map { value -> Int in
                    guard let n = value.asInteger, n >= -1, n <= maxElements else {
                        throw call.error("shape", "a shape is made of integers ≥ 0 (one may be -1), got \(RuntimeMessages.describe(value))", id: "type-error")
                    }
                    return n
                }
                guard shape.count <= maxRank else { throw call.error("shape", "a tensor has at most \(maxRank) dimensions", id: "shape-error") }
                // The runtime multiplies the extents: refuse a product that would overflow.
                guard TensorObject.fitsLimit(shape.map { max($0, 1) }) else {
                    throw call.error("shape", "shape \(TensorError.describe(shape: shape)) is too large (at most \(maxElements) elements)", id: "shape-error")
                }
                return try TrainingErrors.run(call, at: "shape") { TensorObject.value(try object.variable.reshaped(to: shape)) }
            },
            Builtin("gradient", [.required("f"), .required("x")],
                    summary: "gradient(f, x): ∂f/∂x at x (a number or a tensor) of a function returning a number, by reverse mode on the autograd tape (as jax.grad; first order)",
                    body: ScriptDifferentiable.gradient),
            Builtin("tolist", [.required("x")],
                    summary: "tolist(t): a tensor's values as nested lists of numbers (a number for a scalar tensor), like numpy's tolist") { call in
                let value = call.value("x") ?? .none
                guard let tensor = value.host(as: TensorObject.self)?.tensor else { throw call.typeError("x", expected: "a tensor", got: value) }
                guard tensor.count <= call.context.options.maxCollectionLength else {
                    throw call.error("x", "a tensor of \(tensor.count) values is more than the longest list (\(call.context.options.maxCollectionLength))", id: "too-large")
                }
                return nested(tensor)
            },
            Builtin("norm", [.required("x"), .keyword("p", .number(2))],
                    summary: "norm(t, p: 2): the p-norm (1, 2 or inf) of a tensor's elements, or of a model's weights") { call in
                let p = try call.number("p")
                guard let order = NormOrder(p: p) else { throw call.error("p", "p must be 1, 2 or inf, got \(ValuePrinter.format(p))") }
                return .number(Double(try InspectionBuiltins.tensor(call, "x").norm(order)))
            },
        ]
    }

    /// `[[1, 2], [3, 4]]` from a `[2, 2]` tensor: lists nested `rank` deep (iteratively, so
    /// a high rank cannot exhaust the stack).
    static func nested(_ tensor: Tensor<Float>) -> Value {
        var level = tensor.scalars.map { Value.number(Double($0)) }
        for axis in stride(from: tensor.rank - 1, through: 0, by: -1) {
            let size = tensor.shape[axis]
            if size == 0 {
                level = Array(repeating: .list([]), count: tensor.shape[..<axis].reduce(1, *))
            } else {
                level = stride(from: 0, to: level.count, by: size).map { .list(Array(level[$0..<($0 + size)])) }
            }
        }
        return level.first ?? .list([])
    }

    /// The largest tensor a script may build here.
    static let maxElements = 100_000_000
    /// The most dimensions a tensor may have (NumPy's old limit): printing and broadcasting
    /// walk the dimensions, and nothing real needs more.
    static let maxRank = 32

    /// `zeros(3, 4)` or `zeros([3, 4])`.
    static func shape(_ call: BuiltinCall) throws -> [Int] {
        var values = call.restValues
        if values.count == 1, case .list(let items) = values[0] { values = items.elements }
        var shape: [Int] = []
        for value in values {
            guard let n = value.asInteger, n >= 0 else {
                throw call.error("shape", "a shape is made of integers ≥ 0, got \(RuntimeMessages.describe(value))", id: "type-error")
            }
            shape.append(n)
        }
        guard !shape.isEmpty else { throw call.error(nil, "give a shape, e.g. \(call.name)(3, 4)") }
        guard shape.count <= maxRank else {
            throw call.error("shape", "a tensor has at most \(maxRank) dimensions, this shape has \(shape.count)", id: "shape-error")
        }
        // Zero extents count as 1: an empty tensor with a huge extent would still overflow
        // the stride arithmetic (printing, broadcasting) of the runtime.
        var count = 1, overflow = false
        for n in shape {
            let (product, o) = count.multipliedReportingOverflow(by: max(n, 1))
            count = product
            overflow = overflow || o
        }
        guard !overflow, count <= maxElements else {
            throw call.error("shape", "shape \(TensorError.describe(shape: shape)) is too large (at most \(maxElements) elements)")
        }
        return shape
    }

    /// A tensor from nested lists; ragged nesting is an error naming where.
    static func fromNested(_ call: BuiltinCall, _ value: Value) throws -> Tensor<Float> {
        if let object = value.host(as: TensorObject.self) { return object.tensor }
        var shape: [Int] = []
        var probe = value
        while case .list(let items) = probe {
            shape.append(items.count)
            guard shape.count <= maxRank else {
                throw call.error("values", "a tensor has at most \(maxRank) dimensions: the lists nest deeper", id: "shape-error")
            }
            guard let first = items.first else { break }
            probe = first
        }
        var scalars: [Float] = []
        func walk(_ value: Value, depth: Int, path: String) throws {
            if depth == shape.count {
                guard case .number(let x) = value else {
                    let what = value.asList != nil ? "a list (the nesting is deeper here than in element 0)" : RuntimeMessages.describe(value)
                    throw call.error("values", "\(path.isEmpty ? "the value" : "element " + path) must be a number, got \(what)", id: "type-error")
                }
                scalars.append(Float(x))
                guard scalars.count <= maxElements else { throw call.error("values", "too many elements (at most \(maxElements))") }
                return
            }
            let reference = "element " + String(repeating: "[0]", count: depth)
            guard case .list(let items) = value else {
                throw call.error("values", "ragged nesting: element \(path) is \(RuntimeMessages.describe(value)) but \(reference) is a list of \(shape[depth])", id: "shape-error")
            }
            guard items.count == shape[depth] else {
                throw call.error("values", "ragged nesting: element \(path) has \(items.count) elements but \(reference) has \(shape[depth])", id: "shape-error")
            }
            for (i, item) in items.enumerated() { try walk(item, depth: depth + 1, path: path + "[\(i)]") }
        }
        try walk(value, depth: 0, path: "")
        return Tensor(shape: shape, scalars: scalars)
    }
}
