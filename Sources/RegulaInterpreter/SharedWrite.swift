import RegulaNN

/// A file write under MPI: process 0 writes (all processes would otherwise write the same
/// bytes to the same shared file), then every process learns whether it worked, so that a
/// failed write stops all of them at the same statement. Inside a unit of divided work,
/// the process that runs the unit writes.
enum SharedWrite {
    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    static func perform(_ context: Evaluator, _ write: () throws -> Void) throws {
        guard let group = context.activeGroup else { return try write() }
        var failure: Error?
        if group.rank == 0 {
            do { try write() } catch { failure = error }
        }
        let outcomes = group.allGather(failure.map { Array(String(describing: $0).utf8) } ?? [])
        if let failure { throw failure }
        if !outcomes[0].isEmpty { throw Failed(description: String(decoding: outcomes[0], as: UTF8.self)) }
    }
}
