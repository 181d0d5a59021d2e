import RegulaTensor

/// Tape nodes that run an `ExternalFunction` (a script's `fn`): the engine hands it tensors
/// and takes its pullback's gradient back into its buffers. These allocate (tensors) every
/// step; a function's errors come out as `ModelError.external`, wrong shapes as
/// `ModelError.shapeMismatch` naming the function and both shapes.
enum FunctionCall {
    /// A tensor of `shape` copied from `p`.
    static func tensor<Scalar: TensorScalar>(_ p: UnsafePointer<Scalar>, shape: [Int]) -> Tensor<Float> {
        let n = shape.reduce(1, *)
        return Tensor(shape: shape, scalars: (0..<n).map { Float(p[$0]) })
    }

    /// Runs `body`, turning what the function throws into `ModelError.external`.
    static func run<T>(_ f: ExternalFunction, _ body: () throws -> T) throws(ModelError) -> T {
        do { return try body() } catch let error as ModelError { throw error } catch {
            throw .external(ExternalFunctionFailure(function: f, error: error))
        }
    }

    /// `f(inputs)`, its output checked to have `count` elements (`what` names the expectation).
    static func apply(
        _ f: ExternalFunction, _ inputs: [Tensor<Float>], differentiate: Bool, count: Int, shape: [Int]?, role: String
    ) throws(ModelError) -> (output: Tensor<Float>, pullback: ExternalFunction.Pullback?) {
        let result = try run(f) { try f.apply(inputs, differentiate) }
        if let shape, result.output.shape != shape {
            throw .shapeMismatch("\(f) (\(role)) returned a tensor of shape \(TensorError.describe(shape: result.output.shape)) for an input of shape \(TensorError.describe(shape: inputs[0].shape)); it must return shape \(TensorError.describe(shape: shape))")
        }
        if result.output.count != count {
            throw .shapeMismatch("\(f) (\(role)) must return \(count == 1 ? "a single number" : "\(count) elements"), got a tensor of shape \(TensorError.describe(shape: result.output.shape)) for an input of shape \(TensorError.describe(shape: inputs[0].shape))")
        }
        if differentiate && result.pullback == nil {
            throw .invalidConfiguration("\(f) (\(role)) gave no gradient")
        }
        return result
    }

    /// `pullback(seed)` checked to have `shape` (the function's first input's).
    static func gradient(
        _ f: ExternalFunction, _ pullback: ExternalFunction.Pullback?, seed: Tensor<Float>, shape: [Int], role: String
    ) throws(ModelError) -> Tensor<Float> {
        guard let pullback else { throw .invalidConfiguration("\(f) (\(role)) gave no gradient") }
        let g = try run(f) { try pullback(seed) }
        guard g.count == shape.reduce(1, *) else {
            throw .shapeMismatch("\(f) (\(role)): its gradient has shape \(TensorError.describe(shape: g.shape)) but its input has shape \(TensorError.describe(shape: shape))")
        }
        return g
    }
}

/// An activation written as a function: `y = f(x)` with `x` `[rows, width]`, pullback
/// `∂x = f's pullback(∂y)`.
final class FunctionActivationNode<Scalar: TensorScalar>: NetworkNode {
    let function: ExternalFunction
    let width: Int
    let passesGradient: Bool
    let pass: NetworkPass<Scalar>
    private var output = ScalarBuffer<Scalar>(count: 0)
    private var pullbackRule: ExternalFunction.Pullback?

    init(_ function: ExternalFunction, width: Int, passesGradient: Bool, pass: NetworkPass<Scalar>) {
        self.function = function
        self.width = width
        self.passesGradient = passesGradient
        self.pass = pass
    }

    func reserve(rows: Int) { output = ScalarBuffer(count: rows * width) }

    func forward() throws {
        let shape = [pass.rows, width]
        let differentiate = pass.differentiating && passesGradient
        let (y, rule) = try FunctionCall.apply(
            function, [FunctionCall.tensor(pass.x, shape: shape)], differentiate: differentiate,
            count: pass.rows * width, shape: shape, role: "activation")
        pullbackRule = rule
        for i in 0..<y.count { output.base[i] = Scalar(y.scalars[i]) }
        pass.x = output.base
    }

    func pullback() throws {
        guard passesGradient else { return }
        let shape = [pass.rows, width]
        let dx = try FunctionCall.gradient(
            function, pullbackRule, seed: FunctionCall.tensor(pass.g, shape: shape), shape: shape, role: "activation")
        for i in 0..<dx.count { pass.g[i] = Scalar(dx.scalars[i]) }
    }
}

/// A penalty written as a function on one weight matrix (or bias): value `f(w)`, pullback
/// adds `f's pullback(1)` to the parameter's gradient.
final class FunctionPenaltyNode<Scalar: TensorScalar>: NetworkNode {
    let parameter: Parameter<Scalar>
    let function: ExternalFunction
    let pass: NetworkPass<Scalar>
    private var pullbackRule: ExternalFunction.Pullback?

    init(_ parameter: Parameter<Scalar>, _ function: ExternalFunction, pass: NetworkPass<Scalar>) {
        self.parameter = parameter
        self.function = function
        self.pass = pass
    }

    func forward() throws {
        let (value, rule) = try FunctionCall.apply(
            function, [FunctionCall.tensor(parameter.value.base, shape: parameter.shape)], differentiate: pass.differentiating,
            count: 1, shape: nil, role: "penalty on \(parameter.name)")
        pullbackRule = rule
        pass.penalty += Double(value.scalars[0])
    }

    func pullback() throws {
        let dw = try FunctionCall.gradient(
            function, pullbackRule, seed: Tensor(Float(1)), shape: parameter.shape, role: "penalty on \(parameter.name)")
        let grad = parameter.gradient.base
        for i in 0..<dw.count { grad[i] += Scalar(dw.scalars[i]) }
    }
}

/// An activity penalty written as a function on a layer's outputs `y` (`[rows, width]`),
/// averaged over the batch as the built-in ones: value `f(y)/N`, pullback
/// `∂y += f's pullback(1/N)`.
final class FunctionActivityPenaltyNode<Scalar: TensorScalar>: NetworkNode {
    let function: ExternalFunction
    let width: Int
    let pass: NetworkPass<Scalar>
    private var pullbackRule: ExternalFunction.Pullback?

    init(_ function: ExternalFunction, width: Int, pass: NetworkPass<Scalar>) {
        self.function = function
        self.width = width
        self.pass = pass
    }

    func forward() throws {
        guard pass.differentiating else { return }
        let (value, rule) = try FunctionCall.apply(
            function, [FunctionCall.tensor(pass.x, shape: [pass.rows, width])], differentiate: true, count: 1, shape: nil,
            role: "activity penalty")
        pullbackRule = rule
        pass.activity += Double(value.scalars[0]) / Double(pass.rows)
    }

    func pullback() throws {
        let shape = [pass.rows, width]
        let dy = try FunctionCall.gradient(
            function, pullbackRule, seed: Tensor(Float(1) / Float(pass.rows)), shape: shape, role: "activity penalty")
        for i in 0..<dy.count { pass.g[i] += Scalar(dy.scalars[i]) }
    }
}

/// A loss written as a function: `f([outputs, targets])` with outputs `[rows, width]` and
/// targets class indices `[rows]` (a classification dataset) or `[rows, 1]`; its pullback
/// of the seed 1 is `∂loss/∂outputs`, the gradient the layers' pullbacks start from.
final class FunctionLossNode<Scalar: TensorScalar>: NetworkNode {
    let function: ExternalFunction
    let width: Int
    let classTargets: Bool
    let pass: NetworkPass<Scalar>
    private var pullbackRule: ExternalFunction.Pullback?

    init(_ function: ExternalFunction, width: Int, classTargets: Bool, pass: NetworkPass<Scalar>) {
        self.function = function
        self.width = width
        self.classTargets = classTargets
        self.pass = pass
    }

    /// The loss of `rows` output rows against `targets`, and its pullback when asked.
    static func call(
        _ f: ExternalFunction, outputs: UnsafePointer<Scalar>, targets: UnsafePointer<Scalar>, rows: Int, width: Int,
        classTargets: Bool, differentiate: Bool
    ) throws(ModelError) -> (Double, ExternalFunction.Pullback?) {
        let inputs = [FunctionCall.tensor(outputs, shape: [rows, width]),
                      FunctionCall.tensor(targets, shape: classTargets ? [rows] : [rows, 1])]
        let (value, rule) = try FunctionCall.apply(f, inputs, differentiate: differentiate, count: 1, shape: nil, role: "loss")
        return (Double(value.scalars[0]), rule)
    }

    func forward() throws {
        (pass.dataLoss, pullbackRule) = try Self.call(
            function, outputs: pass.x, targets: pass.targets, rows: pass.rows, width: width, classTargets: classTargets,
            differentiate: pass.differentiating)
    }

    func pullback() throws {
        let shape = [pass.rows, width]
        let g = try FunctionCall.gradient(function, pullbackRule, seed: Tensor(Float(1)), shape: shape, role: "loss")
        for i in 0..<g.count { pass.g[i] = Scalar(g.scalars[i]) }
    }
}
