import Foundation
import RegulaTensor

/// Numbers: `abs`, `sqrt`, `exp`, `log`, `floor`, `ceil`, `round`, `min`, `max`, `sum`,
/// `mean`, `std`, `median`, `argmax`, `argmin`, `linspace`, `logspace`, and the constants
/// `pi`, `inf`, `nan`. The elementwise
/// ones and the reductions hand a host-object argument (a tensor) to its `applyBuiltin`.
enum MathBuiltins {
    static var library: BuiltinLibrary {
        BuiltinLibrary(
            name: "math",
            builtins: [
                unary("abs", "abs(x): |x|") { x, _ in Swift.abs(x) },
                unary("sqrt", "sqrt(x): the square root of x ≥ 0") { x, call in
                    guard x >= 0 else { throw call.error("x", "argument 'x' must not be negative, got \(ValuePrinter.format(x))") }
                    return x.squareRoot()
                },
                unary("exp", "exp(x): e to the power x") { x, _ in Foundation.exp(x) },
                Builtin("log", [.required("x"), .optional("base")], summary: "log(x, base:): the natural logarithm, or in `base`") { call in
                    if let delegated = try delegate(call, "x") { return delegated }
                    let x = try call.number("x")
                    guard x > 0 else { throw call.error("x", "argument 'x' must be positive, got \(ValuePrinter.format(x))") }
                    guard call.isGiven("base") else { return .number(Foundation.log(x)) }
                    let base = try call.number("base")
                    guard base > 0, base != 1 else { throw call.error("base", "argument 'base' must be positive and not 1, got \(ValuePrinter.format(base))") }
                    return .number(Foundation.log(x) / Foundation.log(base))
                },
                unary("floor", "floor(x): the largest integer ≤ x") { x, _ in x.rounded(.down) },
                unary("ceil", "ceil(x): the smallest integer ≥ x") { x, _ in x.rounded(.up) },
                Builtin("round", [.required("x"), .keyword("digits", .number(0))],
                        summary: "round(x, digits: 0): x rounded half away from zero") { call in
                    if let delegated = try delegate(call, "x") { return delegated }
                    let x = try call.number("x"), digits = try call.integer("digits")
                    guard (-20...20).contains(digits) else { throw call.error("digits", "argument 'digits' must be between -20 and 20") }
                    let scale = Foundation.pow(10, Double(digits))
                    return .number((x * scale).rounded(.toNearestOrAwayFromZero) / scale)
                },
                extremum("min", <), extremum("max", >),
                Builtin("sum", [.required("values")] + axisParameters,
                        summary: "sum(xs): the sum of a list of numbers; of a tensor: of every element, or along axis: (keepdims: true keeps it with extent 1)") { call in
                    if let delegated = try delegate(call, "values") { return delegated }
                    try refuseAxis(call)
                    return .number(try numbers(call, "values").reduce(0, +))
                },
                Builtin("mean", [.required("values")] + axisParameters,
                        summary: "mean(xs): the mean of a non-empty list of numbers; of a tensor: of every element, or along axis: (keepdims:)") { call in
                    if let delegated = try delegate(call, "values") { return delegated }
                    try refuseAxis(call)
                    let xs = try numbers(call, "values")
                    guard !xs.isEmpty else { throw call.error("values", "the list is empty") }
                    return .number(xs.reduce(0, +) / Double(xs.count))
                },
                Builtin("std", [.required("values"), .keyword("ddof", .number(0))],
                        summary: "std(xs, ddof: 0): the standard deviation √(Σ(x − mean)²/(n − ddof)); ddof 0 is the population std (numpy's default), ddof: 1 the sample std") { call in
                    if let delegated = try delegate(call, "values") { return delegated }
                    return .number(try standardDeviation(try numbers(call, "values"), call))
                },
                Builtin("median", [.required("values")],
                        summary: "median(xs): the middle number of the sorted list (the mean of the two middle ones for an even count)") { call in
                    if let delegated = try delegate(call, "values") { return delegated }
                    return .number(try median(try numbers(call, "values"), call))
                },
                position("argmax", >), position("argmin", <),
                Builtin("linspace", [.required("start"), .required("stop"), .required("count")],
                        summary: "linspace(a, b, n): n evenly spaced numbers from a to b") { call in
                    let a = try call.number("start"), b = try call.number("stop")
                    return .list(try spaced(call, a, b).map { .number($0) })
                },
                Builtin("logspace", [.required("start"), .required("stop"), .required("count")],
                        summary: "logspace(a, b, n): n numbers from 10^a to 10^b, evenly spaced in log scale") { call in
                    let a = try call.number("start"), b = try call.number("stop")
                    return .list(try spaced(call, a, b).map { .number(Foundation.pow(10, $0)) })
                },
            ],
            constants: [("pi", .number(Double.pi)), ("inf", .number(Double.infinity)), ("nan", .number(Double.nan))])
    }

    /// `axis:` and `keepdims:` of the reductions, which only a tensor takes.
    static var axisParameters: [BuiltinParameter] { [.optional("axis"), .keyword("keepdims", .bool(false))] }

    /// A list has no axes: `axis:` or `keepdims:` on one is an error rather than ignored.
    static func refuseAxis(_ call: BuiltinCall) throws {
        for parameter in ["axis", "keepdims"] where call.isGiven(parameter) {
            throw call.error(parameter, "\(parameter): applies to a tensor, not to a list of numbers")
        }
    }

    /// A host-object argument handles the builtin itself (a tensor's `abs`, `sum`...).
    static func delegate(_ call: BuiltinCall, _ parameter: String) throws -> Value? {
        guard case .host(let object) = call.value(parameter) else { return nil }
        if let result = try object.applyBuiltin(call.name, call) { return result }
        throw call.typeError(parameter, expected: parameter == "values" ? listOrTensor : "a number", got: .host(object))
    }

    /// What the reductions (`sum`, `mean`, `std`, `median`, `argmax`...) take.
    static let listOrTensor = "a list of numbers or a tensor"

    private static func unary(_ name: String, _ summary: String, _ f: @escaping (Double, BuiltinCall) throws -> Double) -> Builtin {
        Builtin(name, [.required("x")], summary: summary) { call in
            if let delegated = try delegate(call, "x") { return delegated }
            return .number(try f(try call.number("x"), call))
        }
    }

    static func numbers(_ call: BuiltinCall, _ parameter: String) throws -> [Double] {
        let value = call.value(parameter) ?? .none
        guard case .list(let items) = value else { throw call.typeError(parameter, expected: listOrTensor, got: value) }
        return try items.elements.enumerated().map { index, item in
            guard case .number(let x) = item else {
                throw call.error(parameter, "element \(index) of '\(parameter)' must be a number, got \(RuntimeMessages.describe(item))", id: "type-error")
            }
            return x
        }
    }

    /// `min(xs)` of a list, or `min(a, b, ...)` of several numbers.
    private static func extremum(_ name: String, _ better: @escaping (Double, Double) -> Bool) -> Builtin {
        Builtin(name, [.variadic("values")] + axisParameters,
                summary: "\(name)(xs) or \(name)(a, b, ...): the \(name == "min" ? "smallest" : "largest") number; of a tensor: of every element or along axis: (keepdims:); \(name)(t, x) of a tensor and a number or tensor: elementwise") { call in
            var values = call.restValues
            if values.count == 1 {
                if case .host(let object) = values[0] {
                    if let result = try object.applyBuiltin(name, call) { return result }
                    throw call.typeError("values", expected: "numbers, \(listOrTensor)", got: values[0])
                }
                if case .list(let items) = values[0] { values = items.elements }
            }
            if let elementwise = try elementwiseExtremum(name, values, call) { return elementwise }
            try refuseAxis(call)
            guard var best = values.first else { throw call.error(nil, "needs at least one value", id: "invalid-argument") }
            for value in values {
                guard case .number(let x) = value, case .number(let current) = best else {
                    let bad = value.asNumber == nil ? value : best
                    throw call.error(nil, "needs numbers, got \(RuntimeMessages.describe(bad))", id: "type-error")
                }
                if better(x, current) || x.isNaN { best = value }
            }
            return best
        }
    }

    /// `max(t, 0)`, `min(a, b)` with a tensor among two values: elementwise, broadcasting,
    /// on the tape when either carries a gradient (it goes to the larger / smaller one).
    private static func elementwiseExtremum(_ name: String, _ values: [Value], _ call: BuiltinCall) throws -> Value? {
        guard values.count == 2, values.contains(where: { $0.host(as: TensorObject.self) != nil }) else { return nil }
        let operands = try values.map { value -> Variable<Float> in
            if case .number(let x) = value { return Variable(Tensor(Float(x))) }
            guard let tensor = value.host(as: TensorObject.self) else {
                throw call.error("values", "\(name) of a tensor takes a number or a tensor beside it, got \(RuntimeMessages.describe(value))", id: "type-error")
            }
            return tensor.variable
        }
        try refuseAxis(call)
        // Broadcasting could build more than a script may.
        try TrainingErrors.run(call) { try TensorObject.checkLimit(.add, operands[0].shape, operands[1].shape, name: name) }
        return try TrainingErrors.run(call) {
            TensorObject.value(name == "max" ? try Variable.maximum(operands[0], operands[1]) : try Variable.minimum(operands[0], operands[1]))
        }
    }

    /// `argmax(xs)` / `argmin(xs)`: the index of the first largest / smallest number (a NaN
    /// wins, as in numpy).
    private static func position(_ name: String, _ better: @escaping (Double, Double) -> Bool) -> Builtin {
        Builtin(name, [.required("values")],
                summary: "\(name)(xs): the index of the first \(name == "argmax" ? "largest" : "smallest") number of a list (of a tensor: its flat index)") { call in
            if let delegated = try delegate(call, "values") { return delegated }
            return .number(Double(try position(try numbers(call, "values"), call, better: better)))
        }
    }

    // The statistics themselves, shared with tensors (`TensorObject.applyBuiltin`).

    /// `√(Σ(x − mean)²/(n − ddof))` with the call's `ddof`.
    static func standardDeviation(_ xs: [Double], _ call: BuiltinCall) throws -> Double {
        let ddof = try call.integer("ddof")
        guard !xs.isEmpty else { throw call.error("values", "no values") }
        guard ddof >= 0, ddof < xs.count else {
            throw call.error("ddof", "ddof must be between 0 and \(xs.count - 1) (\(xs.count == 1 ? "there is 1 value" : "there are \(xs.count) values")), got \(ddof)")
        }
        let mean = xs.reduce(0, +) / Double(xs.count)
        let squares = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / Double(xs.count - ddof)).squareRoot()
    }

    /// The middle value (the mean of the two middle ones for an even count); NaN if any is.
    static func median(_ xs: [Double], _ call: BuiltinCall) throws -> Double {
        guard !xs.isEmpty else { throw call.error("values", "no values") }
        if xs.contains(where: \.isNaN) { return .nan }
        let sorted = xs.sorted(), middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The index of the first value no other beats (the first NaN, if any).
    static func position(_ xs: [Double], _ call: BuiltinCall, better: (Double, Double) -> Bool) throws -> Int {
        guard !xs.isEmpty else { throw call.error("values", "no values") }
        if let nan = xs.firstIndex(where: \.isNaN) { return nan }
        var best = 0
        for i in xs.indices where better(xs[i], xs[best]) { best = i }
        return best
    }

    private static func spaced(_ call: BuiltinCall, _ a: Double, _ b: Double) throws -> [Double] {
        let n = try call.integer("count")
        guard n >= 0, n <= call.context.options.maxCollectionLength else {
            throw call.error("count", "argument 'count' must be between 0 and \(call.context.options.maxCollectionLength), got \(n)")
        }
        if n == 1 { return [a] }
        let step = (b - a) / Double(n - 1)
        return (0..<n).map { $0 == n - 1 ? b : a + Double($0) * step }
    }
}
