import RealModule

/// The purposes that draw random numbers. Each gets its own independent stream, so that
/// drawing more numbers for one purpose (say, an extra split) never shifts another
/// (say, weight initialisation).
public enum RandomStream: UInt64, Sendable, CaseIterable {
    case initialization = 1
    case shuffling = 2
    case dropout = 3
    case splitting = 4
    case data = 5
}

/// Regula's one random generator: xoshiro256** (Blackman & Vigna), whose 256-bit state is
/// filled by SplitMix64 from `(seed, stream, index)`. The same triple always gives the
/// same sequence on every platform; different triples give statistically independent
/// sequences. `index` tells apart several users of one stream (e.g. layer 0 and layer 1
/// of a model, or the 3rd `train` call).
public struct RandomGenerator: Sendable {
    @usableFromInline var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64, stream: RandomStream, index: UInt64 = 0) {
        var mixer = SplitMix64(state: seed)
        // Fold stream and index into the seed through SplitMix's avalanche.
        var key = mixer.next() ^ (stream.rawValue &* 0x9E37_79B9_7F4A_7C15)
        var second = SplitMix64(state: key)
        key = second.next() ^ (index &* 0xD1B5_4A32_D192_ED03)
        var filler = SplitMix64(state: key)
        state = (filler.next(), filler.next(), filler.next(), filler.next())
        if state == (0, 0, 0, 0) { state.0 = 1 }
    }

    /// The next 64 random bits.
    @inlinable
    public mutating func nextUInt64() -> UInt64 {
        let result = rotl(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotl(state.3, 45)
        return result
    }

    @inlinable
    func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform in [0, 1) with 53 random bits.
    @inlinable
    public mutating func nextDouble() -> Double {
        Double(nextUInt64() >> 11) * 0x1.0p-53
    }

    /// Uniform in [0, 1) with 24 random bits.
    @inlinable
    public mutating func nextFloat() -> Float {
        Float(nextUInt64() >> 40) * 0x1.0p-24
    }

    /// Uniform in [low, high).
    @inlinable
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * nextDouble()
    }

    /// Standard normal by the Box–Muller transform (one value per call, both uniforms
    /// consumed each time, so the sequence does not depend on call parity).
    public mutating func normal() -> Double {
        let u1 = 1.0 - nextDouble()  // (0, 1]: log is finite
        let u2 = nextDouble()
        return (-2.0 * Double.log(u1)).squareRoot() * Double.cos(2.0 * Double.pi * u2)
    }

    /// Uniform integer in `0..<bound` without modulo bias (Lemire's method).
    @inlinable
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        let b = UInt64(bound)
        var product = nextUInt64().multipliedFullWidth(by: b)
        if product.low < b {
            let threshold = (0 &- b) % b
            while product.low < threshold {
                product = nextUInt64().multipliedFullWidth(by: b)
            }
        }
        return Int(product.high)
    }

    /// Fisher–Yates shuffle, drawing `below(i + 1)` for i from the end. Inlinable so that
    /// callers get a specialised, allocation-free loop (the training loop shuffles every epoch).
    @inlinable
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, below(i + 1))
        }
    }

    /// A random permutation of `0..<count`.
    public mutating func permutation(_ count: Int) -> [Int] {
        var indices = Array(0..<count)
        shuffle(&indices)
        return indices
    }
}

/// SplitMix64 (Steele, Lea & Flood): used only to expand seeds.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
