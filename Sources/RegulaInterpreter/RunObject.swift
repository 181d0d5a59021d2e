import Foundation
import RegulaNN

/// What `train` returns: the per-epoch history and the final losses.
/// Prints as `run(60 epochs, train_loss 0.0123, val_loss 0.2345, best epoch 41, completed)`.
final class RunObject: HostObject {
    let result: TrainingResult

    init(_ result: TrainingResult) { self.result = result }

    var typeName: String { "run" }

    var description: String {
        var parts = ["\(result.epochsRun) epoch\(result.epochsRun == 1 ? "" : "s")", "train_loss \(RunObject.short(result.trainLoss))"]
        if let v = result.validationLoss { parts.append("val_loss \(RunObject.short(v))") }
        parts.append("best epoch \(result.bestEpoch)")
        parts.append(RunObject.stopped(result.stopReason))
        return "run(" + parts.joined(separator: ", ") + ")"
    }

    var fieldNames: [String] { ["history", "train_loss", "val_loss", "best_epoch", "epochs_run", "stopped", "steps"] }

    func field(named name: String) throws -> Value? {
        switch name {
        case "history": return .list(result.history.map { .record(RunObject.record($0)) })
        case "train_loss": return .number(result.trainLoss)
        case "val_loss": return result.validationLoss.map { Value.number($0) } ?? Value.none
        case "best_epoch": return .number(Double(result.bestEpoch))
        case "epochs_run": return .number(Double(result.epochsRun))
        case "stopped": return .string(RunObject.stopped(result.stopReason))
        case "steps": return .number(Double(result.steps))
        default: return nil
        }
    }

    /// `completed`, `early stopped`, `interrupted`, or the divergence message.
    static func stopped(_ reason: StopReason) -> String {
        switch reason {
        case .completed: return "completed"
        case .earlyStopped: return "early stopped"
        case .cancelled: return "interrupted"
        case .diverged(let divergence): return divergence.message
        }
    }

    /// One history row: `{epoch, data_loss, penalty, total, val_loss, val_accuracy, lr, seconds}`
    /// (`val_*` are none without validation data; `val_accuracy` is none for regression).
    static func record(_ epoch: EpochRecord) -> Record {
        Record([
            ("epoch", .number(Double(epoch.epoch))),
            ("data_loss", .number(epoch.dataLoss)),
            ("penalty", .number(epoch.penalty)),
            ("total", .number(epoch.total)),
            ("val_loss", epoch.validationLoss.map { .number($0) } ?? .none),
            ("val_accuracy", epoch.validationAccuracy.map { .number($0) } ?? .none),
            ("lr", .number(epoch.learningRate)),
            ("seconds", .number(epoch.seconds)),
        ])
    }

    static func short(_ x: Double) -> String {
        x.isFinite ? String(format: "%.4g", x) : ValuePrinter.format(x)
    }

    static let expected = "a run (what train returns)"
}
