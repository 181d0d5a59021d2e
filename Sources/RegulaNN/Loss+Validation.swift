extension Loss {
    /// The loss's own parameter out of range, if any (`huber`'s `delta` must be a finite
    /// number > 0).
    public var invalidSetting: InvalidSetting? {
        guard case .huber(let delta) = self, !(delta > 0 && delta.isFinite) else { return nil }
        return InvalidSetting("delta", of: "huber", "delta must be a finite number > 0, got \(formatNumber(delta))")
    }
}
