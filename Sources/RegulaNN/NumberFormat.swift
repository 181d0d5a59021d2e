/// Numbers in descriptions: integral values without a decimal point (`3`), others in
/// Swift's shortest round-trip form (`0.001`, `1e-05`).
func formatNumber(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
}
