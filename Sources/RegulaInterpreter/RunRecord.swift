import Foundation
import RegulaNN

/// A run record (`regula run --record FILE`): everything needed to re-run a script to the
/// same numbers and to tell when they differ. Its JSON schema is documented in
/// `docs/reproducibility.md`; `schema` is bumped on any incompatible change.
public struct RunRecord {
    /// The schema version this build writes and reads.
    public static let schemaVersion = 1
    /// The largest record file `read(path:)` accepts.
    public static let maxBytes = 256 << 20

    /// A script the run executed: the main script or an import.
    public struct SourceCopy: Equatable {
        /// As the command line or the importing file named it.
        public var path: String
        /// Absolute, with `.` and `..` removed (imports are served by this key on verify).
        public var resolvedPath: String
        public var sha256: String
        public var text: String
    }

    /// What the host asked for: `--seed`, `--threads`, `--param` (values as typed).
    public struct Invocation: Equatable {
        public var seed: UInt64?
        public var threads: Int
        public var params: [String: String]
        /// MPI processes that ran the script (`mpirun -n N`), 1 without MPI. Like the
        /// thread count it is environment: verify re-runs in one process and any N gives
        /// the same results.
        public var processes: Int

        public init(seed: UInt64?, threads: Int, params: [String: String], processes: Int = 1) {
            self.seed = seed
            self.threads = threads
            self.params = params
            self.processes = processes
        }
    }

    public var regulaVersion: String
    /// UTC, ISO 8601.
    public var created: String
    public var platform: PlatformInfo
    public var invocation: Invocation
    public var workingDirectory: String
    /// The effective seed (`--seed`, else the script's last `seed`), nil if none was set.
    public var seed: UInt64?
    /// The resolved `param`s: `{name, value, overridden}` objects in declaration order.
    public var params: JSONValue
    public var script: SourceCopy
    public var imports: [SourceCopy]
    public var files: [RunJournal.FileRead]
    /// Result files written (weights from `save`): `{path, resolved_path, kind, size, sha256}`.
    public var written: [RunJournal.FileRead]
    /// Journal entries by kind (`train`, `evaluate`, `cross_validate`), in call order.
    public var calls: [(kind: String, entries: [JSONValue])]
    /// Everything the program printed to standard output.
    public var output: String
    /// `succeeded`, `failed` or `interrupted`.
    public var status: String
    /// The errors that ended a failed run: `{id, message, file, line, column}`.
    public var errors: [JSONValue]
    public var wallTimeSeconds: Double

    /// The kinds every record lists, even when empty.
    static let standardKinds = ["train", "evaluate", "cross_validate"]
    /// Kinds a record lists only when the script made such calls (`fit`, `path`).
    static let optionalKinds = ["fit", "path"]

    /// The record as JSON, members in the documented order.
    public var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("schema", .number(Double(Self.schemaVersion))),
            ("regula_version", .string(regulaVersion)),
            ("created", .string(created)),
            ("platform", platform.json),
            ("invocation", .object([
                ("seed", invocation.seed.map { .number(String($0)) } ?? .null),
                ("threads", .number(Double(invocation.threads))),
                ("processes", .number(Double(invocation.processes))),
                ("params", .object(invocation.params.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ])),
            ("working_directory", .string(workingDirectory)),
            ("seed", seed.map { .number(String($0)) } ?? .null),
            ("params", params),
            ("script", Self.json(script)),
            ("imports", .array(imports.map(Self.json))),
            ("files", .array(files.map(Self.json))),
            ("written", .array(written.map(Self.json))),
        ]
        for (kind, entries) in calls { members.append((kind, .array(entries))) }
        members += [
            ("output", .string(output)),
            ("status", .string(status)),
            ("errors", .array(errors)),
            ("wall_time_seconds", .number(wallTimeSeconds)),
        ]
        return .object(members)
    }

    private static func json(_ file: RunJournal.FileRead) -> JSONValue {
        .object([("path", .string(file.path)), ("resolved_path", .string(file.resolvedPath)),
                 ("kind", .string(file.kind)), ("size", .number(Double(file.size))), ("sha256", .string(file.sha256))])
    }

    private static func json(_ copy: SourceCopy) -> JSONValue {
        .object([("path", .string(copy.path)), ("resolved_path", .string(copy.resolvedPath)),
                 ("sha256", .string(copy.sha256)), ("text", .string(copy.text))])
    }

    /// Writes the record atomically (a temporary file renamed over `path`).
    public func write(to path: String) throws {
        try AtomicFile.write(Array(json.serialized().utf8), to: path)
    }

    /// Reads and validates a record file; the error says what is wrong and where.
    public static func read(path: String) throws(RunRecordError) -> (record: RunRecord, json: JSONValue) {
        let data: [UInt8]
        do {
            data = try FileReader.read(path, limit: maxBytes)
        } catch {
            switch error {
            case .notFound: throw RunRecordError("cannot read '\(path)': no such file")
            case .tooLarge: throw RunRecordError("'\(path)' is too large to be a run record (more than \(FileReader.describe(bytes: maxBytes)))")
            default: throw RunRecordError("cannot read '\(path)': \(error.reason)")
            }
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse(data)
        } catch {
            throw RunRecordError("'\(path)' is not valid JSON: \(error.message) (at byte \(error.offset))")
        }
        do {
            return (try RunRecord(json: json), json)
        } catch {
            throw RunRecordError("'\(path)' is not a valid run record: \(error.message)")
        }
    }

    /// Builds a record from its JSON, checking every field verify relies on.
    public init(json: JSONValue) throws(RunRecordError) {
        let reader = RecordReader(json)
        let schema = try reader.integer("schema")
        guard schema == Self.schemaVersion else {
            throw RunRecordError("schema \(schema) is not supported (this regula reads schema \(Self.schemaVersion))")
        }
        regulaVersion = try reader.string("regula_version")
        created = (try? reader.string("created")) ?? ""
        let platformJSON = json["platform"], blasJSON = json["blas"]
        platform = PlatformInfo(
            os: platformJSON?["os"]?.asString ?? "", arch: platformJSON?["arch"]?.asString ?? "",
            cpu: platformJSON?["cpu"]?.asString ?? "",
            logicalCPUs: platformJSON?["logical_cpus"]?.asDouble.flatMap { Int(exactly: $0) } ?? 0,
            kernels: platformJSON?["kernels"]?.asString ?? blasJSON?["core"]?.asString.map { "OpenBLAS \($0)" } ?? "")
        let threads = try reader.integer("invocation.threads")
        guard (1...InterpreterOptions.maxThreads).contains(threads) else {
            throw RunRecordError("invocation.threads must be between 1 and \(InterpreterOptions.maxThreads)")
        }
        var hostParams: [String: String] = [:]
        for (name, value) in try reader.object("invocation.params") {
            guard let text = value.asString else { throw RunRecordError("invocation.params.\(InputText.clipped(name)) must be a string") }
            hostParams[name] = text
        }
        // Records from before MPI have no process count: one process.
        let processes = json["invocation"]?["processes"]?.asDouble.flatMap { Int(exactly: $0) } ?? 1
        invocation = Invocation(seed: try reader.optionalSeed("invocation.seed"), threads: threads, params: hostParams, processes: max(1, processes))
        workingDirectory = try reader.string("working_directory")
        seed = try reader.optionalSeed("seed")
        params = json["params"] ?? .array([])
        script = try reader.source("script")
        imports = try reader.array("imports").indices.map { (i) throws(RunRecordError) in try reader.source("imports[\(i)]") }
        files = try reader.array("files").indices.map { (i) throws(RunRecordError) in try reader.file("files[\(i)]") }
        written = try reader.array("written").indices.map { (i) throws(RunRecordError) in try reader.file("written[\(i)]") }
        var calls: [(kind: String, entries: [JSONValue])] = []
        for kind in Self.standardKinds {
            calls.append((kind, json[kind] == nil ? [] : try reader.array(kind)))
        }
        for kind in Self.optionalKinds where json[kind] != nil {
            calls.append((kind, try reader.array(kind)))
        }
        self.calls = calls
        output = try reader.string("output")
        status = try reader.string("status")
        errors = json["errors"]?.asArray ?? []
        wallTimeSeconds = json["wall_time_seconds"]?.asDouble ?? 0
    }

    init(regulaVersion: String, created: String, platform: PlatformInfo, invocation: Invocation, workingDirectory: String,
         seed: UInt64?, params: JSONValue, script: SourceCopy, imports: [SourceCopy], files: [RunJournal.FileRead],
         written: [RunJournal.FileRead], calls: [(kind: String, entries: [JSONValue])], output: String, status: String, errors: [JSONValue],
         wallTimeSeconds: Double) {
        self.regulaVersion = regulaVersion
        self.created = created
        self.platform = platform
        self.invocation = invocation
        self.workingDirectory = workingDirectory
        self.seed = seed
        self.params = params
        self.script = script
        self.imports = imports
        self.files = files
        self.written = written
        self.calls = calls
        self.output = output
        self.status = status
        self.errors = errors
        self.wallTimeSeconds = wallTimeSeconds
    }
}

/// A run record that cannot be read or is not valid.
public struct RunRecordError: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
