/// An out-of-range setting, with what a host needs to point at the argument that holds it:
/// the setting's name (as torch and the scripts spell it), what it belongs to, and why.
/// Each setting is checked once, by the engine; hosts locate the error from these fields
/// and do not re-check or re-word it.
public struct InvalidSetting: Error, Sendable, Equatable, CustomStringConvertible {
    /// The setting: a hyper-parameter (`lr`, `t_max`, `lam`, `delta`) or, for a training
    /// setting itself, `TrainingConfiguration.Setting`'s raw value (`epochs`, `batch_size`).
    public var setting: String
    /// What holds the setting, as the message names it (`adam`, `step_lr`, `l2`, `huber`);
    /// nil for a training setting.
    public var owner: String?
    /// Why, naming the setting: `lr must be a finite number ≥ 0, got -1`.
    public var reason: String
    /// The training setting it was found in, when `TrainingConfiguration` checked it.
    public var field: TrainingConfiguration.Setting?

    public init(_ setting: String, of owner: String? = nil, _ reason: String, field: TrainingConfiguration.Setting? = nil) {
        self.setting = setting
        self.owner = owner
        self.reason = reason
        self.field = field
    }

    /// `owner: reason`, or the reason alone for a training setting.
    public var description: String { owner.map { "\($0): \(reason)" } ?? reason }
}
