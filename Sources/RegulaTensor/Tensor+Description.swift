import Foundation

/// How tensors print: shape and dtype with a clipped preview, like PyTorch and NumPy.
///
///     tensor([[ 1,  -0.5,  …,  3],
///             [ …,    …,   …,  …],
///             [ 7,   8.25, …,  9]], shape: [100, 40], dtype: float32)
///
/// A tensor of up to `printThreshold` (1000) elements prints whole, as NumPy's default
/// `threshold`; in a larger one, axes longer than `2·edgeItems` show their first and last
/// `edgeItems` entries around `…`. Numbers print compactly (integral values without a
/// decimal point, others with four significant digits), right-aligned to a common width.
extension Tensor: CustomStringConvertible {
    /// The most elements a tensor prints in full (NumPy's `threshold`).
    public static var printThreshold: Int { 1000 }

    /// The whole tensor up to `printThreshold` elements, else 3 entries at each end of
    /// every long axis.
    public var description: String { formatted(edgeItems: count <= Self.printThreshold ? (shape.max() ?? 1) : 3) }

    /// The preview with `edgeItems` entries kept at each end of every long axis.
    public func formatted(edgeItems: Int) -> String {
        let dtype = "dtype: \(Scalar.dtypeName)"
        if rank == 0 { return "tensor(\(Tensor.compact(scalars[0])), \(dtype))" }
        let kept = TensorPreview(shape: shape, edgeItems: Swift.max(1, edgeItems))
        var width = 1
        for offset in kept.offsets() { width = Swift.max(width, Tensor.compact(scalars[offset]).count) }
        let prefix = "tensor("
        var out = prefix
        render(axis: 0, offset: 0, preview: kept, width: width, indent: prefix.count, into: &out)
        return out + ", shape: \(shapeDescription), \(dtype))"
    }

    /// One nested bracket level; recursion depth is the rank.
    private func render(axis: Int, offset: Int, preview: TensorPreview, width: Int, indent: Int, into out: inout String) {
        out += "["
        let stride = shape[(axis + 1)...].reduce(1, *)
        let entries = preview.entries(along: axis)
        if axis == rank - 1 {
            out += entries.map { index in
                let text = index.map { Tensor.compact(scalars[offset + $0]) } ?? "…"
                return String(repeating: " ", count: Swift.max(0, width - text.count)) + text
            }.joined(separator: ", ")
        } else {
            let separator = "," + String(repeating: "\n", count: rank - axis - 1)
                + String(repeating: " ", count: indent + axis + 1)
            for (position, index) in entries.enumerated() {
                if position > 0 { out += separator }
                if let index {
                    render(axis: axis + 1, offset: offset + index * stride, preview: preview, width: width,
                           indent: indent, into: &out)
                } else {
                    out += "…"
                }
            }
        }
        out += "]"
    }

    /// Integral values without a decimal point; others with four significant digits.
    static func compact(_ x: Scalar) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        let value = Double(x)
        if value == value.rounded() && Swift.abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.4g", value)
    }
}

/// Which indices of each axis a preview shows (`nil` stands for the `…` gap).
struct TensorPreview {
    let shape: [Int]
    let edgeItems: Int

    func entries(along axis: Int) -> [Int?] {
        let n = shape[axis]
        if n <= 2 * edgeItems { return Array(0..<n) }
        return Array(0..<edgeItems) + [nil] + Array((n - edgeItems)..<n)
    }

    /// Flat offsets of every shown element (to size the columns).
    func offsets() -> [Int] {
        var result = [0]
        var step = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            let indices = entries(along: axis).compactMap { $0 }
            result = indices.flatMap { i in result.map { $0 + i * step } }
            step *= shape[axis]
        }
        return result
    }
}
