/// A failure of a tensor operation that user input can reach: mismatched shapes, a bad
/// axis, a bad reshape, an out-of-range index. The message names the operation and the
/// shapes involved, e.g.
/// `matmul: shapes [3, 4] and [5, 2] are incompatible (inner dimensions 4 and 5 differ)`.
public struct TensorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The operation that failed, e.g. `matmul` or `add`.
    public var operation: String
    /// The full message, starting with the operation's name.
    public var message: String

    public init(operation: String, message: String) {
        self.operation = operation
        self.message = message
    }

    public var description: String { message }

    /// `[2, 3]` — the spelling of shapes in every message.
    public static func describe(shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ", ") + "]"
    }

    static func shapes(_ op: String, _ a: [Int], _ b: [Int], _ why: String) -> TensorError {
        TensorError(
            operation: op,
            message: "\(op): shapes \(describe(shape: a)) and \(describe(shape: b)) are incompatible (\(why))")
    }

    static func invalid(_ op: String, _ what: String) -> TensorError {
        TensorError(operation: op, message: "\(op): \(what)")
    }

    static func axis(_ op: String, _ axis: Int, _ shape: [Int]) -> TensorError {
        invalid(op, "axis \(axis) is out of range for a tensor of shape \(describe(shape: shape)) (rank \(shape.count))")
    }
}


/// Resolves a possibly negative axis (`-1` is the last) against `rank`.
func resolveAxis(_ op: String, _ axis: Int, shape: [Int]) throws -> Int {
    let resolved = axis < 0 ? axis + shape.count : axis
    guard resolved >= 0 && resolved < shape.count else { throw TensorError.axis(op, axis, shape) }
    return resolved
}
