/// Keeps the optimizer from dropping work whose result a fuzz target does not otherwise use.
enum FuzzSink {
    @inline(never)
    static func consume(_ value: Int) {
        if value == Int.min { print("unreachable") }
    }
}
