import RegulaTensor

/// Fixed-size memory owned by the training engine: allocated once per run (or per batch
/// size), so a steady-state training step allocates nothing.
final class ScalarBuffer<Scalar: BinaryFloatingPoint> {
    let base: UnsafeMutablePointer<Scalar>
    let count: Int

    init(count: Int, repeating value: Scalar = 0) {
        self.count = count
        base = .allocate(capacity: Swift.max(count, 1))
        base.initialize(repeating: value, count: Swift.max(count, 1))
    }

    convenience init<Source: BinaryFloatingPoint>(_ values: [Source]) {
        self.init(count: values.count)
        for i in values.indices { base[i] = Scalar(values[i]) }
    }

    deinit { base.deallocate() }

    func array<Target: BinaryFloatingPoint>(as: Target.Type = Target.self) -> [Target] {
        (0..<count).map { Target(base[$0]) }
    }
}

/// One trainable tensor in the engine: its values, a second buffer the optimizer writes
/// the next values into (kept apart so a step that turns non-finite can be discarded),
/// its gradient, its penalty and its optimizer state.
final class Parameter<Scalar: TensorScalar> {
    let name: String
    let shape: [Int]
    let isWeight: Bool
    var value: ScalarBuffer<Scalar>
    var next: ScalarBuffer<Scalar>
    let gradient: ScalarBuffer<Scalar>
    /// The proximal L1 strength: the optimizer soft-thresholds by `η·λ` after its step
    /// (differentiable penalties are tape nodes).
    let proximalL1: Double
    /// Optimizer moments (Adam's m, v, v_max; RMSprop's v, ḡ, b; SGD's b; Adagrad's G).
    var state: [ScalarBuffer<Scalar>] = []
    /// Per-block partial sums of the optimizer kernels (grown once, reused every step).
    var blockSums = ScalarBuffer<Float>(count: 0)

    init(name: String, shape: [Int], isWeight: Bool, values: [Float], proximalL1: Double) {
        self.name = name
        self.shape = shape
        self.isWeight = isWeight
        value = ScalarBuffer(values)
        next = ScalarBuffer(count: values.count)
        gradient = ScalarBuffer(count: values.count)
        self.proximalL1 = proximalL1
    }

    var count: Int { value.count }

    /// Makes the optimizer's output the current values.
    func commit() { swap(&value, &next) }
}

