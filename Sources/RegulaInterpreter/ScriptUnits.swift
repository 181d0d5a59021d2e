import RegulaNN
import RegulaSyntax

/// Independent units of a script's work — the folds of `cross_validate`, the λ-chains of a
/// network `path`, the items of `pmap` — divided among the MPI processes. Units are dealt
/// round-robin; each process runs its own, one after another (their training uses its
/// threads), and the results travel to every process, so each holds what one process
/// would have computed. What a unit prints, warns and records in the run journal is held
/// and replayed in unit order; the first failing unit's error is raised on every process.
/// Without MPI the units run here, in order, and a failure stops at once.
struct ScriptUnits {
    let call: BuiltinCall
    /// Hold and replay a unit's prints, warnings and journal entries even in one process
    /// (`pmap`: its output must not depend on how many processes run it).
    var capturesAlways = false
    /// After each unit of a one-process run: true stops there (the REPL's Ctrl-C in
    /// `cross_validate` keeps the folds so far).
    var stopsAfter: (Value) -> Bool = { _ in false }

    /// One unit's run: its events in order, its journal entries, and its value or error.
    private struct Outcome {
        enum Event {
            case output(String)
            case diagnostic(Diagnostic)
        }
        var events: [Event] = []
        var journal = RunJournal.Changes()
        var result: Result<Value, Error> = .success(.none)
    }

    /// The units' values in unit order; `body(unit)` must give a value that
    /// `ValueExchange.unexchangeable` accepts.
    func map(_ count: Int, _ body: (Int) throws -> Value) throws -> [Value] {
        let context = call.context
        let group = context.activeGroup
        if group == nil && !capturesAlways {
            var values: [Value] = []
            for unit in 0..<count {
                context.unitDepth += 1
                defer { context.unitDepth -= 1 }
                let value = try body(unit)
                values.append(value)
                if stopsAfter(value) { break }
            }
            return values
        }
        let session = TrainingSession.of(context)
        let warned = session.warned
        var outcomes: [Outcome] = []
        if let group {
            let exchange = ValueExchange(sources: context.loadedSources)
            let encoded = group.exchange(count) { units in
                var results: [[UInt8]] = []
                var failed = false
                for unit in units {
                    // Units after a failure are not needed: the first failure ends the call.
                    if failed { results.append([]); continue }
                    session.warned = warned
                    let outcome = run(unit, body)
                    if case .failure = outcome.result { failed = true }
                    results.append(encode(outcome))
                }
                return results
            }
            for (unit, bytes) in encoded.enumerated() {
                if bytes.isEmpty { break }
                guard let outcome = decode(bytes, exchange) else { group.abort("the result of unit \(unit) does not decode") }
                outcomes.append(outcome)
                if case .failure = outcome.result { break }
            }
        } else {
            for unit in 0..<count {
                session.warned = warned
                let outcome = run(unit, body)
                outcomes.append(outcome)
                if case .failure = outcome.result { break }
            }
        }
        session.warned = warned
        var values: [Value] = []
        for outcome in outcomes {
            for event in outcome.events {
                switch event {
                case .output(let text): context.write(text)
                case .diagnostic(let diagnostic):
                    if diagnostic.severity != .warning || session.noteReplayed(diagnostic) { context.report(diagnostic) }
                }
            }
            context.journal.replay(outcome.journal)
            values.append(try outcome.result.get())
        }
        return values
    }

    /// Runs one unit with its prints, warnings and journal entries held.
    private func run(_ unit: Int, _ body: (Int) throws -> Value) -> Outcome {
        let context = call.context
        var outcome = Outcome()
        let (output, report) = (context.output, context.report)
        context.output = { outcome.events.append(.output($0)) }
        context.report = { outcome.events.append(.diagnostic($0)) }
        let mark = context.journal.mark
        context.unitDepth += 1
        outcome.result = Result { try body(unit) }
        context.unitDepth -= 1
        (context.output, context.report) = (output, report)
        outcome.journal = context.journal.take(since: mark)
        return outcome
    }

    // MARK: Encoding

    private func encode(_ outcome: Outcome) -> [UInt8] {
        var writer = ExchangeWriter()
        writer.int(outcome.events.count)
        for event in outcome.events {
            switch event {
            case .output(let text):
                writer.uint8(0)
                writer.string(text)
            case .diagnostic(let diagnostic):
                writer.uint8(1)
                ValueExchange.encode(diagnostic, into: &writer)
            }
        }
        encode(outcome.journal.files, into: &writer)
        writer.int(outcome.journal.entries.count)
        for entry in outcome.journal.entries {
            writer.string(entry.kind)
            ValueExchange.encode(entry.details, into: &writer)
        }
        encode(outcome.journal.writes, into: &writer)
        switch outcome.result {
        case .success(let value):
            writer.uint8(0)
            ValueExchange.encode(value, into: &writer)
        case .failure(let error):
            writer.uint8(1)
            ValueExchange.encode(error, into: &writer)
        }
        return writer.buffer
    }

    private func decode(_ bytes: [UInt8], _ exchange: ValueExchange) -> Outcome? {
        var reader = ExchangeReader(bytes)
        var outcome = Outcome()
        guard let events = reader.count() else { return nil }
        for _ in 0..<events {
            switch reader.uint8() {
            case 0:
                guard let text = reader.string() else { return nil }
                outcome.events.append(.output(text))
            case 1:
                guard let diagnostic = exchange.decodeDiagnostic(&reader) else { return nil }
                outcome.events.append(.diagnostic(diagnostic))
            default:
                return nil
            }
        }
        guard let files = decodeFiles(&reader), let entries = reader.count() else { return nil }
        outcome.journal.files = files
        for _ in 0..<entries {
            guard let kind = reader.string(), let details = ValueExchange.decodeValue(&reader) else { return nil }
            outcome.journal.entries.append(RunJournal.Entry(kind: kind, details: details))
        }
        guard let writes = decodeFiles(&reader) else { return nil }
        outcome.journal.writes = writes
        switch reader.uint8() {
        case 0:
            guard let value = ValueExchange.decodeValue(&reader) else { return nil }
            outcome.result = .success(value)
        case 1:
            guard let error = exchange.decodeError(&reader) else { return nil }
            outcome.result = .failure(error)
        default:
            return nil
        }
        return reader.isAtEnd ? outcome : nil
    }

    private func encode(_ files: [RunJournal.FileRead], into writer: inout ExchangeWriter) {
        writer.int(files.count)
        for file in files {
            writer.string(file.path)
            writer.string(file.resolvedPath)
            writer.string(file.kind)
            writer.int(file.size)
            writer.string(file.sha256)
        }
    }

    private func decodeFiles(_ reader: inout ExchangeReader) -> [RunJournal.FileRead]? {
        guard let count = reader.count() else { return nil }
        var files: [RunJournal.FileRead] = []
        for _ in 0..<count {
            guard let path = reader.string(), let resolved = reader.string(), let kind = reader.string(),
                  let size = reader.int(), let sha256 = reader.string() else { return nil }
            files.append(RunJournal.FileRead(path: path, resolvedPath: resolved, kind: kind, size: size, sha256: sha256))
        }
        return files
    }
}

extension Value {
    /// The field `name` of a record (a unit's result), nil otherwise.
    func field(_ name: String) -> Value? {
        if case .record(let record) = self { return record[name] }
        return nil
    }
}
