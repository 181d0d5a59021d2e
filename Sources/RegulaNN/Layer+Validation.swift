extension Layer {
    /// The layer's first out-of-range setting, if any, named as `dense(...)` and
    /// `dropout(p)` name their arguments: the one check of a layer's settings, made by
    /// `Model.init` and by a host when the layer is written.
    public var invalidSetting: InvalidSetting? {
        switch self {
        case .dense(let d):
            if d.units < 1 { return InvalidSetting("units", of: "dense", "units must be at least 1, got \(d.units)") }
            let penalties = [("penalty", d.penalty), ("bias_penalty", d.biasPenalty), ("activity_penalty", d.activityPenalty)]
            for case (let argument, let penalty?) in penalties {
                if let problem = penalty.invalidSetting { return InvalidSetting(argument, of: "dense", problem.description) }
            }
            if let activity = d.activityPenalty, let problem = DenseLayer.activityPenaltyProblem(activity) {
                return InvalidSetting("activity_penalty", of: "dense", problem)
            }
            if !d.hasBias, let penalty = d.biasPenalty, !penalty.isNone {
                // It would be accepted and do nothing.
                return InvalidSetting("bias_penalty", of: "dense", "a layer without a bias (bias: false) has no bias to penalise")
            }
            return nil
        case .dropout(let p):
            return p >= 0 && p < 1 ? nil : InvalidSetting("p", of: "dropout", "the dropout probability must be in [0, 1), got \(formatNumber(p))")
        case .activation, .function:
            return nil
        }
    }
}
