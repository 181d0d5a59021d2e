/// The version `regula --version` prints; the one place it is written down.
enum RegulaVersion {
    static let current = "0.1.0"
}
