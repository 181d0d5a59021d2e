/// Four float32 lanes (one SSE register; wider vectors only spill without AVX): the
/// optimizer kernels' unit of work. Explicit SIMD because the
/// update loops carry reductions (penalty value, finiteness) that the auto-vectoriser
/// will not reorder; every lane does exactly the scalar operations, in the same order,
/// so the new weights are the same bits as a scalar loop's.
typealias Lanes = SIMD4<Float>

/// Lanes per chunk.
let laneCount = Lanes.scalarCount

extension SIMD4 where Scalar == Float {
    /// Loads `valid` (≤ laneCount) values from `p + i`, zero-padding the rest.
    @inline(__always)
    static func load(_ p: UnsafeMutablePointer<Float>, _ i: Int, _ valid: Int) -> Lanes {
        if valid == laneCount { return UnsafeRawPointer(p + i).loadUnaligned(as: Lanes.self) }
        var v = Lanes()
        for k in 0..<valid { v[k] = p[i + k] }
        return v
    }

    /// Stores the first `valid` lanes at `p + i`.
    @inline(__always)
    func store(_ p: UnsafeMutablePointer<Float>, _ i: Int, _ valid: Int) {
        if valid == laneCount { return UnsafeMutableRawPointer(p + i).storeBytes(of: self, as: Lanes.self) }
        for k in 0..<valid { p[i + k] = self[k] }
    }

    @inline(__always)
    var magnitude: Lanes { replacing(with: -self, where: self .< 0) }

    /// `sign(x)` with `sign(0) = 0` (±1 carrying x's sign bit, masked to 0 where x = 0).
    @inline(__always)
    var signum: Lanes {
        let bits = unsafeBitCast(self, to: SIMD4<UInt32>.self)
        let one = (bits & 0x8000_0000) | 0x3F80_0000
        let nonzero = unsafeBitCast(self .!= 0, to: SIMD4<UInt32>.self)
        return unsafeBitCast(one & nonzero, to: Lanes.self)
    }
}

/// The shared part of every update after the rule itself: proximal soft-thresholding and
/// the finiteness check of the new values. (The penalties' gradients are added by their
/// tape nodes before the step; soft-thresholding is not differentiation, so it stays here.)
struct UpdateContext {
    let threshold: Lanes
    let proximal: Bool
    /// `Σ 0·w_new`: stays 0 unless a new value is NaN or ±∞.
    var check = Lanes()

    init(threshold: Float) {
        self.threshold = Lanes(repeating: threshold)
        proximal = threshold != 0
    }

    var finite: Bool { check.sum().isFinite }

    /// Proximal step on `updated` and finiteness of the result (valid lanes only).
    @_transparent
    mutating func finish(_ updated: Lanes, valid: Int) -> Lanes {
        var result = updated
        if proximal {
            let shrunk = updated.magnitude - threshold
            // + 0 turns the −0 that a negative weight shrunk to zero gives into +0.
            result = updated.signum * shrunk.replacing(with: 0, where: shrunk .< 0) + Lanes()
        }
        if valid == laneCount {
            check += result * 0
        } else {
            let lane = SIMD4<Int32>(0, 1, 2, 3)
            check += (result * 0).replacing(with: 0, where: lane .>= Int32(valid))
        }
        return result
    }
}
