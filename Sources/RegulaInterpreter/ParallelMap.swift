import RegulaNN
import RegulaSyntax

/// `pmap(xs, f)`: `map` whose items are independent units (`ScriptUnits`), divided among
/// the processes of `mpirun -n N regula run`. So that its results and output are the same
/// for any N (and without MPI):
/// - each item starts from the session as it was before the call: its own random streams
///   (`train`, `split`, ... inside `f` draw from streams of the item's index), the same
///   experiment settings, and nothing another item changed;
/// - `f` may not assign to variables or change models made outside it (the change would
///   stay on the process that ran the item): a located error says so, with or without MPI;
/// - `f` returns values that can travel between processes: numbers, strings, bools, none,
///   lists, records and tensors;
/// - what items print appears in item order when the call ends.
enum ParallelMap {
    /// Item `i`'s random streams start at `(i + 1) · itemStreams` past the session's.
    static let itemStreams: UInt64 = 1 << 20

    static func run(_ call: BuiltinCall) throws -> Value {
        let items = try call.list("list")
        let function = call.value("function") ?? .none
        guard case .function(let f) = function else { throw call.typeError("function", expected: "a function", got: function) }
        let context = call.context
        let session = TrainingSession.of(context)
        let counters = session.counters, defaults = context.defaults
        var outer: Set<ObjectIdentifier> = [ObjectIdentifier(context.globals)]
        if case .user(_, let closure, _) = f.kind {
            var scope: Environment? = closure
            while let current = scope {
                outer.insert(ObjectIdentifier(current))
                scope = current.parent
            }
        }
        var units = ScriptUnits(call: call)
        units.capturesAlways = true
        let saved = context.isolation
        defer {
            context.isolation = saved
            session.counters = counters
            context.defaults = defaults
        }
        let results = try units.map(items.count) { i in
            var streams = counters
            streams.values = streams.values.map { $0 &+ UInt64(i + 1) &* itemStreams }
            session.counters = streams
            context.defaults = defaults
            context.isolation = (outer.union(saved?.outerScopes ?? []), ModelObject.nextSerial)
            let value = try call.call(function, [items[i]])
            if let bad = ValueExchange.unexchangeable(value) {
                throw call.error("function", "the function returned \(bad) for item \(i): only numbers, strings, bools, none, lists, records and tensors can travel between processes",
                                 id: "type-error", hint: "return the numbers the item computes, e.g. a record of scores")
            }
            return value
        }
        return .list(ValueList(results))
    }
}
