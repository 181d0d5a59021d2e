import RegulaNN
import RegulaSyntax
import RegulaTensor

/// The values, errors and diagnostics that travel between MPI processes (the results of
/// `cross_validate`'s folds, a network `path`'s λ-chains, `pmap`'s items): numbers,
/// strings, bools, none, lists, records and tensors, every number by its bits. A source
/// file travels by name and text and comes back as this process's own copy, so that a
/// located error prints the same on every process.
struct ValueExchange {
    /// The sources errors may point into: every process has loaded the same ones.
    let sources: [SourceFile]

    /// What a value that cannot travel is, e.g. "a model", for the error that says so.
    static func unexchangeable(_ value: Value) -> String? {
        switch value {
        case .none, .bool, .number, .string: return nil
        case .list(let items):
            for item in items { if let bad = unexchangeable(item) { return bad } }
            return nil
        case .record(let record):
            for item in record.values { if let bad = unexchangeable(item) { return bad } }
            return nil
        case .host(let object) where object is TensorObject: return nil
        default: return RuntimeMessages.describe(value)
        }
    }

    // MARK: Values

    /// Writes `value`, which `unexchangeable` accepted.
    static func encode(_ value: Value, into writer: inout ExchangeWriter) {
        switch value {
        case .none:
            writer.uint8(0)
        case .bool(let b):
            writer.uint8(1)
            writer.bool(b)
        case .number(let x):
            writer.uint8(2)
            writer.double(x)
        case .string(let s):
            writer.uint8(3)
            writer.string(s)
        case .list(let items):
            writer.uint8(4)
            writer.int(items.count)
            for item in items { encode(item, into: &writer) }
        case .record(let record):
            writer.uint8(5)
            writer.int(record.names.count)
            for (name, item) in zip(record.names, record.values) {
                writer.string(name)
                encode(item, into: &writer)
            }
        case .host(let object as TensorObject):
            writer.uint8(6)
            writer.int(object.tensor.shape.count)
            for n in object.tensor.shape { writer.int(n) }
            writer.floats(object.tensor.scalars)
        default:
            // `unexchangeable` refused it before it ran; none keeps the stream whole.
            writer.uint8(0)
        }
    }

    static func decodeValue(_ reader: inout ExchangeReader) -> Value? {
        switch reader.uint8() {
        case 0: return Value.none
        case 1: return reader.bool().map { .bool($0) }
        case 2: return reader.double().map { .number($0) }
        case 3: return reader.string().map { .string($0) }
        case 4:
            guard let count = reader.count() else { return nil }
            var items: [Value] = []
            for _ in 0..<count {
                guard let item = decodeValue(&reader) else { return nil }
                items.append(item)
            }
            return .list(ValueList(items))
        case 5:
            guard let count = reader.count() else { return nil }
            var fields: [(String, Value)] = []
            for _ in 0..<count {
                guard let name = reader.string(), let item = decodeValue(&reader) else { return nil }
                fields.append((name, item))
            }
            return .record(Record(fields))
        case 6:
            guard let rank = reader.count() else { return nil }
            var shape: [Int] = []
            for _ in 0..<rank {
                guard let n = reader.int(), n >= 0 else { return nil }
                shape.append(n)
            }
            guard let scalars = reader.floats(), scalars.count == shape.reduce(1, *) else { return nil }
            return TensorObject.value(Tensor(shape: shape, scalars: scalars))
        default:
            return nil
        }
    }

    // MARK: Sources and spans

    private static func encode(_ source: SourceFile?, into writer: inout ExchangeWriter) {
        writer.optional(source) { writer, source in
            writer.string(source.name)
            writer.string(source.text)
        }
    }

    private func decodeSource(_ reader: inout ExchangeReader) -> SourceFile?? {
        reader.optional { reader -> SourceFile? in
            guard let name = reader.string(), let text = reader.string() else { return nil }
            return sources.last { $0.name == name && $0.text == text } ?? SourceFile(name: name, text: text)
        }
    }

    private static func encode(_ span: Span?, into writer: inout ExchangeWriter) {
        writer.optional(span) { writer, span in
            writer.int(span.start)
            writer.int(span.end)
        }
    }

    private static func decodeSpan(_ reader: inout ExchangeReader) -> Span?? {
        reader.optional { reader -> Span? in
            guard let start = reader.int(), let end = reader.int() else { return nil }
            return Span(start: start, end: end)
        }
    }

    private static func encode(_ frames: [StackFrame], into writer: inout ExchangeWriter) {
        writer.int(frames.count)
        for frame in frames {
            writer.string(frame.function)
            encode(frame.span, into: &writer)
            encode(frame.source, into: &writer)
        }
    }

    private func decodeFrames(_ reader: inout ExchangeReader) -> [StackFrame]? {
        guard let count = reader.count() else { return nil }
        var frames: [StackFrame] = []
        for _ in 0..<count {
            guard let function = reader.string(), let span = Self.decodeSpan(&reader), let span,
                  let source = decodeSource(&reader), let source else { return nil }
            frames.append(StackFrame(function: function, span: span, source: source))
        }
        return frames
    }

    private static func strings(_ values: [String], into writer: inout ExchangeWriter) {
        writer.int(values.count)
        for value in values { writer.string(value) }
    }

    private static func decodeStrings(_ reader: inout ExchangeReader) -> [String]? {
        guard let count = reader.count() else { return nil }
        var values: [String] = []
        for _ in 0..<count {
            guard let value = reader.string() else { return nil }
            values.append(value)
        }
        return values
    }

    // MARK: Errors and warnings

    /// A unit's failure. Errors that are not a script's (`RuntimeError`) travel as their
    /// description.
    static func encode(_ error: Error, into writer: inout ExchangeWriter) {
        let runtime = error as? RuntimeError ?? RuntimeError(String(describing: error))
        writer.string(runtime.id)
        writer.string(runtime.message)
        encode(runtime.span, into: &writer)
        encode(runtime.source, into: &writer)
        writer.optional(runtime.label) { $0.string($1) }
        writer.optional(runtime.hint) { $0.string($1) }
        strings(runtime.notes, into: &writer)
        encode(runtime.stack, into: &writer)
        encode(runtime.pendingCallSite?.span, into: &writer)
        encode(runtime.pendingCallSite?.source, into: &writer)
    }

    func decodeError(_ reader: inout ExchangeReader) -> RuntimeError? {
        guard let id = reader.string(), let message = reader.string(), let span = Self.decodeSpan(&reader),
              let source = decodeSource(&reader), let label = reader.optional({ $0.string() }), let hint = reader.optional({ $0.string() }),
              let notes = Self.decodeStrings(&reader), let stack = decodeFrames(&reader),
              let callSpan = Self.decodeSpan(&reader), let callSource = decodeSource(&reader) else { return nil }
        var error = RuntimeError(message, id: id, span: span, source: source, label: label, hint: hint, notes: notes)
        error.stack = stack
        if let callSpan, let callSource { error.pendingCallSite = (callSpan, callSource) }
        return error
    }

    static func encode(_ diagnostic: Diagnostic, into writer: inout ExchangeWriter) {
        writer.string(diagnostic.severity.rawValue)
        writer.string(diagnostic.id)
        writer.string(diagnostic.message)
        encode(diagnostic.source, into: &writer)
        encode(diagnostic.span, into: &writer)
        writer.optional(diagnostic.label) { $0.string($1) }
        strings(diagnostic.notes, into: &writer)
        writer.optional(diagnostic.hint) { $0.string($1) }
        encode(diagnostic.stack, into: &writer)
    }

    func decodeDiagnostic(_ reader: inout ExchangeReader) -> Diagnostic? {
        guard let severity = reader.string().flatMap(Severity.init(rawValue:)), let id = reader.string(), let message = reader.string(),
              let source = decodeSource(&reader), let span = Self.decodeSpan(&reader), let label = reader.optional({ $0.string() }),
              let notes = Self.decodeStrings(&reader), let hint = reader.optional({ $0.string() }), let stack = decodeFrames(&reader) else { return nil }
        return Diagnostic(severity: severity, id: id, message: message, source: source, span: span, label: label, notes: notes, hint: hint, stack: stack)
    }
}
