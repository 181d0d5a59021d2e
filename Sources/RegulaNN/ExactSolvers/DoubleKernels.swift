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

    /// The 4 × 2 block of dot products `x_a·c_b` (a tile of a Gram matrix), accumulated in
    /// two lanes per product over the elements in order (8 accumulators fit the 16 vector
    /// registers of baseline x86-64), then the tail in order.
    @inline(__always)
    static func gramTile(_ x0: UnsafePointer<Double>, _ x1: UnsafePointer<Double>, _ x2: UnsafePointer<Double>, _ x3: UnsafePointer<Double>,
                         _ c0: UnsafePointer<Double>, _ c1: UnsafePointer<Double>, _ n: Int) -> (SIMD4<Double>, SIMD4<Double>) {
        var a0 = SIMD2<Double>(), a1 = SIMD2<Double>(), a2 = SIMD2<Double>(), a3 = SIMD2<Double>()
        var b0 = SIMD2<Double>(), b1 = SIMD2<Double>(), b2 = SIMD2<Double>(), b3 = SIMD2<Double>()
        let r0 = UnsafeRawPointer(x0), r1 = UnsafeRawPointer(x1), r2 = UnsafeRawPointer(x2), r3 = UnsafeRawPointer(x3)
        let q0 = UnsafeRawPointer(c0), q1 = UnsafeRawPointer(c1)
        var i = 0
        while i + 2 <= n {
            let offset = i * 8
            let u = q0.loadUnaligned(fromByteOffset: offset, as: SIMD2<Double>.self)
            let v = q1.loadUnaligned(fromByteOffset: offset, as: SIMD2<Double>.self)
            let y0 = r0.loadUnaligned(fromByteOffset: offset, as: SIMD2<Double>.self)
            let y1 = r1.loadUnaligned(fromByteOffset: offset, as: SIMD2<Double>.self)
            let y2 = r2.loadUnaligned(fromByteOffset: offset, as: SIMD2<Double>.self)
            let y3 = r3.loadUnaligned(fromByteOffset: offset, as: SIMD2<Double>.self)
            a0 += y0 * u
            a1 += y1 * u
            a2 += y2 * u
            a3 += y3 * u
            b0 += y0 * v
            b1 += y1 * v
            b2 += y2 * v
            b3 += y3 * v
            i += 2
        }
        var first = SIMD4(a0[0] + a0[1], a1[0] + a1[1], a2[0] + a2[1], a3[0] + a3[1])
        var second = SIMD4(b0[0] + b0[1], b1[0] + b1[1], b2[0] + b2[1], b3[0] + b3[1])
        if i < n {
            let x = SIMD4(x0[i], x1[i], x2[i], x3[i])
            first += x * c0[i]
            second += x * c1[i]
        }
        return (first, second)
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
