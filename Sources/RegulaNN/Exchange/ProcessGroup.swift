/// The processes of one SPMD run (MPI ranks): every process runs the same script, and at
/// the points where independent units of work are divided among them, each runs its share
/// and they exchange the results so that all hold the same values. The runtime knows
/// nothing of how the processes talk (the command-line tool loads MPI); it only asks for
/// the two collectives below. Every process must call them at the same points, in the
/// same order.
public protocol ProcessGroup: AnyObject, Sendable {
    /// This process's index, 0..<size. Process 0 prints and writes files.
    var rank: Int { get }
    /// How many processes run the script.
    var size: Int { get }
    /// Every process's `bytes`, in rank order.
    func allGather(_ bytes: [UInt8]) -> [[UInt8]]
    /// Stops every process at once: for a failure that leaves the processes out of step
    /// (a result that does not decode), never for a script's error.
    func abort(_ message: String) -> Never
}

extension ProcessGroup {
    /// The processes that run unit `unit` of `count`: units are dealt round-robin, so
    /// that the share of each process is fixed by `count` and `size` alone.
    public func owner(ofUnit unit: Int) -> Int { unit % size }

    /// Runs `count` units, each on the process that owns it, and returns every unit's
    /// result on every process, in unit order. `run` gets this process's units (in
    /// increasing order) and returns their encoded results in the same order.
    public func exchange(_ count: Int, run: ([Int]) -> [[UInt8]]) -> [[UInt8]] {
        let mine = (0..<count).filter { owner(ofUnit: $0) == rank }
        let results = run(mine)
        var writer = ExchangeWriter()
        for bytes in results { writer.bytes(bytes) }
        let gathered = allGather(writer.buffer)
        var readers = gathered.map { ExchangeReader($0) }
        var all: [[UInt8]] = []
        all.reserveCapacity(count)
        for unit in 0..<count {
            guard let bytes = readers[owner(ofUnit: unit)].bytes() else {
                abort("the result of unit \(unit) from process \(owner(ofUnit: unit)) is incomplete")
            }
            all.append(bytes)
        }
        return all
    }
}
