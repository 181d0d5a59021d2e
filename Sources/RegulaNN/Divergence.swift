/// How a training run diverged: what turned NaN or infinite, where, and at what learning
/// rate, so a caller picks its advice from the cause instead of reading the message.
public struct Divergence: Sendable, Equatable {
    /// What turned non-finite.
    public enum Cause: Sendable, Equatable {
        /// The training objective (data loss plus penalties) became NaN (`isNaN`) or infinite.
        case lossNotFinite(isNaN: Bool)
        /// The objective was finite but the optimizer step made a weight NaN or infinite.
        case weightsNotFinite
        /// Finite weights scored the validation data as NaN or infinite (`problem` says
        /// which score and how, e.g. "loss is infinite"): the data's scale, not the step.
        case validationNotFinite(problem: String)
    }

    public var epoch: Int
    /// The step within the epoch (from 1); for a validation score, the epoch's last step.
    public var step: Int
    public var cause: Cause
    /// The learning rate of the epoch, after any schedule.
    public var learningRate: Double

    public init(epoch: Int, step: Int, cause: Cause, learningRate: Double) {
        self.epoch = epoch
        self.step = step
        self.cause = cause
        self.learningRate = learningRate
    }

    public var message: String {
        let prefix = "training diverged at epoch \(epoch), step \(step): "
        let suffix = " (learning rate too high?); keeping the weights of the last finite step"
        switch cause {
        case .lossNotFinite(let isNaN):
            return prefix + "the loss became \(isNaN ? "NaN" : "infinite")" + suffix
        case .weightsNotFinite:
            return prefix + "the weights became NaN or infinite" + suffix
        case .validationNotFinite(let problem):
            return "training stopped at epoch \(epoch): the validation \(problem); keeping the weights of epoch \(epoch)"
        }
    }
}
