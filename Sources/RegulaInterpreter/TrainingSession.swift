import Foundation
import RegulaSyntax

/// Per-interpreter state of the training library (kept with `Evaluator.state`): how many
/// random draws each purpose has made, so that every random stream is a function of the
/// session seed and the purpose's own counter. Inserting a `print`, `evaluate` or
/// `summary` never moves a counter, so it never changes a number. A `seed` statement
/// starts every counter again from zero (like `torch.manual_seed`).
final class TrainingSession {
    /// The seed when neither a `seed` statement nor the host's `--seed` gave one.
    static let defaultSeed: UInt64 = 0

    /// `train` calls so far: the k-th uses the shuffling and dropout streams with index k.
    var trainRuns: UInt64 = 0
    /// `cross_validate` calls so far.
    var crossValidations: UInt64 = 0
    /// `path` calls so far (their folds and training runs).
    var paths: UInt64 = 0
    /// `split` calls so far (splitting stream, index k).
    var splits: UInt64 = 0
    /// `kfold` calls so far.
    var kfolds: UInt64 = 0
    /// `synthetic_regression` / `synthetic_classification` calls so far.
    var syntheticRegressions: UInt64 = 0
    var syntheticClassifications: UInt64 = 0
    /// `randn` calls so far.
    var randomTensors: UInt64 = 0
    /// Warnings already given, by id and call site (a `train` in a loop warns once). A
    /// call site is a source file object and an offset: each REPL entry is a new file.
    var warned: Set<String> = []
    /// The source files of those call sites, kept alive so their identities stay unique.
    private var warnedSources: [ObjectIdentifier: SourceFile] = [:]

    /// Index ranges that keep the users of one stream apart (a `kfold` never draws the
    /// same permutation as a `split`).
    enum Offset {
        static let kfold: UInt64 = 1 << 32
        static let crossValidation: UInt64 = 2 << 32
        static let classification: UInt64 = 1 << 32
        static let randn: UInt64 = 2 << 32
        static let path: UInt64 = 3 << 32
    }

    func restart() {
        trainRuns = 0
        crossValidations = 0
        paths = 0
        splits = 0
        kfolds = 0
        syntheticRegressions = 0
        syntheticClassifications = 0
        randomTensors = 0
    }

    static func of(_ context: Evaluator) -> TrainingSession {
        context.state(TrainingSession.self) { TrainingSession() }
    }

    /// The seed in force: the host's `--seed`, else the last `seed` statement, else 0.
    static func seed(_ context: Evaluator) -> UInt64 { context.defaults.seed ?? defaultSeed }

    /// Reports a warning once per id and call site.
    func warnOnce(_ context: Evaluator, _ message: String, id: String, at span: Span, hint: String? = nil) {
        let source = context.currentSource
        guard warned.insert(Self.warningKey(id: id, source: source, span: span)).inserted else { return }
        warnedSources[ObjectIdentifier(source)] = source
        context.warn(message, id: id, at: span, hint: hint)
    }

    static func warningKey(id: String, source: SourceFile, span: Span) -> String {
        "\(id)@\(ObjectIdentifier(source).hashValue):\(span.start)"
    }

    /// Notes a warning replayed from a unit that ran apart (`ScriptUnits`): true when it
    /// is new at its call site, so it is shown.
    func noteReplayed(_ warning: Diagnostic) -> Bool {
        guard let source = warning.source, let span = warning.span else { return true }
        warnedSources[ObjectIdentifier(source)] = source
        return warned.insert(Self.warningKey(id: warning.id, source: source, span: span)).inserted
    }

    /// The stream counters, saved and restored around units of divided work.
    struct Counters {
        var values: [UInt64]
    }

    var counters: Counters {
        get { Counters(values: [trainRuns, crossValidations, paths, splits, kfolds, syntheticRegressions, syntheticClassifications, randomTensors]) }
        set {
            let v = newValue.values
            (trainRuns, crossValidations, paths, splits, kfolds) = (v[0], v[1], v[2], v[3], v[4])
            (syntheticRegressions, syntheticClassifications, randomTensors) = (v[5], v[6], v[7])
        }
    }

    /// A stable 64-bit mix of the seed and a model's name (FNV-1a, then SplitMix64's
    /// finaliser), so a model's initial weights depend on the seed and its name only.
    static func modelSeed(_ seed: UInt64, name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        var z = seed ^ hash
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
