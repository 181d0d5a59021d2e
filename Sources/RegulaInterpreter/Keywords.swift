import RegulaSyntax

/// The language's reserved and contextual keywords, for completion and "did you mean".
enum Keywords {
    static var all: [String] {
        Keyword.allCases.map(\.rawValue) + ContextualKeyword.allCases.map(\.rawValue)
    }
}
