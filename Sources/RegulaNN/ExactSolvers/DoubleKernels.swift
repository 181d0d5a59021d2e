/// The inner loops of the exact solvers, on contiguous Float64 arrays.
///
/// Each dot product accumulates in eight lanes (two `SIMD4<Double>`) over the elements in
/// increasing order and adds the lanes in one fixed tree, so its bits depend on the order
/// of operations alone: never on the CPU, the vector width or how callers block the work.
enum DoubleKernels {
    /// `Σ a[i]·b[i]` for `i` in `0..<n`.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
        var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
        var i = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while i + 8 <= n {
            s0 += ra.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
                * rb.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            s1 += ra.loadUnaligned(fromByteOffset: i * 8 + 32, as: SIMD4<Double>.self)
                * rb.loadUnaligned(fromByteOffset: i * 8 + 32, as: SIMD4<Double>.self)
            i += 8
        }
        return finish(s0, s1, a + i, b + i, n - i)
    }

    /// The lanes added in a fixed tree, then the tail (fewer than 8 elements) in order.
    @inline(__always)
    static func finish(_ s0: SIMD4<Double>, _ s1: SIMD4<Double>, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ tail: Int) -> Double {
        let s = s0 + s1
        var total = (s[0] + s[1]) + (s[2] + s[3])
        for i in 0..<tail { total += a[i] * b[i] }
        return total
    }

    /// Four dot products `Σ x[i]·c_k[i]` sharing the loads of `x`; each result has the
    /// same bits as `dot(x, c_k, n)`.
    @inline(__always)
    static func dot4(_ x: UnsafePointer<Double>, _ c0: UnsafePointer<Double>, _ c1: UnsafePointer<Double>,
                     _ c2: UnsafePointer<Double>, _ c3: UnsafePointer<Double>, _ n: Int) -> SIMD4<Double> {
        var a0 = SIMD4<Double>(), a1 = SIMD4<Double>(), b0 = SIMD4<Double>(), b1 = SIMD4<Double>()
        var d0 = SIMD4<Double>(), d1 = SIMD4<Double>(), e0 = SIMD4<Double>(), e1 = SIMD4<Double>()
        let rx = UnsafeRawPointer(x)
        let r0 = UnsafeRawPointer(c0), r1 = UnsafeRawPointer(c1), r2 = UnsafeRawPointer(c2), r3 = UnsafeRawPointer(c3)
        var i = 0
        while i + 8 <= n {
            let lo = rx.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            let hi = rx.loadUnaligned(fromByteOffset: i * 8 + 32, as: SIMD4<Double>.self)
            a0 += lo * r0.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            a1 += hi * r0.loadUnaligned(fromByteOffset: i * 8 + 32, as: SIMD4<Double>.self)
            b0 += lo * r1.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            b1 += hi * r1.loadUnaligned(fromByteOffset: i * 8 + 32, as: SIMD4<Double>.self)
            d0 += lo * r2.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            d1 += hi * r2.loadUnaligned(fromByteOffset: i * 8 + 32, as: SIMD4<Double>.self)
            e0 += lo * r3.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            e1 += hi * r3.loadUnaligned(fromByteOffset: i * 8 + 32, as: SIMD4<Double>.self)
            i += 8
        }
        let tail = n - i
        return SIMD4(finish(a0, a1, x + i, c0 + i, tail), finish(b0, b1, x + i, c1 + i, tail),
                     finish(d0, d1, x + i, c2 + i, tail), finish(e0, e1, x + i, c3 + i, tail))
    }

    /// `Σ a[i]·b[i]·c[i]` (a weighted dot product), eight lanes as `dot`.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, weights c: UnsafePointer<Double>, _ n: Int) -> Double {
        var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
        var i = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b), rc = UnsafeRawPointer(c)
        while i + 8 <= n {
            let a0 = ra.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            let b0 = rb.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            let c0 = rc.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            let a1 = ra.loadUnaligned(fromByteOffset: i * 8 + 32, as: SIMD4<Double>.self)
            let b1 = rb.loadUnaligned(fromByteOffset: i * 8 + 32, as: SIMD4<Double>.self)
            let c1 = rc.loadUnaligned(fromByteOffset: i * 8 + 32, as: SIMD4<Double>.self)
            let p0: SIMD4<Double> = a0 * b0
            let p1: SIMD4<Double> = a1 * b1
            s0 += p0 * c0
            s1 += p1 * c1
            i += 8
        }
        let s = s0 + s1
        var total = (s[0] + s[1]) + (s[2] + s[3])
        while i < n {
            total += a[i] * b[i] * c[i]
            i += 1
        }
        return total
    }

    /// `y[i] −= a·x[i]` for `i` in `0..<n`.
    @inline(__always)
    static func subtractScaled(_ y: UnsafeMutablePointer<Double>, _ a: Double, _ x: UnsafePointer<Double>, _ n: Int) {
        let ry = UnsafeMutableRawPointer(y), rx = UnsafeRawPointer(x)
        let va = SIMD4<Double>(repeating: a)
        var i = 0
        while i + 4 <= n {
            let updated = ry.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
                - va * rx.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            ry.storeBytes(of: updated, toByteOffset: i * 8, as: SIMD4<Double>.self)
            i += 4
        }
        while i < n {
            y[i] -= a * x[i]
            i += 1
        }
    }

    /// `sign(u)·max(|u| − t, 0) / d`: the coordinate update of an L1-penalized quadratic.
    /// Zero is `+0.0`, and a zero denominator (a constant feature without L2) gives 0.
    @inline(__always)
    static func softThreshold(_ u: Double, _ t: Double, over d: Double) -> Double {
        guard d > 0 else { return 0 }
        if u > t { return (u - t) / d }
        if u < -t { return (u + t) / d }
        return 0
    }
}
