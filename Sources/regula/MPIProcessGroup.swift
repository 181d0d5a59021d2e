#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import RegulaInterpreter

/// The ranks of an MPI job, through Open MPI's `libmpi` loaded at run time: a build of
/// Regula needs no MPI headers or library, and a run without a launcher never touches
/// MPI. Open MPI 4.x only: its handles (`MPI_COMM_WORLD`, `MPI_BYTE`) are the addresses
/// of the exported objects `ompi_mpi_comm_world` and `ompi_mpi_byte`. MPICH and its
/// derivatives (integer handles, `libmpi.so.12`) are not supported.
final class MPIProcessGroup: ProcessGroup, @unchecked Sendable {
    typealias Handle = UnsafeMutableRawPointer
    private typealias InitThread = @convention(c) (UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?, Int32, UnsafeMutablePointer<Int32>) -> Int32
    private typealias CommQuery = @convention(c) (Handle, UnsafeMutablePointer<Int32>) -> Int32
    private typealias Allgather = @convention(c) (UnsafeRawPointer?, Int32, Handle, UnsafeMutableRawPointer?, Int32, Handle, Handle) -> Int32
    private typealias Allgatherv = @convention(c) (UnsafeRawPointer?, Int32, Handle, UnsafeMutableRawPointer?, UnsafePointer<Int32>, UnsafePointer<Int32>, Handle, Handle) -> Int32
    private typealias Abort = @convention(c) (Handle, Int32) -> Int32
    private typealias Finalize = @convention(c) () -> Int32

    /// The library name tried first; `REGULA_MPI_LIBRARY` names another (a path on a
    /// cluster whose Open MPI is not on the loader's path).
    static let defaultLibrary = "libmpi.so.40"
    /// `MPI_THREAD_SERIALIZED`: MPI is called from the evaluator's thread, not the one that
    /// initialised it, but never from two threads at once.
    private static let threadSerialized: Int32 = 2

    let rank: Int
    let size: Int
    private let world: Handle
    private let byte: Handle
    private let allgather: Allgather
    private let allgatherv: Allgatherv
    private let abortJob: Abort
    private let finalizeJob: Finalize

    /// Why MPI could not be started, for the one-line error the command prints.
    struct LoadError: Error {
        let message: String
    }

    /// The launcher that started this process, if any: a description for messages and the
    /// job size it announced (nil when it does not say).
    static func launcher(_ env: Environment) -> (name: String, size: Int?)? {
        if let size = env["OMPI_COMM_WORLD_SIZE"] { return ("Open MPI's mpirun (OMPI_COMM_WORLD_SIZE=\(size))", Int(size)) }
        if let rank = env["PMIX_RANK"] { return ("a PMIx launcher (PMIX_RANK=\(rank))", nil) }
        if let size = env["PMI_SIZE"] { return ("a PMI launcher (PMI_SIZE=\(size))", Int(size)) }
        // SLURM_PROCID alone is also set inside a batch script; srun sets the step's size.
        if env["SLURM_PROCID"] != nil, let tasks = env["SLURM_STEP_NUM_TASKS"], let n = Int(tasks), n > 1 {
            return ("Slurm's srun (SLURM_STEP_NUM_TASKS=\(n))", n)
        }
        return nil
    }

    /// This process's rank as the launcher announced it (before MPI starts), 0 if unsaid.
    static func launcherRank(_ env: Environment) -> Int {
        Int(env["OMPI_COMM_WORLD_RANK"] ?? env["PMIX_RANK"] ?? env["PMI_RANK"] ?? env["SLURM_PROCID"] ?? "0") ?? 0
    }

    /// Loads `libmpi`, initialises MPI and reads this process's rank; throws a message
    /// naming the library and how to install it.
    init(launcher: (name: String, size: Int?), env: Environment) throws(LoadError) {
        let library = env["REGULA_MPI_LIBRARY"] ?? Self.defaultLibrary
        let install = "install Open MPI 4 (Debian/Ubuntu: apt-get install openmpi-bin; the library is in libopenmpi3) or set REGULA_MPI_LIBRARY to the path of Open MPI's libmpi.so"
        // Global: Open MPI's plugins, which it opens itself, resolve symbols in libmpi.
        guard let handle = dlopen(library, RTLD_NOW | RTLD_GLOBAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "not found"
            throw LoadError(message: "started by \(launcher.name), but cannot load the MPI library \(library): \(reason); \(install)")
        }
        func symbol<T>(_ name: String, as type: T.Type) throws(LoadError) -> T {
            guard let address = dlsym(handle, name) else {
                throw LoadError(message: "\(library) has no symbol \(name): it is not Open MPI 4 (MPICH is not supported); \(install)")
            }
            return unsafeBitCast(address, to: type)
        }
        func object(_ name: String) throws(LoadError) -> Handle {
            guard let address = dlsym(handle, name) else {
                throw LoadError(message: "\(library) has no symbol \(name): it is not Open MPI 4 (MPICH is not supported); \(install)")
            }
            return address
        }
        let initThread = try symbol("MPI_Init_thread", as: InitThread.self)
        let commRank = try symbol("MPI_Comm_rank", as: CommQuery.self)
        let commSize = try symbol("MPI_Comm_size", as: CommQuery.self)
        allgather = try symbol("MPI_Allgather", as: Allgather.self)
        allgatherv = try symbol("MPI_Allgatherv", as: Allgatherv.self)
        abortJob = try symbol("MPI_Abort", as: Abort.self)
        finalizeJob = try symbol("MPI_Finalize", as: Finalize.self)
        world = try object("ompi_mpi_comm_world")
        byte = try object("ompi_mpi_byte")

        var provided: Int32 = 0
        guard initThread(nil, nil, Self.threadSerialized, &provided) == 0 else {
            throw LoadError(message: "MPI_Init_thread failed in \(library) (started by \(launcher.name))")
        }
        var rank: Int32 = 0, size: Int32 = 0
        _ = commRank(world, &rank)
        _ = commSize(world, &size)
        self.rank = Int(rank)
        self.size = Int(size)
        if let expected = launcher.size, expected != self.size {
            // Open MPI's library under another launcher (MPICH's mpiexec) starts as N
            // independent singletons: each would run and print the whole script.
            _ = finalizeJob()
            throw LoadError(message: "started by \(launcher.name), but \(library) sees a job of \(size) process(es): the launcher is not Open MPI's (MPICH is not supported); run with Open MPI's mpirun or srun --mpi=pmix")
        }
    }

    func allGather(_ bytes: [UInt8]) -> [[UInt8]] {
        guard bytes.count <= Int(Int32.max) else { abort("a result of \(bytes.count) bytes is more than MPI can send at once") }
        // First every process's length, then the bytes themselves.
        var length = Int64(bytes.count).littleEndian
        var lengths = [Int64](repeating: 0, count: size)
        let status = lengths.withUnsafeMutableBytes { out in
            allgather(&length, 8, byte, out.baseAddress, 8, byte, world)
        }
        guard status == 0 else { abort("MPI_Allgather failed (error \(status))") }
        let counts = lengths.map { Int(Int64(littleEndian: $0)) }
        var displacements: [Int32] = [], total = 0
        for count in counts {
            guard total <= Int(Int32.max) - count else { abort("the results exchanged are more than MPI can gather at once (2 GiB)") }
            displacements.append(Int32(total))
            total += count
        }
        var gathered = [UInt8](repeating: 0, count: total)
        let counts32 = counts.map { Int32($0) }
        let status2 = bytes.withUnsafeBytes { input in
            gathered.withUnsafeMutableBytes { out in
                allgatherv(input.baseAddress, Int32(bytes.count), byte, out.baseAddress, counts32, displacements, byte, world)
            }
        }
        guard status2 == 0 else { abort("MPI_Allgatherv failed (error \(status2))") }
        return counts.indices.map { i in Array(gathered[Int(displacements[i])..<(Int(displacements[i]) + counts[i])]) }
    }

    func abort(_ message: String) -> Never {
        Console.writeAll(2, Array("error: MPI process \(rank) of \(size): \(message); stopping every process\n".utf8))
        _ = abortJob(world, 1)
        _exit(1)
    }

    /// Ends MPI; every process calls it once, after its last exchange.
    func finalize() { _ = finalizeJob() }
}
